"""Background work for alerts: the rules on each change handed over by ``waspada/pipeline.py``
(a report analysed, an event changed, risk levels moved), sending, resuming stalled sends,
escalation."""

import logging
from datetime import timedelta

from django.conf import settings
from django_tasks import task

from waspada.ops import periodic

logger = logging.getLogger("waspada.alerts")


# Who is told comes first: a message waits for no recomputation of scores or forecast.
DELIVERY_PRIORITY = 20
RULES_PRIORITY = 10


@task(priority=DELIVERY_PRIORITY)
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


@task(priority=RULES_PRIORITY)
def evaluate_event(event_id: int) -> int:
    """Run the event rules on an event that was coded or changed."""
    from waspada.events.models import Event

    from . import engine

    event = Event.objects.filter(pk=event_id).select_related("area").first()
    return len(engine.event_changed(event)) if event is not None else 0


@task(priority=-20)
def evaluate_imported_events(batch_id: int, kecamatan_code: str) -> int:
    """The event rules on the events one import created in one kecamatan: one task per
    kecamatan instead of one per row (bulk work, behind live work in the queue)."""
    from waspada.events.models import Event

    from . import engine

    events = Event.objects.filter(import_batch_id=batch_id, kecamatan_code=kecamatan_code)
    raised = 0
    for event in events.select_related("area").order_by("pk").iterator(chunk_size=500):
        raised += len(engine.event_changed(event))
    return raised


@task(priority=RULES_PRIORITY)
def evaluate_report(report_id: int) -> int:
    """Run the report rules on a report that has just been analysed."""
    from waspada.intake.models import Report

    from . import engine

    report = Report.objects.filter(pk=report_id).first()
    return len(engine.report_analysed(report)) if report is not None else 0


@task(priority=RULES_PRIORITY)
def evaluate_risk_changes(change_ids: list[int]) -> int:
    """Run the risk-level rules on the level changes of one recomputation. One failing change
    does not stop the others (they are evaluated, then the task fails with the first error so
    that it shows on the status page)."""
    from waspada.risk.models import RiskLevelChange

    from . import engine

    raised, failed = 0, None
    changes = RiskLevelChange.objects.filter(pk__in=change_ids).select_related("area")
    for change in changes.defer("area__geometry").order_by("pk"):
        try:
            raised += len(
                engine.risk_level_changed(
                    area=change.area,
                    source=change.source or None,
                    old=change.old_level,
                    new=change.new_level,
                    score=change.score,
                    change=change,
                )
            )
        except Exception as e:  # the other areas still get their alerts
            logger.exception("alerts: evaluating risk level change %s failed", change.pk)
            failed = failed or e
    if failed is not None:
        raise failed
    return raised
