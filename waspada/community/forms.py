import re
import uuid

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from waspada.accounts.models import Classification, Organisation
from waspada.areas.models import Area, Level
from waspada.events.vocab import Source
from waspada.lib.validators import field_check, planned_date

from .vocab import ActivityType, GroupType, RelationKind

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def area_choices(user) -> list:
    """Kecamatan in the user's scope, each followed by its desa, grouped for a phone's picker."""
    areas = (
        Area.objects.in_regency()
        .filter(level__in=[Level.KECAMATAN, Level.DESA])
        .only("code", "name", "level")
        .order_by("code")
    )
    scope = user.scope_codes() if user is not None else None
    groups: dict[str, list] = {}
    names: dict[str, str] = {}
    for a in areas:
        kec = a.kecamatan_code
        if scope is not None and kec not in scope:
            continue
        if a.level == Level.KECAMATAN:
            names[kec] = a.name
            groups.setdefault(kec, []).insert(0, (a.code, f"Kec. {a.name}"))
        else:
            groups.setdefault(kec, []).append((a.code, f"– {a}"))
    return [("", "—")] + [(names.get(k, k), opts) for k, opts in groups.items()]


def default_area(user) -> str:
    """Where a user most likely works: their organisation's area, else their only kecamatan."""
    if user.organisation_id and user.organisation.area_id:
        return user.organisation.area_id
    scope = user.scope_codes()
    if scope and len(scope) == 1:
        return next(iter(scope))
    return ""


class AreaChoiceField(forms.ChoiceField):
    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        return Area.objects.defer("geometry").get(code=value)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class PhotosField(forms.FileField):
    widget = MultipleFileInput(
        attrs={"accept": "image/jpeg,image/png,image/webp", "multiple": True}
    )
    MAX_PHOTOS = 5

    def clean(self, data, initial=None):
        from waspada.intake.files import AttachmentError, check, strippable

        uploads = data if isinstance(data, list | tuple) else [data] if data else []
        if len(uploads) > self.MAX_PHOTOS:
            raise forms.ValidationError(_("At most %(n)s photos.") % {"n": self.MAX_PHOTOS})
        photos = []
        for upload in uploads:
            content = upload.read()
            try:
                content_type = check(content)
            except AttachmentError as e:
                raise forms.ValidationError(str(e)) from e
            if not strippable(content_type):
                raise forms.ValidationError(_("Only photos (JPEG, PNG, WebP) are accepted."))
            photos.append(content)
        return photos


class EngagementForm(forms.Form):
    """Short on purpose: a Binkom is recorded in a minute on a phone; the rest is optional."""

    type = forms.ChoiceField(
        label=_("Activity"),
        choices=ActivityType.choices,
        initial=ActivityType.BINKOM,
        widget=forms.RadioSelect,
    )
    date = forms.DateField(
        label=_("Date"),
        widget=DATE,
        initial=timezone.localdate,
        validators=[field_check(planned_date)],
    )
    area = AreaChoiceField(label=_("Where (kecamatan or desa)"))
    venue = forms.CharField(
        label=_("Venue"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"placeholder": _("e.g. Aula Kodim")}),
    )
    title = forms.CharField(label=_("Theme"), required=False, max_length=200)
    speakers = forms.CharField(label=_("Speakers"), required=False, max_length=300)
    attendees = forms.CharField(
        label=_("Who attended"),
        required=False,
        max_length=300,
        widget=forms.TextInput(attrs={"placeholder": _("e.g. community leaders")}),
    )
    participants = forms.IntegerField(
        label=_("Number of participants"),
        required=False,
        min_value=0,
        max_value=100000,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    groups = forms.ModelMultipleChoiceField(
        label=_("Groups present"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    topics = forms.MultipleChoiceField(
        label=_("Topics (sources of conflict)"),
        choices=Source.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    organisers = forms.ModelMultipleChoiceField(
        label=_("Organisers"), queryset=Organisation.objects.all(), required=False
    )
    outcomes = forms.CharField(
        label=_("Outcomes"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    follow_ups = forms.CharField(
        label=_("Follow-ups"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    photos = PhotosField(label=_("Photos"), required=False)
    classification = forms.ChoiceField(
        label=_("Classification"), choices=Classification.choices, initial=Classification.BIASA
    )
    # A random id per rendered form: the same form sent twice is one activity.
    submission_id = forms.CharField(required=False, max_length=64, widget=forms.HiddenInput)

    def __init__(self, *args, user, groups, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["submission_id"].initial = uuid.uuid4().hex
        self.fields["area"].choices = area_choices(user)
        self.fields["groups"].queryset = groups
        if not self.is_bound:
            self.initial.setdefault("area", default_area(user))
            if user.organisation_id:
                self.initial.setdefault("organisers", [user.organisation_id])

    QUICK = ("type", "date", "area", "venue", "title", "speakers", "attendees", "participants")

    def clean_submission_id(self):
        # one the page did not make (an old page, a hand-made request) just means no dedup
        value = self.cleaned_data["submission_id"]
        return value if re.fullmatch(r"[0-9a-f]{32}", value) else ""


class GroupForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    type = forms.ChoiceField(label=_("Type"), choices=GroupType.choices)
    area = AreaChoiceField(label=_("Home area"))
    areas = forms.MultipleChoiceField(
        label=_("Other areas where active"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    notes = forms.CharField(
        label=_("Notes"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )
    classification = forms.ChoiceField(
        label=_("Classification"), choices=Classification.choices, initial=Classification.BIASA
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        choices = area_choices(user)
        self.fields["area"].choices = choices
        self.fields["areas"].choices = choices[1:]
        if not self.is_bound:
            self.initial.setdefault("area", default_area(user))

    def clean_areas(self):
        return list(Area.objects.defer("geometry").filter(code__in=self.cleaned_data["areas"]))


class LeaderForm(forms.Form):
    position = forms.CharField(label=_("Position"), required=False, max_length=100)
    name = forms.CharField(label=_("Name"), max_length=200)
    phone = forms.CharField(label=_("Phone"), required=False, max_length=40)
    address = forms.CharField(label=_("Address"), required=False, max_length=300)
    note = forms.CharField(label=_("Note"), required=False, max_length=500)


class RelationForm(forms.Form):
    other = forms.ModelChoiceField(label=_("Other group"), queryset=None)
    kind = forms.ChoiceField(label=_("Relation"), choices=RelationKind.choices)
    note = forms.CharField(label=_("Note"), required=False, max_length=300)

    def __init__(self, *args, groups, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["other"].queryset = groups
