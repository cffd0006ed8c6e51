"""After an upgrade: re-read stored analyses of an older schema (docs/operations.md).

Reports and articles whose stored analysis has a ``schema_version`` older than the running
code's (``waspada.nlp.analysis.SCHEMA_VERSION``) get their analysis task again, at bulk
priority (live reports go first), a few hundred per transaction. Each task re-reads the text,
stores the new analysis and hands it on as any analysis is (alert checks, risk scores), so
the pages, rules and scores read the current schema afterwards.
"""

from __future__ import annotations

from django.db import transaction

from waspada.intake.models import Report
from waspada.intake.tasks import analyse_report
from waspada.lib.queue import enqueue_with_transaction
from waspada.media.models import Article
from waspada.media.tasks import analyse_article
from waspada.nlp.analysis import SCHEMA_VERSION, Analysis

BULK_PRIORITY = -20
CHUNK = 500


def outdated(model, below: int = SCHEMA_VERSION):
    """Primary keys of ``model`` rows whose analysis is of a schema older than ``below``."""
    rows = model.objects.exclude(analysis=None).values_list("pk", "analysis")
    for pk, data in rows.iterator(chunk_size=CHUNK):
        version = Analysis.stored_version(data)
        if version is not None and version < below:
            yield pk


def requeue(*, below: int = SCHEMA_VERSION, dry_run: bool = False) -> dict[str, int]:
    counts = {}
    for label, model, task in (
        ("reports", Report, analyse_report),
        ("articles", Article, analyse_article),
    ):
        bulk = task.using(priority=BULK_PRIORITY)
        pks = list(outdated(model, below))
        counts[label] = len(pks)
        if dry_run:
            continue
        for i in range(0, len(pks), CHUNK):
            with transaction.atomic():
                for pk in pks[i : i + CHUNK]:
                    enqueue_with_transaction(bulk, pk)
    return counts
