"""Figures for the background-work status page."""

from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from waspada.supervise import read_status

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
    retrying: int  # READY again after an attempt that a dead worker or the database cut short
    processes: list  # the supervisor's children (embedded profile), with restarts and exits


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
        retrying=DBTaskResult.objects.filter(status="READY").exclude(worker_ids=[]).count(),
        processes=supervised_processes(),
    )


def supervised_processes() -> list[dict]:
    status = read_status(Path(settings.VAR_DIR) / "supervisor.json")
    if not status:
        return []
    children = status.get("children", [])
    for child in children:
        child["last_exit"] = child["exits"][-1] if child.get("exits") else None
    return children
