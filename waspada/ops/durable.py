"""Durable tasks: retries for database trouble, leases for tasks whose worker died.

The queue is django-tasks-db: a task row is READY, then RUNNING with the ids of the workers
that claimed it (``worker_ids``: one per attempt), then SUCCESSFUL or FAILED. Three things
are added here:

- **Exactly once for short database work.** A task listed in ``EXACTLY_ONCE`` runs inside one
  transaction together with the row that marks it SUCCESSFUL: a worker killed at any moment
  leaves either both (done) or neither (the task is still RUNNING, its lease runs out and it
  runs again from the start). Reading a report and the alert checks are such tasks, so a
  report is analysed once and alert-checked once whatever dies when.
- **Transient database errors are retried**, not failed: a lost connection (PostgreSQL
  restarting) or "database is locked" (SQLite) puts the task back to READY after a back-off,
  up to ``WASPADA_TASK_MAX_ATTEMPTS`` attempts; recording the outcome is itself retried
  until the database answers again (``persist``).
- **Leases.** A worker writes its heartbeat every ``WASPADA_WORKER_HEARTBEAT_SECONDS`` from a
  thread of its own, also while a task runs. A RUNNING task whose last worker has not been seen for
  ``WASPADA_WORKER_STALE_SECONDS`` (killed, machine lost) is reclaimed by any live worker
  (``reclaim_orphans``): back to READY, or FAILED with ``LeaseExpired`` once it has had
  ``WASPADA_TASK_MAX_ATTEMPTS`` attempts, which the status page shows.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from datetime import timedelta
from traceback import format_exception
from typing import Any, TypeVar

from django.conf import settings
from django.db import DatabaseError, InterfaceError, OperationalError, connections, transaction
from django.utils import timezone
from django_tasks_db.compat import TaskContext, task_finished, task_started
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

logger = logging.getLogger("waspada.worker")

T = TypeVar("T")

# Tasks whose work is database writes only, short enough to share one transaction with
# their completion (see the module's docstring). A task added here must not talk to the
# outside world (a message sent twice cannot be rolled back), nor keep part of its work when
# it fails (``alerts.evaluate_risk_changes`` keeps the alerts of the areas that worked and
# then fails: it is not here).
EXACTLY_ONCE = frozenset(
    {
        "waspada.intake.tasks.analyse_report",
        "waspada.alerts.tasks.evaluate_report",
        "waspada.alerts.tasks.evaluate_event",
        "waspada.alerts.tasks.evaluate_imported_events",
        "waspada.media.tasks.analyse_article",
    }
)

# How long recording a task's outcome keeps trying while the database is away.
PERSIST_SECONDS = 120.0


def max_attempts() -> int:
    return int(settings.WASPADA_TASK_MAX_ATTEMPTS)


def heartbeat_seconds() -> float:
    return float(settings.WASPADA_WORKER_HEARTBEAT_SECONDS)


class LeaseExpired(Exception):
    """The worker running the task stopped beating; the task had no attempts left."""


def is_transient(exc: BaseException) -> bool:
    """Database trouble that goes away by itself: a lost or refused connection, a lock."""
    if isinstance(exc, InterfaceError):
        return True
    if isinstance(exc, OperationalError):
        return True  # connection refused/reset/terminated, server restarting, locked
    # psycopg raises its own OperationalError subclasses wrapped by Django's; an adapter
    # error that is not a DatabaseError is a bug, not an outage.
    return isinstance(exc, DatabaseError) and "connection" in str(exc).lower()


def backoff(attempt: int, base: float = 0.5, cap: float = 10.0) -> float:
    return min(cap, base * (2 ** max(0, attempt - 1)))


def reset_connections() -> None:
    """Drop every connection of this thread, so that the next query opens a fresh one (not
    one inside a transaction: that one is the caller's to roll back)."""
    for conn in connections.all(initialized_only=True):
        if conn.in_atomic_block:
            continue
        try:
            conn.close()
        except Exception:  # a dead socket may refuse even to close
            conn.connection = None


def persist(write: Callable[[], T], *, what: str, seconds: float = PERSIST_SECONDS) -> T:
    """``write()``, retried with back-off on transient database errors for up to ``seconds``."""
    deadline = time.monotonic() + seconds
    attempt = 0
    while True:
        attempt += 1
        try:
            return write()
        except Exception as e:
            if not is_transient(e) or time.monotonic() > deadline:
                raise
            delay = backoff(attempt)
            logger.warning("%s: database unavailable (%s); retrying in %.1f s", what, e, delay)
            reset_connections()
            time.sleep(delay)


def _attempts(result: DBTaskResult) -> int:
    return len(result.worker_ids or [])


def requeue(result: DBTaskResult, exc: BaseException | None, *, why: str) -> bool:
    """Put a RUNNING task back to READY after a back-off, or fail it when its attempts are
    used up. True when it was re-queued."""
    attempts = _attempts(result)
    if attempts >= max_attempts():
        error = exc or LeaseExpired(why)
        result.status = "FAILED"
        result.finished_at = timezone.now()
        result.exception_class_path = f"{type(error).__module__}.{type(error).__qualname__}"
        result.traceback = f"{why} (after {attempts} attempts)\n" + "".join(format_exception(error))
        result.return_value = None
        result.save(
            update_fields=[
                "status",
                "finished_at",
                "exception_class_path",
                "traceback",
                "return_value",
            ]
        )
        return False
    result.status = "READY"
    result.run_after = timezone.now() + timedelta(seconds=backoff(attempts, base=1.0, cap=60))
    result.traceback = why + ("\n" + "".join(format_exception(exc)) if exc else "")
    result.save(update_fields=["status", "run_after", "traceback"])
    return True


def reclaim_orphans(now=None) -> int:
    """RUNNING tasks whose last worker is not alive any more: back to READY (or FAILED after
    ``WASPADA_TASK_MAX_ATTEMPTS``). Safe with many workers: rows locked by another are
    skipped."""
    from .models import WorkerHeartbeat

    now = now or timezone.now()
    stale = now - timedelta(seconds=settings.WASPADA_WORKER_STALE_SECONDS)
    alive = set(
        WorkerHeartbeat.objects.filter(last_seen__gte=stale).values_list("worker_id", flat=True)
    )
    reclaimed = 0
    candidates = DBTaskResult.objects.filter(status="RUNNING", started_at__lt=stale)
    for pk in list(candidates.values_list("pk", flat=True)[:500]):
        with transaction.atomic():
            result = (
                DBTaskResult.objects.select_for_update(skip_locked=True)
                .filter(pk=pk, status="RUNNING")
                .first()
            )
            if result is None or (result.worker_ids and result.worker_ids[-1] in alive):
                continue
            who = result.worker_ids[-1] if result.worker_ids else "?"
            requeue(result, None, why=f"worker {who} stopped while running this task")
            reclaimed += 1
    if reclaimed:
        logger.warning("reclaimed %d task(s) of workers that died", reclaimed)
    return reclaimed


class DurableWorker(Worker):
    """django-tasks-db's worker with the outcome handling described above."""

    def run_task(self, db_task_result: DBTaskResult) -> None:
        self.running_task = True
        try:
            self._run(db_task_result)
        finally:
            self.running_task = False
            self._run_tasks += 1

    def _run(self, db_task_result: DBTaskResult) -> None:
        try:
            task = db_task_result.task
            task_result = db_task_result.task_result
            backend_type = task.get_backend()
            task_started.send(sender=backend_type, task_result=task_result)
            args, kwargs = task_result.args, task_result.kwargs
            if task.takes_context:
                args = [TaskContext(task_result=task_result), *args]

            def call() -> Any:
                return task.call(*args, **kwargs)

            if db_task_result.task_path in EXACTLY_ONCE:
                with transaction.atomic():
                    value = call()
                    db_task_result.set_successful(value)
            else:
                value = call()
                persist(
                    lambda: db_task_result.set_successful(value),
                    what=f"task {db_task_result.pk}",
                )
            task_finished.send(sender=backend_type, task_result=db_task_result.task_result)
        except BaseException as e:
            if isinstance(e, KeyboardInterrupt | SystemExit):
                raise  # the row stays RUNNING; its lease runs out and another worker takes it
            self._record_failure(db_task_result, e)

    @staticmethod
    def _record_failure(result: DBTaskResult, error: BaseException) -> None:
        what = f"task {result.pk}"
        if is_transient(error):
            reset_connections()
            persist(lambda: requeue(result, error, why="database unavailable"), what=what)
            return
        persist(lambda: result.set_failed(error), what=what)
        logger.error("task %s (%s) failed: %r", result.pk, result.task_path, error)
