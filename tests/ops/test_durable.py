"""Durable tasks: leases for tasks whose worker died, bounded attempts, retries when the
database is away, and exactly-once completion of short database tasks."""

import importlib
from datetime import timedelta

import pytest
from django.db import OperationalError
from django.utils import timezone
from django_tasks.base import Task
from django_tasks_db.models import DBTaskResult

from waspada.intake.models import Report
from waspada.intake.tasks import analyse_report
from waspada.ops import durable
from waspada.ops.models import WorkerHeartbeat
from waspada.ops.probe import ping
from waspada.ops.worker import WaspadaWorker

DB_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


@pytest.fixture
def db_queue(settings):
    settings.TASKS = DB_QUEUE
    settings.WASPADA_WORKER_STALE_SECONDS = 30
    settings.WASPADA_TASK_MAX_ATTEMPTS = 3
    return settings


def _orphan(result_id, worker_id, seconds_ago=120):
    """What kill -9 leaves behind: the row RUNNING, its worker's heartbeat going stale."""
    then = timezone.now() - timedelta(seconds=seconds_ago)
    row = DBTaskResult.objects.get(pk=result_id)
    row.status, row.started_at = "RUNNING", then
    row.worker_ids = [*row.worker_ids, worker_id]
    row.save()
    WorkerHeartbeat.objects.update_or_create(
        worker_id=worker_id,
        defaults={"hostname": "h", "pid": 1, "started_at": then, "last_seen": then},
    )


@pytest.mark.django_db(transaction=True)
def test_a_task_of_a_dead_worker_runs_again_then_fails_visibly_after_its_attempts(db_queue):
    result = ping.enqueue("orphan")
    _orphan(result.id, "dead-1")
    # A live worker's task is left alone.
    live = ping.enqueue("live")
    _orphan(live.id, "alive-1")
    WorkerHeartbeat.objects.filter(worker_id="alive-1").update(last_seen=timezone.now())

    assert durable.reclaim_orphans() == 1
    row = DBTaskResult.objects.get(pk=result.id)
    assert row.status == "READY" and row.run_after > timezone.now()
    assert "dead-1 stopped" in row.traceback
    assert DBTaskResult.objects.get(pk=live.id).status == "RUNNING"

    # It runs again once its back-off has passed.
    DBTaskResult.objects.filter(pk=result.id).update(run_after=timezone.now())
    WaspadaWorker(once=True).run()
    row.refresh_from_db()
    assert row.status == "SUCCESSFUL" and row.return_value["note"] == "orphan"
    assert len(row.worker_ids) == 2

    # A task whose workers keep dying is failed after its attempts, and says why.
    doomed = ping.enqueue("doomed")
    for n in range(3):
        _orphan(doomed.id, f"dead-{n + 10}")
        durable.reclaim_orphans()
    doomed_row = DBTaskResult.objects.get(pk=doomed.id)
    assert doomed_row.status == "FAILED"
    assert doomed_row.exception_class_path == "waspada.ops.durable.LeaseExpired"
    assert "after 3 attempts" in doomed_row.traceback


@pytest.mark.django_db(transaction=True)
def test_database_trouble_in_a_task_retries_it_instead_of_failing_it(db_queue, monkeypatch):
    calls = []

    class FlakyClock:
        """The first read inside the task meets a locked database."""

        @staticmethod
        def now():
            calls.append(1)
            if len(calls) == 1:
                raise OperationalError("database is locked")
            return timezone.now()

    result = ping.enqueue("flaky")
    monkeypatch.setattr("waspada.ops.probe.timezone", FlakyClock)
    WaspadaWorker(once=True)._batch_worker().run()  # the queue only, no periodic jobs
    row = DBTaskResult.objects.get(pk=result.id)
    assert row.status == "READY" and "database unavailable" in row.traceback
    assert row.run_after > timezone.now()  # after a back-off
    DBTaskResult.objects.filter(pk=result.id).update(run_after=timezone.now())
    WaspadaWorker(once=True)._batch_worker().run()
    row.refresh_from_db()
    assert row.status == "SUCCESSFUL" and len(calls) == 2


@pytest.mark.django_db(transaction=True)
def test_a_report_read_by_a_worker_that_dies_before_recording_it_is_not_read_twice(
    db_queue, personas, monkeypatch
):
    """analyse_report runs in one transaction with its completion: dying between the two
    (here: at the moment of recording success) leaves neither, and the retry reads it once."""
    report = Report.objects.create(channel="web", text="Warga bentrok di Tenggarong, 2 luka")
    analyse_report.enqueue(report.pk)
    task = DBTaskResult.objects.get(task_path="waspada.intake.tasks.analyse_report")

    def die(self, value):
        raise SystemExit("killed")

    monkeypatch.setattr(DBTaskResult, "set_successful", die)
    with pytest.raises(SystemExit):
        WaspadaWorker(once=True)._batch_worker().run()
    report.refresh_from_db()
    assert report.analysis is None  # the analysis rolled back with the completion
    assert DBTaskResult.objects.filter(task_path__endswith="evaluate_report").count() == 0
    assert DBTaskResult.objects.get(pk=task.pk).status == "RUNNING"

    monkeypatch.undo()
    DBTaskResult.objects.filter(pk=task.pk).update(started_at=timezone.now() - timedelta(hours=1))
    durable.reclaim_orphans()
    DBTaskResult.objects.filter(status="READY").update(run_after=timezone.now())
    WaspadaWorker(once=True).run()
    report.refresh_from_db()
    assert report.reading is not None
    assert DBTaskResult.objects.get(pk=task.pk).status == "SUCCESSFUL"
    checks = DBTaskResult.objects.filter(task_path="waspada.alerts.tasks.evaluate_report")
    assert list(checks.values_list("status", flat=True)) == ["SUCCESSFUL"]


def test_every_exactly_once_task_exists():
    for path in durable.EXACTLY_ONCE:
        module, name = path.rsplit(".", 1)
        assert isinstance(getattr(importlib.import_module(module), name), Task), path
    assert analyse_report.module_path in durable.EXACTLY_ONCE


def test_transient_errors_are_told_from_bugs():
    assert durable.is_transient(OperationalError("database is locked"))
    assert durable.is_transient(OperationalError("server closed the connection unexpectedly"))
    assert not durable.is_transient(ValueError("bug"))
    assert durable.backoff(1) == 0.5 and durable.backoff(10) == 10.0
