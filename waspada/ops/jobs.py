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
    deleted, _ = DBTaskResult.objects.filter(
        status="SUCCESSFUL", finished_at__lt=cutoff
    ).delete()
    return deleted


periodic.register("ops.prune_task_results", prune_task_results, timedelta(days=1))
