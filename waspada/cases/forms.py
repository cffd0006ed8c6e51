from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from waspada.accounts.models import Classification, Organisation
from waspada.areas.forms import AreaField, AreaListField
from waspada.events.vocab import Source
from waspada.lib.validators import field_check, planned_date
from waspada.lib.widgets import PickerInput

from .vocab import ActionType, Phase, Priority, Status

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class IdListField(forms.CharField):
    """Numbers separated by commas or spaces ("12, 15")."""

    def clean(self, value):
        value = super().clean(value) or ""
        parts = value.replace(",", " ").split()
        if not all(p.lstrip("#").isdigit() for p in parts):
            raise forms.ValidationError(_("Give numbers separated by commas."))
        return list(dict.fromkeys(int(p.lstrip("#")) for p in parts))


class CaseForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    summary = forms.CharField(
        label=_("Summary"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    area = AreaField(label=_("Main area (desa, kelurahan or kecamatan)"))
    other_areas = AreaListField(
        label=_("Other areas (names or codes, comma-separated)"), required=False
    )
    sources = forms.MultipleChoiceField(
        label=_("Sources of conflict"),
        choices=Source.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    phase = forms.ChoiceField(label=_("Phase"), choices=Phase.choices, initial=Phase.PENCEGAHAN)
    status = forms.ChoiceField(label=_("Status"), choices=Status.choices, initial=Status.BARU)
    priority = forms.TypedChoiceField(
        label=_("Priority"), choices=Priority.choices, coerce=int, initial=Priority.SEDANG
    )
    due_date = forms.DateField(
        label=_("Due date"), required=False, widget=DATE, validators=[field_check(planned_date)]
    )
    lead_organisation = forms.ModelChoiceField(
        label=_("Lead organisation"), queryset=Organisation.objects.all(), required=False
    )
    involved = forms.ModelMultipleChoiceField(
        label=_("Involved organisations"),
        queryset=Organisation.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"data-filter-list": _("Type to filter")}),
    )
    events = IdListField(
        label=_("Linked events (search, or numbers separated by commas)"),
        required=False,
        widget=PickerInput("events:search", multiple=True),
    )
    alerts = IdListField(
        label=_("Linked alerts (search, or numbers separated by commas)"),
        required=False,
        widget=PickerInput("alerts:search", multiple=True),
    )
    groups = forms.ModelMultipleChoiceField(
        label=_("Community groups"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"data-filter-list": _("Type to filter")}),
    )
    classification = forms.ChoiceField(
        label=_("Classification"), choices=Classification.choices, initial=Classification.TERBATAS
    )

    def __init__(self, *args, groups=None, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].user = user
        self.fields["other_areas"].user = user
        from waspada.community.models import CommunityGroup

        self.fields["groups"].queryset = (
            groups if groups is not None else CommunityGroup.objects.none()
        )


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=Status.choices)
    phase = forms.ChoiceField(label=_("Phase"), choices=Phase.choices)
    note = forms.CharField(label=_("Note"), required=False, max_length=1000)
    outcome = forms.CharField(
        label=_("Outcome (when closing)"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def clean(self):
        data = super().clean()
        if data.get("status") == Status.SELESAI and not data.get("outcome"):
            self.add_error("outcome", _("Say what came of the case before closing it."))
        return data


class ActionForm(forms.Form):
    type = forms.ChoiceField(label=_("Type"), choices=ActionType.choices)
    date = forms.DateField(
        label=_("Date"),
        widget=DATE,
        initial=timezone.localdate,
        validators=[field_check(planned_date)],
    )
    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.all(), required=False
    )
    people = forms.CharField(label=_("People"), required=False, max_length=300)
    description = forms.CharField(
        label=_("What was done"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )
    outcome = forms.CharField(
        label=_("Outcome"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    follow_up_due = forms.DateField(
        label=_("Follow-up due"),
        required=False,
        widget=DATE,
        validators=[field_check(planned_date)],
    )


class DoneForm(forms.Form):
    outcome = forms.CharField(label=_("Outcome"), required=False, max_length=5000)


class MeetingForm(forms.Form):
    date = forms.DateField(
        label=_("Date"),
        widget=DATE,
        initial=timezone.localdate,
        validators=[field_check(planned_date)],
    )
    place = forms.CharField(label=_("Place"), required=False, max_length=200)
    chair = forms.CharField(label=_("Chair"), required=False, max_length=200)
    classification = forms.ChoiceField(
        label=_("Classification"), choices=Classification.choices, initial=Classification.TERBATAS
    )


class NotesForm(forms.Form):
    notes = forms.CharField(
        label=_("Minutes notes"),
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 6}),
    )


class AttendanceForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    position = forms.CharField(label=_("Position"), required=False, max_length=200)
    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.all(), required=False
    )


class DecisionForm(forms.Form):
    text = forms.CharField(
        label=_("Decision"), max_length=5000, widget=forms.Textarea(attrs={"rows": 2})
    )
    case = forms.ModelChoiceField(
        label=_("Case (the decision becomes an action of it)"), queryset=None, required=False
    )
    action_type = forms.ChoiceField(
        label=_("Action type"), choices=[("", "—"), *ActionType.choices], required=False
    )
    organisation = forms.ModelChoiceField(
        label=_("Responsible organisation"), queryset=Organisation.objects.all(), required=False
    )
    due = forms.DateField(
        label=_("Due"), required=False, widget=DATE, validators=[field_check(planned_date)]
    )

    def __init__(self, *args, cases=None, **kwargs):
        super().__init__(*args, **kwargs)
        from .models import Case

        self.fields["case"].queryset = cases if cases is not None else Case.objects.none()
