"""Ask for a recomputation of the scores once the current transaction commits.

Other apps call ``request_recompute()`` where their records change (one line, marked). Many
calls in one transaction (an import of a thousand events) enqueue one task; outside a
transaction the task is enqueued at once. A task already waiting in the queue is not doubled.
"""

from django.db import transaction


def _enqueue() -> None:
    from .tasks import recompute_scores, waiting

    if not waiting(recompute_scores):
        recompute_scores.enqueue()


def request_recompute() -> None:
    conn = transaction.get_connection()
    if conn.in_atomic_block and any(func is _enqueue for _, func, _ in conn.run_on_commit):
        return
    transaction.on_commit(_enqueue)
