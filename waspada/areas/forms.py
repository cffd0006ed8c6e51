"""The area picker as a form field: a plain text input that takes a Kemendagri code or a name.

Without JavaScript the user types a name ("Rapak Lambur") or a code; with it
(static/js/picker.js) the input suggests areas as the user types and fills in the code.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from waspada.lib.widgets import PickerInput

from .search import Unresolved, resolve


class AreaPickerInput(PickerInput):
    def __init__(self, attrs=None):
        placeholder = {"placeholder": _("Name of the desa, kelurahan or kecamatan")}
        super().__init__("areas:search", attrs={**placeholder, **(attrs or {})})


class AreaField(forms.CharField):
    """One area of the regency, by code or by name; ``user`` (set by the form) ranks the
    user's own kecamatan first when a name is shared."""

    widget = AreaPickerInput

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 200)
        super().__init__(*args, **kwargs)
        self.user = None

    def prepare_value(self, value):
        return getattr(value, "code", value)

    def clean(self, value):
        value = super().clean(value)
        try:
            return resolve(value, self.user)
        except Unresolved as e:
            raise forms.ValidationError(str(e)) from e


class AreaListField(forms.CharField):
    """Several areas, separated by commas: codes or names."""

    widget = AreaPickerInput

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 1000)
        super().__init__(*args, **kwargs)
        self.widget.attrs["data-picker-multiple"] = "1"
        self.user = None

    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            return ", ".join(getattr(v, "code", str(v)) for v in value)
        return value

    def clean(self, value):
        value = super().clean(value) or ""
        parts = []
        for part in value.replace(";", ",").split(","):
            words = part.split()
            # "64.02.06 64.02.02": codes separated by spaces, as the old field took them
            if len(words) > 1 and all(w[:1].isdigit() for w in words):
                parts.extend(words)
            elif part.strip():
                parts.append(part.strip())
        areas, errors = [], []
        for part in parts:
            try:
                areas.append(resolve(part, self.user))
            except Unresolved as e:
                errors.append(f"{part}: {e}")
        if errors:
            raise forms.ValidationError(errors)
        return list({a.code: a for a in areas}.values())
