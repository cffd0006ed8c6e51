"""Periodic jobs: a registry in code, schedule state in the database.

Apps register jobs with ``register(name, task, every)``. Every worker calls ``enqueue_due()``
on each loop; a job is claimed by an atomic conditional update of its ``next_run_at``, so with
many workers on many machines each run is enqueued exactly once, and nothing lives in memory
that a restart could lose.
"""

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone
from django_tasks.base import Task

_REGISTRY: dict[str, "Job"] = {}


@dataclass(frozen=True)
class Job:
    name: str
    task: Task[[], Any]
    every: timedelta


def register(name: str, task: Task[[], Any], every: timedelta) -> None:
    _REGISTRY[name] = Job(name, task, every)


def registered() -> dict[str, Job]:
    return dict(_REGISTRY)


def enqueue_due(now=None) -> list[str]:
    """Enqueue every registered job whose time has come; return their names."""
    from .models import PeriodicJob

    now = now or timezone.now()
    enqueued = []
    for job in _REGISTRY.values():
        state, _created = PeriodicJob.objects.get_or_create(
            name=job.name, defaults={"next_run_at": now}
        )
        if state.next_run_at > now:
            continue
        with transaction.atomic():
            claimed = PeriodicJob.objects.filter(pk=state.pk, next_run_at=state.next_run_at).update(
                next_run_at=now + job.every, last_enqueued_at=now
            )
            if claimed:
                job.task.enqueue()
                enqueued.append(job.name)
    return enqueued
