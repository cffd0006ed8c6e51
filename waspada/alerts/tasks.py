"""Background work for alerts: sending, resuming stalled sends, escalation."""

from datetime import timedelta

from django.conf import settings
from django_tasks import task

from waspada.ops import periodic


@task()
def deliver_message(message_id: int) -> str:
    from .deliver import attempt

    return attempt(message_id)


@task()
def resume_stalled() -> int:
    """Messages whose retry is due or whose sender died."""
    from . import deliver

    return deliver.resume_stalled()


@task()
def escalate_due() -> int:
    """Alerts not acknowledged within their rule's window go to the next tier."""
    from . import services

    return len(services.escalate_due())


periodic.register(
    "alerts.resume_stalled",
    resume_stalled,
    timedelta(seconds=getattr(settings, "WASPADA_ALERTS_RESUME_SECONDS", 30)),
)
periodic.register("alerts.escalate_due", escalate_due, timedelta(minutes=1))


@task()
def evaluate_event(event_id: int) -> int:
    """Run the event rules on an event that was coded or changed."""
    from waspada.events.models import Event

    from . import engine

    event = Event.objects.filter(pk=event_id).select_related("area").first()
    return len(engine.event_changed(event)) if event is not None else 0


REPORT_TRIES = 40


@task()
def evaluate_report(report_id: int, tries: int = 0) -> int:
    """Run the report rules once the report has been analysed. Enqueued at the report's
    commit, usually before the analysis: it waits by enqueueing itself again (at once the
    first times, so that it lands behind the analysis in the queue, then a little later)."""
    from datetime import datetime

    from waspada.intake.models import Report

    from . import engine

    report = Report.objects.filter(pk=report_id).first()
    if report is None:
        return 0
    if report.analysed_at is None:
        if tries < REPORT_TRIES and evaluate_report.get_backend().supports_defer:
            from django.utils import timezone

            delay = timedelta(seconds=0 if tries < 3 else min(0.25 * tries, 5))
            run_after: datetime = timezone.now() + delay
            evaluate_report.using(run_after=run_after).enqueue(report_id, tries + 1)
        return 0
    return len(engine.report_analysed(report))
