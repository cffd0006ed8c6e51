from django import forms
from django.utils.translation import gettext_lazy as _

from waspada.events.vocab import Source

from .models import AreaProfile
from .profiles import format_composition, parse_composition


class MapFilter(forms.Form):
    level = forms.ChoiceField(
        label=_("Areas"),
        required=False,
        choices=[("kecamatan", _("Kecamatan")), ("desa", _("Desa/kelurahan"))],
    )
    source = forms.ChoiceField(
        label=_("Source"), required=False, choices=[("", _("all sources")), *Source.choices]
    )
    window = forms.TypedChoiceField(label=_("Period"), required=False, coerce=int)

    def __init__(self, *args, windows=(7, 30, 90), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["window"].choices = [(w, _("last %(n)d days") % {"n": w}) for w in windows]
        self.windows = windows

    def values(self) -> dict:
        data = self.cleaned_data if self.is_valid() else {}
        return {
            "level": data.get("level") or "kecamatan",
            "source": data.get("source") or "",
            "window": data.get("window") or self.windows[-1],
        }


class CompositionField(forms.CharField):
    def prepare_value(self, value):
        return format_composition(value) if isinstance(value, dict) else value

    def to_python(self, value):
        value = super().to_python(value)
        try:
            return parse_composition(value or "")
        except ValueError as e:
            raise forms.ValidationError(
                _('Write "group: percent; group: percent", adding up to at most 100 (%(e)s).'),
                params={"e": e},
            ) from e


class ProfileForm(forms.ModelForm):
    religions = CompositionField(
        label=_("Religious composition (%)"),
        required=False,
        help_text=_("e.g. islam: 85; kristen: 10; katolik: 5"),
    )
    ethnicities = CompositionField(
        label=_("Ethnic composition (%)"),
        required=False,
        help_text=_("e.g. kutai: 40; jawa: 25; bugis: 20; banjar: 15"),
    )

    class Meta:
        model = AreaProfile
        fields = [
            "population",
            "religions",
            "ethnicities",
            "poverty_rate",
            "mining_concessions",
            "plantation_concessions",
            "forestry_concessions",
            "concession_area_pct",
            "boundary_disputes",
            "fkdm_present",
            "past_conflicts",
            "data_year",
            "data_source",
            "notes",
        ]

    def clean(self):
        data = super().clean()
        for name in ("poverty_rate", "concession_area_pct"):
            v = data.get(name)
            if v is not None and not 0 <= v <= 100:
                self.add_error(name, _("A percentage lies between 0 and 100."))
        return data


class ImportForm(forms.Form):
    file = forms.FileField(label=_("CSV or XLSX file"))

    def clean_file(self):
        f = self.cleaned_data["file"]
        if not f.name.lower().endswith((".csv", ".xlsx")):
            raise forms.ValidationError(_("Upload a .csv or .xlsx file."))
        if f.size > 5 * 1024 * 1024:
            raise forms.ValidationError(_("The file is larger than 5 MB."))
        return f
