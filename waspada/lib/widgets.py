"""Form widgets rendered in Python.

Django renders every ``<option>`` of a ``Select`` through the template engine (about 0.2 ms
each); a filter bar with five selects over the regency's kecamatan, forms and sources cost
more than the 50-row table under it. These widgets give the same HTML from string building.
"""

from typing import Any

from django import forms
from django.forms.utils import flatatt
from django.forms.widgets import Input
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

SELECTED = mark_safe(" selected")


class PlainSelect(forms.Select):
    """A single ``<select>`` of flat (ungrouped) choices."""

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        chosen = {str(v) for v in self.format_value(value)}
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                ("" if v is None else v, SELECTED if str(v) in chosen else "", label)
                for v, label in self.choices
            ),
        )
        return format_html(
            '<select name="{}"{}>{}</select>',
            name,
            flatatt(self.build_attrs(self.attrs, attrs)),
            options,
        )


class _PlainInput(Input):
    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        value = self.format_value(value)
        return format_html(
            '<input type="{}" name="{}"{}{}>',
            self.input_type,
            name,
            format_html(' value="{}"', value) if value is not None else "",
            flatatt(self.build_attrs(self.attrs, attrs)),
        )


class PlainTextInput(_PlainInput, forms.TextInput):
    pass


class PlainDateInput(_PlainInput, forms.DateInput):
    pass
