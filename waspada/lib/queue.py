"""Enqueue background tasks with the transaction that needs them.

Two ways, for two kinds of work:

- ``enqueue_with_transaction``: work that must survive a crash (reading a report, checking the
  alert rules on it). With the database queue (django-tasks-db) the task's row is written in
  the current transaction: it exists exactly when the change that needs it does. A crash after
  the commit loses nothing, a rollback leaves nothing, and no worker sees the task before the
  change is visible. This is what every hand-off of ``waspada/pipeline.py`` uses.
- ``enqueue_on_commit``: work that may be lost in a crash (the receipt to a sender), enqueued
  once the transaction has committed.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django_tasks.base import Task
from django_tasks_db import DatabaseBackend


def enqueue_on_commit(task: Task[..., Any], *args: Any, **kwargs: Any) -> None:
    """Enqueue ``task`` when the current transaction commits (at once outside one).

    A task that reads a row written in the same transaction must not start before that row
    is visible to the worker; on rollback nothing is enqueued.
    """
    transaction.on_commit(lambda: task.enqueue(*args, **kwargs))


def stores_in_database(task: Task[..., Any]) -> bool:
    """Whether ``task`` goes to the database queue (its rows share our transactions)."""
    return isinstance(task.get_backend(), DatabaseBackend)


def enqueue_with_transaction(task: Task[..., Any], *args: Any, **kwargs: Any) -> None:
    """Enqueue ``task`` as part of the current transaction (at once outside one).

    A backend that keeps no rows (the immediate backend some tests use) cannot share the
    transaction: it gets the task on commit instead, as ``enqueue_on_commit``.
    """
    if stores_in_database(task):
        task.enqueue(*args, **kwargs)
    else:
        enqueue_on_commit(task, *args, **kwargs)
