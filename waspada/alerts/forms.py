from django import forms
from django.utils.translation import gettext_lazy as _

from waspada.areas.models import Area
from waspada.events.vocab import Source

from . import transports
from .models import Alert, Channel, Subscription


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


class SubscriptionForm(forms.ModelForm):
    sources = forms.MultipleChoiceField(
        label=_("sources (none: any)"),
        choices=Source.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Subscription
        fields = ["areas", "sources", "min_level", "channels", "quiet_start", "quiet_end"]
        widgets = {
            "channels": forms.CheckboxSelectMultiple,
            "quiet_start": forms.TimeInput(attrs={"type": "time"}),
            "quiet_end": forms.TimeInput(attrs={"type": "time"}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["channels"].queryset = Channel.objects.filter(user=user, enabled=True)
        areas = Area.objects.kecamatan_of_regency().defer("geometry")
        scope = user.scope_codes()
        if scope is not None:
            areas = areas.filter(code__in=scope)
        self.fields["areas"].queryset = areas
        self.fields["areas"].required = False


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("status"), choices=Alert.Status.choices)
    case_ref = forms.CharField(label=_("response case"), max_length=60, required=False)
