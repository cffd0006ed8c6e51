"""Sign-in events go to the audit log."""

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from . import audit
from .models import AuditLog


@receiver(user_logged_in)
def on_login(sender, request, user, **kwargs):
    audit.record(AuditLog.Action.LOGIN, request=request, actor=user)


@receiver(user_logged_out)
def on_logout(sender, request, user, **kwargs):
    if user is not None:
        audit.record(AuditLog.Action.LOGOUT, request=request, actor=user)


@receiver(user_login_failed)
def on_login_failed(sender, credentials, request=None, **kwargs):
    audit.record(
        AuditLog.Action.LOGIN_FAILED, request=request, username=credentials.get("username", "")
    )
