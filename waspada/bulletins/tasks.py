"""Background work of the bulletins app and its schedule."""

from datetime import timedelta

from django_tasks import task

from waspada.ops import periodic


@task()
def send_weekly_sitrep() -> int:
    from .sitrep_delivery import send_weekly

    return send_weekly()


periodic.register("bulletins.weekly_sitrep", send_weekly_sitrep, timedelta(hours=1))
