"""The situation report as a file and as the weekly e-mail to subscribed leaders.

The weekly job runs hourly; from Monday 07:00 WITA it sends last week's report (Monday to
Sunday) to every active subscriber who has not had it, each built from what that reader may
see. A subscriber is marked sent only after the message left: a failure is retried next hour.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from waspada.areas.models import Area

from . import pdf, sitrep
from .models import SitrepSubscription
from .sitrep_map import level_map

logger = logging.getLogger("waspada.bulletins")
SEND_FROM_HOUR = 7  # Monday, local time


def pdf_for(user, period: str = "weekly", end: dt.date | None = None) -> tuple[bytes, str]:
    """The PDF of the report ``user`` may read, and its file name."""
    report = sitrep.build(user, period, end)
    regency = (
        Area.objects.filter(code=settings.WASPADA_REGENCY).values_list("name", flat=True).first()
    )
    data = pdf.render(report, regency_name=regency or "", level_map=level_map(report.levels))
    return data, f"laporan-situasi-{report.start:%Y%m%d}-{report.end:%Y%m%d}.pdf"


def week_to_send(now: dt.datetime) -> dt.date | None:
    """The Sunday ending the week to send now, or None before Monday 07:00 of the next."""
    local = timezone.localtime(now)
    last_sunday = local.date() - dt.timedelta(days=local.weekday() + 1)
    if local.weekday() == 0 and local.hour < SEND_FROM_HOUR:
        last_sunday -= dt.timedelta(days=7)
    return last_sunday


def subscribe(user, active: bool = True) -> SitrepSubscription:
    sub, _created = SitrepSubscription.objects.update_or_create(
        user=user, defaults={"active": active}
    )
    return sub


def send_weekly(now: dt.datetime | None = None) -> int:
    """Send last week's report to each subscriber who has not had it. Returns how many."""
    now = now or timezone.now()
    week_end = week_to_send(now)
    due = SitrepSubscription.objects.filter(active=True, user__is_active=True).exclude(
        last_sent_for__gte=week_end
    )
    sent = 0
    for sub in due.select_related("user"):
        user = sub.user
        if not user.email:
            continue
        with translation.override(settings.LANGUAGE_CODE):
            data, name = pdf_for(user, "weekly", week_end)
            subject = _("Waspada: situation report for the week ending %(date)s") % {
                "date": f"{week_end:%d-%m-%Y}"
            }
            body = _(
                "The weekly situation report is attached (PDF). It holds what your account "
                "may read; handle it according to its classification marking."
            )
        message = EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])
        message.attach(name, data, "application/pdf")
        try:
            message.send()
        except OSError:
            logger.exception("weekly situation report to %s failed", user.pk)
            continue
        with transaction.atomic():
            SitrepSubscription.objects.filter(pk=sub.pk).update(last_sent_for=week_end)
        sent += 1
    return sent
