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


def _enqueue_forecast() -> None:
    from .tasks import recompute_forecast, waiting

    if not waiting(recompute_forecast):
        recompute_forecast.enqueue()


def request_forecast(**facts: object) -> None:
    """The nowcast: refit the 30-day forecast after a change that may be an incident (an
    event coded or changed, a report read as severe), coalesced like the scores."""
    from .gathering import SEVERE
    from .tasks import recompute_forecast

    report_id = facts.get("report_id")
    if isinstance(report_id, int):
        from waspada.intake.models import Report

        report = Report.objects.filter(pk=report_id).only("analysis").first()
        reading = report.reading if report is not None else None
        if reading is None or reading.relevance != "incident" or reading.severity < SEVERE:
            return
    if stores_in_database(recompute_forecast):
        _enqueue_forecast()
        return
    conn = transaction.get_connection()
    if conn.in_atomic_block and any(func is _enqueue_forecast for _, func, _ in conn.run_on_commit):
        return
    transaction.on_commit(_enqueue_forecast)
