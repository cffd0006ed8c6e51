"""``Authorization: Token wsp_…`` (or ``Bearer wsp_…``) for integrations."""

from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions

from .models import ApiToken

# last_used_at is written at most this often per token (per process), so that a request's
# only write is its own: the intake path commits once per report.
_TOUCH_EVERY = timedelta(minutes=1)


class ApiTokenAuthentication(authentication.BaseAuthentication):
    keywords = ("token", "bearer")

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower().decode("latin-1") not in self.keywords:
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(_("Malformed Authorization header."))
        try:
            raw = header[1].decode("ascii")
        except UnicodeDecodeError as e:
            raise exceptions.AuthenticationFailed(_("Malformed token.")) from e
        token = ApiToken.lookup(raw)
        if token is None or not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("Invalid or revoked token."))
        now = timezone.now()
        if token.last_used_at is None or now - token.last_used_at > _TOUCH_EVERY:
            # The instance is the one ApiToken.lookup keeps for this process: noting the time
            # on it is what keeps the next requests from writing again.
            token.last_used_at = now
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        return token.user, token

    def authenticate_header(self, request):
        return "Token"
