from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from waspada.accounts.models import Organisation, User
from waspada.areas.models import Area
from waspada.events.vocab import Form, Source

from . import transports
from .models import Alert, Channel, Rule, Subscription


class ChannelForm(forms.ModelForm):
    class Meta:
        model = Channel
        fields = ["kind", "address", "label", "secret"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"] = forms.ChoiceField(
            label=_("transport"),
            choices=[(k, t.label) for k, t in transports.REGISTRY.items() if t.enabled()],
        )

    def clean(self):
        data = super().clean()
        kind, address = data.get("kind"), data.get("address")
        if kind and address:
            try:
                data["address"] = transports.get(kind).clean_address(address)
            except ValueError as e:
                self.add_error("address", str(e))
        return data


class _LanguageDefault:
    """The language of messages may be left out: the site's language then."""

    def clean_language(self):
        return self.cleaned_data.get("language") or settings.LANGUAGE_CODE


class SubscriptionForm(_LanguageDefault, forms.ModelForm):
    sources = forms.MultipleChoiceField(
        label=_("sources (none: any)"),
        choices=Source.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Subscription
        fields = [
            "areas",
            "sources",
            "min_level",
            "channels",
            "language",
            "quiet_start",
            "quiet_end",
        ]
        widgets = {
            "channels": forms.CheckboxSelectMultiple,
            "quiet_start": forms.TimeInput(attrs={"type": "time"}),
            "quiet_end": forms.TimeInput(attrs={"type": "time"}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["channels"].queryset = Channel.objects.filter(user=user, enabled=True)
        self.fields["language"].required = False
        areas = Area.objects.kecamatan_of_regency().defer("geometry")
        scope = user.scope_codes()
        if scope is not None:
            areas = areas.filter(code__in=scope)
        self.fields["areas"].queryset = areas
        self.fields["areas"].required = False


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("status"), choices=Alert.Status.choices)
    case_ref = forms.CharField(label=_("response case"), max_length=60, required=False)


class RuleForm(forms.ModelForm):
    """A rule as analysts and admins edit it (``/peringatan/aturan/``)."""

    sources = forms.MultipleChoiceField(
        label=_("sources (none: any)"),
        choices=Source.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    forms = forms.MultipleChoiceField(
        label=_("event forms (none: the rule's default)"),
        choices=Form.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Rule
        fields = [
            "name",
            "kind",
            "is_active",
            "level",
            "areas",
            "sources",
            "forms",
            "min_severity",
            "min_fatalities",
            "awas_fatalities",
            "awas_desa",
            "include_reports",
            "count",
            "window_hours",
            "ack_minutes",
            "throttle_minutes",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["areas"].queryset = Area.objects.kecamatan_of_regency().defer("geometry")
        self.fields["areas"].required = False

    def clean(self):
        data = super().clean()
        if (data.get("min_severity") or 0) > 5:
            self.add_error("min_severity", _("Severity runs from 0 to 5."))
        if data.get("kind") in ("event_count", "hate_speech") and not data.get("count"):
            self.add_error("count", _("A count rule needs a number of at least 1."))
        if data.get("kind") in ("event_count", "hate_speech") and not data.get("window_hours"):
            self.add_error("window_hours", _("A count rule needs a window of at least 1 hour."))
        return data


class ManagedSubscriptionForm(_LanguageDefault, forms.ModelForm):
    """A subscription for any user or organisation, with its channel, set up by an analyst
    or admin."""

    user = forms.ModelChoiceField(
        label=_("user"), queryset=User.objects.filter(is_active=True), required=False
    )
    organisation = forms.ModelChoiceField(
        label=_("organisation"), queryset=Organisation.objects.all(), required=False
    )
    kind = forms.ChoiceField(label=_("transport"))
    address = forms.CharField(
        label=_("address"),
        max_length=500,
        help_text=_("E-mail address, Telegram chat id, phone number or webhook URL"),
    )
    secret = forms.CharField(
        label=_("signing secret"),
        max_length=200,
        required=False,
        help_text=_("Webhooks only: the key of the HMAC-SHA256 signature"),
    )
    sources = forms.MultipleChoiceField(
        label=_("sources (none: any)"),
        choices=Source.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Subscription
        fields = ["user", "organisation", "areas", "sources", "min_level", "tier", "language"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [
            (k, t.label) for k, t in transports.REGISTRY.items() if t.enabled()
        ]
        self.fields["areas"].queryset = Area.objects.kecamatan_of_regency().defer("geometry")
        self.fields["areas"].required = False
        self.fields["language"].required = False
        self.order_fields(["user", "organisation", "kind", "address", "secret"])

    def clean(self):
        data = super().clean()
        if bool(data.get("user")) == bool(data.get("organisation")):
            raise forms.ValidationError(_("Choose either a user or an organisation."))
        kind, address = data.get("kind"), data.get("address")
        if kind and address:
            try:
                data["address"] = transports.get(kind).clean_address(address)
            except ValueError as e:
                self.add_error("address", str(e))
        return data
