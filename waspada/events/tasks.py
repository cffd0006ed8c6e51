"""Background work for events: imports, chunk by chunk (``exchange/importer.py``), and large
exports, written to a file by a worker.

A request streams an export of up to ``WASPADA_EXPORT_DIRECT_ROWS`` events (XLSX: up to
``WASPADA_EXPORT_DIRECT_XLSX_ROWS``) itself; a larger one is ``build_export``, so that no request
outlives the web server's limit. The task's own result (the database queue's row) is the job:
its id names the file, its arguments say whose it is, its status whether it is ready.
"""

from __future__ import annotations

import time
from datetime import timedelta
from pathlib import Path
from typing import Any

from django.conf import settings
from django.http import QueryDict
from django_tasks import TaskContext, task

from waspada.lib.queue import enqueue_with_transaction

from .exchange import importer

EXPORT_DIR_NAME = "exports"
KEEP_FILES = timedelta(days=2)


@task(priority=importer.BULK_PRIORITY)
def import_chunk(batch_id: int) -> bool:
    """One chunk of an import, and the next chunk queued in the chunk's transaction (low
    priority: a live report waiting in the queue runs before the next chunk). Run again after
    a crash, it goes on from the batch's progress, never repeating rows."""
    return importer.run_chunk(
        batch_id, then=lambda: enqueue_with_transaction(import_chunk, batch_id=batch_id)
    )


def export_dir() -> Path:
    path = Path(settings.MEDIA_ROOT) / EXPORT_DIR_NAME
    path.mkdir(parents=True, exist_ok=True)
    return path


def export_path(result_id: str, fmt: str) -> Path:
    from .exchange.exporter import STREAMS

    return export_dir() / f"{result_id}.{STREAMS[fmt][2]}"


def _prune() -> None:
    cutoff = time.time() - KEEP_FILES.total_seconds()
    for old in export_dir().iterdir():
        if old.is_file() and old.stat().st_mtime < cutoff:
            old.unlink(missing_ok=True)


@task(takes_context=True)
def build_export(context: TaskContext, user_id: int, fmt: str, query: str) -> dict[str, Any]:
    """Write the export of the events ``user_id`` may see, filtered by ``query`` (the list
    page's query string), to the job's file."""
    from waspada.accounts.models import User

    from .exchange.exporter import STREAMS
    from .forms import FilterForm
    from .queries import filtered

    _prune()
    user = User.objects.get(pk=user_id)
    form = FilterForm(QueryDict(query) or None)
    data = form.cleaned_data if form.is_valid() else {}
    path = export_path(str(context.task_result.id), fmt)
    partial = path.with_suffix(path.suffix + ".part")
    with partial.open("wb") as out:
        for block in STREAMS[fmt][0](filtered(user, data)):
            out.write(block)
    partial.replace(path)  # the link appears only once the file is whole
    return {"fmt": fmt, "size": path.stat().st_size}
