"""A hand-off: one thing that happened in an app, told to the parts downstream.

The app where it happens declares it in its own ``signals.py`` with the names of its facts
(plain JSON values: ids, codes)::

    report_analysed = Handoff("report_analysed", "report_id")

and announces it inside the transaction that made the change::

    report_analysed.announce(report_id=report.pk)

Consumers are connected in one place, ``waspada/pipeline.py``, so that the flow reads top to
bottom there. Two kinds:

- ``then(consumer)``, for work that must not be lost: a task is enqueued with the facts as
  keyword arguments *in the announcing transaction* (``queue.enqueue_with_transaction``), so
  it commits with the change or not at all; a function is called there with the facts and
  does no more than enqueue work the same way (a recomputation that coalesces requests).
- ``connect(receiver)``, as on any Django signal: ``receiver(sender, **facts)`` is called once
  the transaction has committed (at once outside one), for reactions inside the process that
  a crash may lose. A receiver's failure is logged, never raised into the announcer.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.dispatch import Signal
from django_tasks.base import Task

from .queue import enqueue_with_transaction

logger = logging.getLogger("waspada.pipeline")

Consumer = Task[..., Any] | Callable[..., object]


class Handoff(Signal):
    def __init__(self, name: str, *facts: str) -> None:
        super().__init__()
        self.name = name
        self.facts = frozenset(facts)
        self.consumers: list[Consumer] = []

    def __repr__(self) -> str:
        return f"<Handoff {self.name}({', '.join(sorted(self.facts))})>"

    def then(self, consumer: Consumer) -> None:
        """Hand every announcement on to ``consumer`` in the announcing transaction (once,
        however often it is connected)."""
        if consumer not in self.consumers:
            self.consumers.append(consumer)

    def announce(self, **facts: Any) -> None:
        """Tell the consumers, in the current transaction, and the receivers after it."""
        if set(facts) != self.facts:
            raise TypeError(f"{self.name} takes {sorted(self.facts)}, not {sorted(facts)}")
        for consumer in self.consumers:
            if isinstance(consumer, Task):
                enqueue_with_transaction(consumer, **facts)
            else:
                consumer(**facts)
        if self.has_listeners(self):
            transaction.on_commit(lambda: self._tell(facts))

    def _tell(self, facts: dict[str, Any]) -> None:
        for receiver, answer in self.send_robust(sender=self, **facts):
            if isinstance(answer, Exception):
                logger.error(
                    "%s: receiver %r failed on %r", self.name, receiver, facts, exc_info=answer
                )
