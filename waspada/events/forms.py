from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from waspada.accounts.models import Classification
from waspada.areas.forms import AreaField
from waspada.areas.geo import kecamatan_choices
from waspada.areas.models import Area
from waspada.lib import validators
from waspada.lib.widgets import PickerInput, PlainDateInput, PlainSelect, PlainTextInput

from .vocab import ActorType, Form, Relevance, Source, TimePrecision, Verification


class AreaCodeField(forms.CharField):
    """A Kemendagri code typed or picked from the regency's kecamatan/desa list."""

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        area = Area.objects.defer("geometry").filter(code=value.strip()).first()
        if area is None:
            raise forms.ValidationError(_("Unknown area code."))
        return area


class EventForm(forms.Form):
    event_date = forms.DateField(
        label=_("Event date"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        validators=[validators.field_check(validators.event_date)],
    )
    time_precision = forms.TypedChoiceField(
        label=_("Date precision"),
        coerce=int,
        choices=TimePrecision.choices,
        initial=TimePrecision.DAY,
    )
    area = AreaField(label=_("Area (desa, kelurahan or kecamatan)"), required=False)
    location = forms.CharField(label=_("Place name"), required=False, max_length=200)
    latitude = forms.FloatField(label=_("Latitude"), required=False, min_value=-11, max_value=6)
    longitude = forms.FloatField(label=_("Longitude"), required=False, min_value=94, max_value=142)
    relevance = forms.ChoiceField(
        label=_("Relevance"), choices=Relevance.choices, initial=Relevance.INCIDENT
    )
    form = forms.ChoiceField(label=_("Form"), choices=[("", "—"), *Form.choices], required=False)
    sources = forms.MultipleChoiceField(
        label=_("Sources of conflict"),
        choices=Source.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    actor1 = forms.CharField(label=_("Actor 1"), required=False, max_length=200)
    actor1_type = forms.ChoiceField(
        label=_("Actor 1 type"), choices=[("", "—"), *ActorType.choices], required=False
    )
    actor2 = forms.CharField(label=_("Actor 2"), required=False, max_length=200)
    actor2_type = forms.ChoiceField(
        label=_("Actor 2 type"), choices=[("", "—"), *ActorType.choices], required=False
    )
    fatalities = forms.IntegerField(label=_("Fatalities"), min_value=0, initial=0)
    injured = forms.IntegerField(label=_("Injured"), min_value=0, initial=0)
    displaced = forms.IntegerField(label=_("Displaced"), min_value=0, initial=0)
    property_damage = forms.CharField(label=_("Property damage"), required=False, max_length=300)
    summary = forms.CharField(
        label=_("Summary (in Indonesian)"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    classification = forms.ChoiceField(
        label=_("Classification"), choices=Classification.choices, initial=Classification.BIASA
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].user = user

    def clean(self):
        data = super().clean()
        if (data.get("latitude") is None) != (data.get("longitude") is None):
            raise forms.ValidationError(_("Give both latitude and longitude, or neither."))
        if data.get("latitude") is not None:
            try:
                validators.point_in_indonesia(data["latitude"], data["longitude"])
            except forms.ValidationError as e:
                self.add_error("latitude", e)
        if data.get("relevance") != Relevance.NONE and not data.get("form"):
            self.add_error("form", _("Choose the form of the event."))
        return data

    def event_fields(self) -> tuple[dict, list]:
        data = dict(self.cleaned_data)
        sources = data.pop("sources", [])
        return data, sources


class FilterForm(forms.Form):
    date_from = forms.DateField(
        label=_("From"),
        required=False,
        widget=PlainDateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    date_to = forms.DateField(
        label=_("To"),
        required=False,
        widget=PlainDateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    kecamatan = forms.ChoiceField(label=_("Kecamatan"), required=False, widget=PlainSelect)
    source = forms.ChoiceField(
        label=_("Source"),
        required=False,
        choices=[("", _("all")), *Source.choices],
        widget=PlainSelect,
    )
    form = forms.ChoiceField(
        label=_("Form"),
        required=False,
        choices=[("", _("all")), *Form.choices],
        widget=PlainSelect,
    )
    verification = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("all")), *Verification.choices],
        widget=PlainSelect,
    )
    classification = forms.ChoiceField(
        label=_("Classification"),
        required=False,
        choices=[("", _("all")), *Classification.choices],
        widget=PlainSelect,
    )
    q = forms.CharField(label=_("Search"), required=False, max_length=200, widget=PlainTextInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kecamatan"].choices = [
            ("", _("all")),
            *kecamatan_choices(settings.WASPADA_REGENCY),
        ]


class ImportForm(forms.Form):
    file = forms.FileField(label=_("File (CSV in UTF-8 or XLSX)"))
    format = forms.ChoiceField(
        label=_("Format"),
        required=False,
        choices=[
            ("", _("detect")),
            ("waspada", "Waspada"),
            ("acled", "ACLED"),
            ("ucdp", "UCDP GED"),
        ],
    )

    MAX_BYTES = 20 * 1024 * 1024

    def clean_file(self):
        f = self.cleaned_data["file"]
        if f.size > self.MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than 20 MB."))
        return f


class MergeForm(forms.Form):
    duplicate = forms.IntegerField(
        label=_("The duplicate event (number, or search)"),
        min_value=1,
        widget=PickerInput("events:search", attrs={"inputmode": "search"}),
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )
