"""Ask for a recomputation of the scores, with the current transaction.

``waspada/pipeline.py`` hands every change that bears on the scores (an analysed report or
article, a changed event, a recorded engagement) to ``request_recompute``; the risk app's own
profile edits call it too. With the database queue the task is enqueued in the transaction of
the change, so that no change is left unscored by a crash; one already waiting in the queue
(or enqueued earlier in this transaction) is not doubled: a thousand imported events enqueue
one. Other backends (the immediate one of some tests) get one task on commit.
"""

from django.db import transaction

from waspada.lib.queue import stores_in_database


def _enqueue() -> None:
    from .tasks import recompute_scores, waiting

    if not waiting(recompute_scores):
        recompute_scores.enqueue()


def request_recompute(**_facts: object) -> None:
    from .tasks import recompute_scores

    if stores_in_database(recompute_scores):
        _enqueue()  # in this transaction: its own earlier request is visible to it
        return
    conn = transaction.get_connection()
    if conn.in_atomic_block and any(func is _enqueue for _, func, _ in conn.run_on_commit):
        return
    transaction.on_commit(_enqueue)
