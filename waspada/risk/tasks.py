"""Background work for risk: recompute the scores (on every change, nightly) and the forecast
(nightly).

Changes reach the scores through ``triggers.request_recompute``, enqueued with the change
(``waspada/pipeline.py``): no periodic check for missed changes is needed. The nightly job is
not a safety net: the windows move with the date, so the scores change overnight with no
record changing.
"""

from datetime import timedelta

from django_tasks import task

from waspada.lib.queue import stores_in_database
from waspada.ops import periodic


def waiting(t) -> bool:
    """Whether ``t`` already waits in the database queue (so another enqueue would double it)."""
    if not stores_in_database(t):
        return False
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.filter(task_path=t.module_path, status="READY").exists()


# Below live analysis (0): a report waiting to be read goes ahead of a recomputation that
# many changes share; above the forecast (-10) and bulk import follow-ups (-20).
@task(priority=-5)
def recompute_scores() -> dict:
    """Score every area, window and source; record level changes (and hand them on)."""
    from . import services

    result = services.recompute()
    return {
        "rows": result.rows,
        "changes": len(result.changes),
        "seconds": round(result.seconds, 3),
    }


@task(priority=-10)  # after alerts and scores: a refit may take seconds
def recompute_forecast() -> int:
    from . import services

    return len(services.forecast())


@task()
def nightly() -> dict:
    """Everything afresh once a day: the scores (windows move with the date) and the forecast."""
    from . import services

    result = services.recompute()
    return {"rows": result.rows, "forecasts": len(services.forecast())}


periodic.register("risk.nightly", nightly, timedelta(days=1))
