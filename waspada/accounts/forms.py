from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from . import audit
from .lockout import is_locked_out
from .models import AuditLog


class LoginForm(AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        "locked_out": _(
            "Too many failed sign-ins. This account is locked for a while; try again later "
            "or ask an administrator."
        ),
    }

    def clean(self):
        username = self.cleaned_data.get("username")
        if username and is_locked_out(username):
            audit.record(AuditLog.Action.LOCKED_OUT, request=self.request, username=username)
            raise forms.ValidationError(self.error_messages["locked_out"], code="locked_out")
        return super().clean()


class TokenForm(forms.Form):
    token = forms.CharField(
        label=_("Code from your authenticator app"),
        max_length=8,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )

    def clean_token(self):
        token = self.cleaned_data["token"].replace(" ", "")
        if not token.isdigit():
            raise forms.ValidationError(_("The code is made of digits only."))
        return token
