"""Figures for the background-work status page."""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from .models import PeriodicJob, WorkerHeartbeat


@dataclass
class QueueStatus:
    ready: int
    running: int
    failed: int
    failed_recent: list
    workers: list
    last_heartbeat: object
    worker_alive: bool
    periodic: list


def queue_status() -> QueueStatus:
    counts = {
        status: DBTaskResult.objects.filter(status=status).count()
        for status in ("READY", "RUNNING", "FAILED")
    }
    workers = list(WorkerHeartbeat.objects.all()[:20])
    last = workers[0].last_seen if workers else None
    stale = timedelta(seconds=settings.WASPADA_WORKER_STALE_SECONDS)
    return QueueStatus(
        ready=counts["READY"],
        running=counts["RUNNING"],
        failed=counts["FAILED"],
        failed_recent=list(
            DBTaskResult.objects.filter(status="FAILED").order_by("-finished_at")[:20]
        ),
        workers=workers,
        last_heartbeat=last,
        worker_alive=bool(last and timezone.now() - last < stale),
        periodic=list(PeriodicJob.objects.order_by("name")),
    )
