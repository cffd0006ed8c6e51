"""Connections to other apps: the risk app's level changes, events being coded or changed.
Each receiver hands the change to ``engine`` once the transaction has committed."""

import logging

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver

from waspada.events.models import Event
from waspada.intake.models import Report

from . import engine

logger = logging.getLogger("waspada.alerts")


@receiver(post_save, sender=Event, dispatch_uid="alerts.event_saved")
def event_saved(sender, instance, **kwargs):
    from .tasks import evaluate_event

    pk = instance.pk
    transaction.on_commit(lambda: evaluate_event.enqueue(pk))


@receiver(post_save, sender=Report, dispatch_uid="alerts.report_saved")
def report_saved(sender, instance, created, **kwargs):
    """A new report: its rules run once the analysis (enqueued by intake) is stored."""
    from .tasks import evaluate_report

    if created:
        pk = instance.pk
        transaction.on_commit(lambda: evaluate_report.enqueue(pk))


def risk_level_changed(sender, area, source, old, new, score, change=None, **kwargs):
    # The risk app sends this after its transaction committed; alerts are raised here, in
    # the risk worker's task, so a new level is never lost between two queues.
    engine.risk_level_changed(
        area=area, source=source, old=old, new=new, score=score, change=change
    )


try:
    from waspada.risk.signals import risk_level_changed as _signal
except ImportError:  # the risk app without its signal: nothing to connect
    _signal = None
if _signal is not None:
    _signal.connect(risk_level_changed, dispatch_uid="alerts.risk_level_changed")
