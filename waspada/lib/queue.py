"""Enqueue background tasks only once the surrounding transaction has committed."""

from django.db import transaction


def enqueue_on_commit(task, *args, **kwargs) -> None:
    """Enqueue ``task`` when the current transaction commits (at once outside one).

    A task that reads a row written in the same transaction must not start before that row
    is visible to the worker; on rollback nothing is enqueued.
    """
    transaction.on_commit(lambda: task.enqueue(*args, **kwargs))
