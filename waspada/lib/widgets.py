"""Form widgets rendered in Python.

Django renders every ``<option>`` of a ``Select`` through the template engine (about 0.2 ms
each); a filter bar with five selects over the regency's kecamatan, forms and sources cost
more than the 50-row table under it. These widgets give the same HTML from string building.
"""

import threading
import time
from collections import OrderedDict
from typing import Any

from django import forms
from django.forms.utils import flatatt
from django.forms.widgets import Input
from django.urls import reverse_lazy
from django.utils import translation
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


# Filter bars as HTML, per form class, language and query (see filter_bar).
_bars: OrderedDict[tuple[Any, ...], tuple[float, SafeString]] = OrderedDict()
_bars_lock = threading.Lock()
BAR_SECONDS = 300.0  # the choices come from reference data (the gazetteer's kecamatan)
MAX_BARS = 500


class PickerInput(forms.TextInput):
    """A text field that suggests records from the JSON view ``url_name`` as one types
    (static/js/picker.js); ``multiple``: several, separated by commas."""

    def __init__(
        self, url_name: str, *, multiple: bool = False, attrs: dict[str, Any] | None = None
    ) -> None:
        base: dict[str, Any] = {"data-picker": reverse_lazy(url_name)}
        if multiple:
            base["data-picker-multiple"] = "1"
        base["autocomplete"] = "off"
        super().__init__({**base, **(attrs or {})})


def filter_bar(form: forms.Form) -> SafeString:
    """``<label>Label <widget></label>`` for each field of a GET filter form, kept for
    ``BAR_SECONDS`` per form class, language and query string: drawn on every view of a list,
    the same for every user whose form has the same choices (only for forms whose choices do
    not depend on the user)."""
    data = form.data
    query: tuple[tuple[str, Any], ...]
    if hasattr(data, "lists"):  # a QueryDict: every value of each name
        query = tuple(sorted((k, tuple(v)) for k, v in data.lists()))
    else:
        query = tuple(sorted((k, str(v)) for k, v in data.items()))
    key = (type(form).__qualname__, translation.get_language(), query)
    now = time.monotonic()
    with _bars_lock:
        found = _bars.get(key)
        if found is not None and now - found[0] < BAR_SECONDS:
            _bars.move_to_end(key)
            return found[1]
    html = format_html_join(
        "", "<label>{} {}</label>", ((field.label, field.as_widget()) for field in form)
    )
    with _bars_lock:
        _bars[key] = (now, html)
        while len(_bars) > MAX_BARS:
            _bars.popitem(last=False)
    return html
