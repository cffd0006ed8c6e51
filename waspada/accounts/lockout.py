"""Temporary lockout after repeated failed sign-ins: passwords counted from the audit log, wrong
two-factor codes by a counter on the user that only a right code resets."""

from datetime import timedelta

from django.conf import settings
from django.db.models import F
from django.utils import timezone

from .models import AuditLog, User


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


def otp_locked_out(user: User) -> bool:
    """Too many wrong codes: locked until WASPADA_LOCKOUT_MINUTES after the last one."""
    row = User.objects.filter(pk=user.pk).values_list("otp_failures", "otp_failed_at").first()
    if row is None:
        return False
    failures, failed_at = row
    window = timedelta(minutes=settings.WASPADA_LOCKOUT_MINUTES)
    return (
        failures >= settings.WASPADA_LOCKOUT_ATTEMPTS
        and failed_at is not None
        and failed_at > timezone.now() - window
    )


def record_otp_failure(user: User) -> None:
    User.objects.filter(pk=user.pk).update(
        otp_failures=F("otp_failures") + 1, otp_failed_at=timezone.now()
    )


def clear_otp_failures(user: User) -> None:
    User.objects.filter(pk=user.pk).exclude(otp_failures=0).update(
        otp_failures=0, otp_failed_at=None
    )
