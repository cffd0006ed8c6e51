"""The real database queue: enqueue on commit, run by the worker loop, periodic jobs."""

from datetime import timedelta

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from waspada.lib.queue import enqueue_on_commit
from waspada.ops import periodic
from waspada.ops.models import PeriodicJob, WorkerHeartbeat
from waspada.ops.probe import ping
from waspada.ops.worker import WaspadaWorker


@pytest.mark.django_db(transaction=True)
def test_a_task_is_enqueued_only_when_its_transaction_commits():
    with transaction.atomic():
        enqueue_on_commit(ping, "committed")
        assert DBTaskResult.objects.count() == 0
    assert DBTaskResult.objects.filter(status="READY").count() == 1

    with pytest.raises(RuntimeError), transaction.atomic():
        enqueue_on_commit(ping, "rolled back")
        raise RuntimeError("rollback")
    assert DBTaskResult.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_the_worker_runs_ready_tasks_records_failures_and_beats():
    ping.enqueue("hello")
    ping.enqueue("fail")
    WaspadaWorker(once=True).run()
    pings = DBTaskResult.objects.filter(task_path="waspada.ops.probe.ping")
    assert pings.filter(status="SUCCESSFUL").get().return_value["note"] == "hello"
    failed = pings.get(status="FAILED")
    assert "RuntimeError" in failed.exception_class_path
    beat = WorkerHeartbeat.objects.get()
    assert beat.tasks_run >= 2  # the pings, and the periodic jobs that came due
    assert timezone.now() - beat.last_seen < timedelta(seconds=30)


@pytest.mark.django_db
def test_a_periodic_job_is_enqueued_once_per_period():
    periodic.register("test.ping", ping, timedelta(minutes=10))
    try:
        now = timezone.now()
        assert "test.ping" in periodic.enqueue_due(now)
        assert "test.ping" not in periodic.enqueue_due(now)  # a second worker, same moment
        assert "test.ping" not in periodic.enqueue_due(now + timedelta(minutes=9))
        assert "test.ping" in periodic.enqueue_due(now + timedelta(minutes=11))
        assert DBTaskResult.objects.filter(task_path__endswith="ping").count() == 2
        assert PeriodicJob.objects.get(name="test.ping").next_run_at > now
    finally:
        periodic._REGISTRY.pop("test.ping")


def test_every_periodic_job_is_registered_when_a_fresh_process_starts():
    """A job registers when its module is imported: a worker process imports no more than the
    apps' ready() does, so this looks from a new interpreter (intake's jobs were missed once)."""
    import os
    import subprocess
    import sys

    script = (
        "import django; django.setup(); from waspada.ops import periodic; "
        "print(' '.join(sorted(periodic.registered())))"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "waspada.settings"}
    out = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True
    ).stdout.split()
    assert {
        "ops.prune_task_results",
        "intake.poll_mailbox",
        "intake.poll_odk_central",
        "media.poll_due_sources",
        "risk.nightly",
        "alerts.escalate_due",
        "cases.action_reminders",
    } <= set(out)


@pytest.mark.django_db
def test_the_status_page_shows_depth_failures_and_heartbeat(personas, client_for):
    ping.enqueue("waiting")
    WorkerHeartbeat.objects.create(
        worker_id="w1",
        hostname="kukar-1",
        pid=42,
        started_at=timezone.now(),
        last_seen=timezone.now(),
    )
    response = client_for(personas["admin"]).get(reverse("ops:status"))
    status = response.context["status"]
    assert (status.ready, status.failed, status.worker_alive) == (1, 0, True)
    assert "kukar-1" in response.content.decode()


@pytest.mark.django_db
def test_a_silent_worker_is_reported(personas, client_for):
    old = timezone.now() - timedelta(hours=1)
    WorkerHeartbeat.objects.create(
        worker_id="w1", hostname="kukar-1", pid=42, started_at=old, last_seen=old
    )
    response = client_for(personas["admin"]).get(reverse("ops:status"))
    assert response.context["status"].worker_alive is False


@pytest.mark.django_db
def test_the_status_page_shows_restarts_retries_and_attempts(
    personas, client_for, settings, tmp_path
):
    from waspada.supervise import Child, Supervisor

    settings.VAR_DIR = tmp_path
    worker = Child("worker", ["true"])
    worker.restarts, worker.exits = 3, [{"at": "2026-12-03T10:00:00+00:00", "code": -9,
                                          "after_seconds": 12.5}]  # fmt: skip
    Supervisor([worker], status_file=tmp_path / "supervisor.json").write_status()
    retried = ping.enqueue("again")
    DBTaskResult.objects.filter(pk=retried.id).update(worker_ids=["dead-1"])
    failed = ping.enqueue("fail")
    DBTaskResult.objects.filter(pk=failed.id).update(
        status="FAILED", worker_ids=["a", "b", "c"], finished_at=timezone.now(),
        exception_class_path="waspada.ops.durable.LeaseExpired",
    )  # fmt: skip
    page = client_for(personas["admin"]).get(reverse("ops:status")).content.decode()
    assert 'id="processes"' in page and "<td>worker</td>" in page
    assert "<td>3</td>" in page  # restarts
    assert 'id="queue-retrying">1<' in page
    assert "LeaseExpired" in page
