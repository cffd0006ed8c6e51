"""Temporary lockout after repeated failed sign-ins, counted from the audit log."""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from .models import AuditLog


def recent_failures(username: str) -> int:
    since = timezone.now() - timedelta(minutes=settings.WASPADA_LOCKOUT_MINUTES)
    last_success = (
        AuditLog.objects.filter(username__iexact=username, action=AuditLog.Action.LOGIN)
        .values_list("at", flat=True)
        .first()
    )
    if last_success and last_success > since:
        since = last_success
    return AuditLog.objects.filter(
        username__iexact=username,
        action__in=[AuditLog.Action.LOGIN_FAILED, AuditLog.Action.OTP_FAILED],
        at__gt=since,
    ).count()


def is_locked_out(username: str) -> bool:
    return recent_failures(username) >= settings.WASPADA_LOCKOUT_ATTEMPTS
