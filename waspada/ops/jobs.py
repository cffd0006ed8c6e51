"""Built-in background tasks and their schedule."""

from datetime import timedelta

from django.utils import timezone
from django_tasks import task

from . import periodic

FINISHED_RETENTION = timedelta(days=30)


@task()
def prune_task_results() -> int:
    """Delete successful task results older than the retention period; keep failures."""
    from django_tasks_db.models import DBTaskResult

    cutoff = timezone.now() - FINISHED_RETENTION
    deleted, _ = DBTaskResult.objects.filter(status="SUCCESSFUL", finished_at__lt=cutoff).delete()
    return deleted


@task()
def refresh_planner_statistics() -> str:
    """ANALYZE: SQLite's planner has no statistics otherwise and then sorts whole tables
    instead of reading an index in order (PostgreSQL's autovacuum does this too; it is cheap)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return connection.vendor


periodic.register("ops.prune_task_results", prune_task_results, timedelta(days=1))
periodic.register("ops.refresh_planner_statistics", refresh_planner_statistics, timedelta(hours=6))
