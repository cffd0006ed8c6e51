"""A task that proves the queue works end to end (used by the status page and tests)."""

from django.utils import timezone
from django_tasks import task


@task()
def ping(note: str = "") -> dict:
    """Return when and where it ran; a failing note makes it raise (to test failures)."""
    if note == "fail":
        raise RuntimeError("ping asked to fail")
    return {"ran_at": timezone.now().isoformat(), "note": note}
