"""Background work of the cases app and its schedule."""

from datetime import timedelta

from django.utils import timezone
from django_tasks import task

from waspada.ops import periodic


@task()
def send_action_reminders() -> int:
    from .reminders import send_due

    return send_due(timezone.localdate())


periodic.register("cases.action_reminders", send_action_reminders, timedelta(hours=1))
