import re
import uuid

from django import forms
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from waspada.accounts.models import Classification
from waspada.areas.geo import kecamatan_choices
from waspada.areas.models import Area, Level
from waspada.lib.widgets import PickerInput, PlainDateInput, PlainSelect, filter_bar

from .drafts import Draft, DraftError, Raw, Upload, validate
from .models import Channel, Report, Status


def area_choices(first: set[str] | None = None):
    """Kecamatan as groups, each with itself (the whole kecamatan) and its desa; the
    kecamatan in ``first`` (a user's scope) come first, the rest by name."""
    rows = (
        Area.objects.in_regency()
        .filter(level__in=[Level.KECAMATAN, Level.DESA])
        .defer("geometry")
        .order_by("code")
    )
    groups: dict[str, list] = {}
    names: dict[str, str] = {}
    for area in rows:
        if area.level == Level.KECAMATAN:
            names[area.code] = area.name
            groups.setdefault(area.code, []).insert(
                0, (area.code, _("%(name)s (whole kecamatan)") % {"name": area.name})
            )
        else:
            groups.setdefault(area.kecamatan_code, []).append((area.code, str(area)))
    choices = [("", _("— not known —"))]
    first = first or set()
    for code in sorted(groups, key=lambda c: (c not in first, names.get(c, c))):
        choices.append((names.get(code, code), groups[code]))
    return choices


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        if not data:
            return []
        items = data if isinstance(data, list | tuple) else [data]
        return [super(MultipleFileField, self).clean(item, initial) for item in items]


class ReportForm(forms.Form):
    """The signed-in form. Checks are those of every channel (drafts.validate)."""

    text = forms.CharField(
        label=_("What happened?"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Who, what, where and when, as far as you know."),
        required=False,
    )
    title = forms.CharField(label=_("Short title (optional)"), required=False)
    occurred_at = forms.DateTimeField(
        label=_("When did it happen?"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d"],
    )
    area = forms.ChoiceField(label=_("Desa or kecamatan"), required=False)
    place_text = forms.CharField(
        label=_("Place (in your words)"),
        required=False,
        help_text=_("e.g. the road to the mine, near the market"),
    )
    lat = forms.CharField(
        label=_("Latitude"), required=False, widget=forms.TextInput(attrs={"inputmode": "decimal"})
    )
    lon = forms.CharField(
        label=_("Longitude"), required=False, widget=forms.TextInput(attrs={"inputmode": "decimal"})
    )
    attachments = MultipleFileField(
        label=_("Photos, recordings or documents"),
        required=False,
        widget=MultipleFileInput(attrs={"accept": "image/*,audio/*,application/pdf"}),
    )

    # A random id per rendered form: pressing "send" twice (or a re-sent POST) is one report.
    submission_id = forms.CharField(required=False, widget=forms.HiddenInput, max_length=32)

    channel = Channel.WEB

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        scope = user.scope_codes() if user is not None and user.is_authenticated else None
        self.fields["area"].choices = area_choices(scope)
        self.fields["submission_id"].initial = uuid.uuid4().hex
        self.draft: Draft | None = None

    def _number(self, name):
        value = (self.cleaned_data.get(name) or "").strip().replace(",", ".")
        if not value:
            return None
        try:
            return float(value)
        except ValueError:
            self.add_error(name, _("Enter a number, e.g. -0.4312."))
            return None

    def add_to_draft(self, draft: Draft) -> None:
        """Subclasses add their fields to the draft."""

    def clean(self):
        data = super().clean()
        lat, lon = self._number("lat"), self._number("lon")
        if self.errors:
            return data
        if (lat is None) != (lon is None):
            self.add_error("lat", _("Give both latitude and longitude, or neither."))
            return data
        draft = Draft(
            channel=self.channel,
            raw=Raw(body=b""),
            text=data.get("text", ""),
            title=data.get("title", ""),
            occurred_at=data.get("occurred_at"),
            area_code=data.get("area", ""),
            place_text=data.get("place_text", ""),
            lat=lat,
            lon=lon,
            uploads=[Upload(data=f.read(), name=f.name) for f in data.get("attachments", [])],
        )
        submission = data.get("submission_id") or ""
        if re.fullmatch(r"[0-9a-f]{32}", submission):
            draft.message_id = f"form:{submission}"
        draft.language = translation.get_language() or ""
        self.add_to_draft(draft)
        try:
            self.draft = validate(draft)
        except DraftError as e:
            field = {"location": "lat", "area": "area"}.get(e.field, e.field)
            self.add_error(field if field in self.fields else None, e.message)
        return data


class SignedInReportForm(ReportForm):
    classification = forms.ChoiceField(
        label=_("Classification"), choices=Classification.choices, initial=Classification.TERBATAS
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.user = user

    def add_to_draft(self, draft):
        draft.classification = self.cleaned_data.get("classification", "")
        # The reporter's area scope is checked with the draft (drafts.validate).
        draft.created_by = self.user


class PublicReportForm(ReportForm):
    """The anonymous form: identity optional, a honeypot field for robots."""

    channel = Channel.PUBLIC
    name = forms.CharField(label=_("Your name (optional)"), required=False, max_length=200)
    phone = forms.CharField(label=_("Your phone number (optional)"), required=False, max_length=30)
    email = forms.EmailField(label=_("Your e-mail (optional)"), required=False)
    # Hidden from people by CSS; robots fill it in.
    website = forms.CharField(label=_("Leave this field empty"), required=False)

    def add_to_draft(self, draft):
        identity = {k: self.cleaned_data.get(k, "") for k in ("name", "phone", "email")}
        draft.anonymous = not any(identity.values())
        draft.identity = None if draft.anonymous else identity
        draft.classification = settings.WASPADA_INTAKE_DEFAULT_CLASSIFICATION


class TrackForm(forms.Form):
    code = forms.CharField(
        label=_("Tracking code"),
        max_length=12,
        widget=forms.TextInput(attrs={"autocapitalize": "characters", "placeholder": "ABCD-2345"}),
    )

    def clean_code(self):
        code = self.cleaned_data["code"].strip().upper().replace(" ", "")
        if len(code) == 8 and "-" not in code:
            code = f"{code[:4]}-{code[4:]}"
        return code


class TriageFilterForm(forms.Form):
    # Widgets rendered in Python (waspada/lib/widgets.py): the filter bar is drawn on every
    # view of the triage queue.
    kecamatan = forms.ChoiceField(label=_("Kecamatan"), required=False, widget=PlainSelect)
    channel = forms.ChoiceField(
        label=_("Channel"),
        required=False,
        choices=[("", _("all"))] + Channel.choices,
        widget=PlainSelect,
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("open (new, in progress)"))] + [("all", _("all"))] + Status.choices,
        widget=PlainSelect,
    )
    classification = forms.ChoiceField(
        label=_("Classification"),
        required=False,
        choices=[("", _("all"))] + Classification.choices,
        widget=PlainSelect,
    )
    since = forms.DateField(
        label=_("From"), required=False, widget=PlainDateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label=_("Until"), required=False, widget=PlainDateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The gazetteer's kecamatan, kept by the process (areas.geo): one query fewer per view.
        kecamatan = sorted(kecamatan_choices(settings.WASPADA_REGENCY), key=lambda c: c[1])
        self.fields["kecamatan"].choices = [("", _("all")), *kecamatan]

    def bar(self):
        """The filter bar's fields as HTML (kept per language and query: lib.widgets)."""
        return filter_bar(self)

    def apply(self, reports):
        if not self.is_valid():
            return reports.filter(status__in=[Status.BARU, Status.DIPROSES])
        data = self.cleaned_data
        if data["kecamatan"]:
            reports = reports.filter(kecamatan_code=data["kecamatan"])
        if data["channel"]:
            reports = reports.filter(channel=data["channel"])
        if data["status"] == "":
            reports = reports.filter(status__in=[Status.BARU, Status.DIPROSES])
        elif data["status"] != "all":
            reports = reports.filter(status=data["status"])
        if data["classification"]:
            reports = reports.filter(classification=data["classification"])
        if data["since"]:
            reports = reports.filter(received_at__date__gte=data["since"])
        if data["until"]:
            reports = reports.filter(received_at__date__lte=data["until"])
        return reports


class TriageActionForm(forms.Form):
    ACTIONS = [
        ("status", _("Change status")),
        ("duplicate", _("Mark as duplicate of")),
        ("reject", _("Reject")),
        ("classify", _("Classify")),
        ("note", _("Add note")),
    ]
    action = forms.ChoiceField(choices=ACTIONS)
    status = forms.ChoiceField(
        required=False,
        choices=[(s.value, s.label) for s in (Status.DIPROSES, Status.TERVERIFIKASI, Status.BARU)],
    )
    duplicate_of = forms.CharField(
        label=_("The original report (tracking code, or search)"),
        required=False,
        widget=PickerInput("intake:search"),
    )
    reason = forms.CharField(
        label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    classification = forms.ChoiceField(required=False, choices=Classification.choices)
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    notify = forms.BooleanField(label=_("Tell the reporter on their channel"), required=False)

    def clean(self):
        data = super().clean()
        action = data.get("action")
        if action == "duplicate":
            code = (data.get("duplicate_of") or "").strip().upper()
            original = Report.objects.filter(tracking_code=code).first()
            if original is None:
                self.add_error("duplicate_of", _("No report with that tracking code."))
            data["original"] = original
        if action == "reject" and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Say why the report is rejected."))
        if action == "note" and not (data.get("note") or "").strip():
            self.add_error("note", _("The note is empty."))
        return data
