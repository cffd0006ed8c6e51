"""Background work for risk: recompute the scores (on change, on a stale check, nightly) and
the forecast (nightly)."""

from datetime import timedelta

from django.conf import settings
from django_tasks import task

from waspada.ops import periodic


def waiting(t) -> bool:
    """Whether ``t`` already waits in the database queue (so another enqueue would double it)."""
    backend = settings.TASKS.get("default", {}).get("BACKEND", "")
    if not backend.startswith("django_tasks_db"):
        return False
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.filter(task_path=t.module_path, status="READY").exists()


@task()
def recompute_scores() -> dict:
    """Score every area, window and source; record level changes (and signal them)."""
    from . import services

    result = services.recompute()
    return {
        "rows": result.rows,
        "changes": len(result.changes),
        "seconds": round(result.seconds, 3),
    }


@task()
def recompute_if_stale() -> bool:
    """Safety net for changes no trigger saw (analysis results, bulk writes): recompute when
    anything changed since the last run."""
    from . import services
    from .models import RiskRun

    last = RiskRun.objects.filter(kind="scores").order_by("-started_at").first()
    if last is not None and not services.stale(last.started_at):
        return False
    services.recompute()
    return True


@task()
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
periodic.register("risk.recompute_if_stale", recompute_if_stale, timedelta(minutes=5))
