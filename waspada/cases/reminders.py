"""Reminders for actions whose follow-up is due or overdue, sent through the alert transports.

Each action gets at most two reminders: one when its follow-up falls due (the day before
and on the day), one when it is overdue. ``Action.reminded`` remembers what was sent, so the
daily job can run any number of times.

Recipients: the organisation responsible for the action (its alert channels) and the person
who recorded the action (their channels, or e-mail at their account's address).
"""

from datetime import date, timedelta

from django.conf import settings
from django.db import transaction
from django.urls import reverse

from .models import Action
from .vocab import OPEN_STATUSES

DUE_AHEAD = timedelta(days=1)


def kind_of(action: Action, today: date) -> str:
    """ "due", "overdue" or "" (nothing to send) for one action today."""
    if action.done_at is not None or action.follow_up_due is None:
        return ""
    if action.follow_up_due < today:
        return "overdue" if action.reminded != "overdue" else ""
    if action.follow_up_due <= today + DUE_AHEAD:
        return "due" if action.reminded == "" else ""
    return ""


def candidates(today: date):
    return (
        Action.objects.pending()
        .filter(case__status__in=OPEN_STATUSES, follow_up_due__lte=today + DUE_AHEAD)
        .exclude(reminded="overdue")
        .select_related("case", "organisation", "created_by")
    )


def _text(action: Action, kind: str) -> tuple[str, str]:
    case = action.case
    if kind == "overdue":
        subject = f"Waspada: tindak lanjut terlambat – kasus #{case.pk}"
        lead = f"Tindak lanjut sudah lewat tenggat ({action.follow_up_due:%d-%m-%Y})."
    else:
        subject = f"Waspada: tindak lanjut jatuh tempo – kasus #{case.pk}"
        lead = f"Tindak lanjut jatuh tempo {action.follow_up_due:%d-%m-%Y}."
    text = (
        f"{lead}\nKasus #{case.pk}: {case.title}\n"
        f"Tindakan: {action.get_type_display()} ({action.date:%d-%m-%Y})\n"
        f"{action.description}\n"
    )
    return subject, text


def send_due(today: date) -> int:
    """Send every reminder due ``today``; return how many actions were reminded."""
    from waspada.alerts.deliver import send

    site = getattr(settings, "SITE_URL", "").rstrip("/")
    sent = 0
    for action in candidates(today):
        kind = kind_of(action, today)
        if not kind:
            continue
        subject, text = _text(action, kind)
        link = site + reverse("cases:detail", args=[action.case_id])
        with transaction.atomic():
            recipients = [r for r in (action.organisation, action.created_by) if r is not None]
            for recipient in recipients:
                send(
                    recipient,
                    subject,
                    text,
                    link=link,
                    topic=f"case:{action.case_id}:action:{action.pk}:{kind}",
                    payload={
                        "case": action.case_id,
                        "action": action.pk,
                        "reminder": kind,
                        "follow_up_due": action.follow_up_due.isoformat(),
                    },
                )
            Action.objects.filter(pk=action.pk).update(reminded=kind)
        sent += 1
    return sent
