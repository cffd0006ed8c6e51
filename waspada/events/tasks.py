"""Background work for events: imports, chunk by chunk (``exchange/importer.py``)."""

from django_tasks import task

from waspada.lib.queue import enqueue_with_transaction

from .exchange import importer


@task(priority=importer.BULK_PRIORITY)
def import_chunk(batch_id: int) -> bool:
    """One chunk of an import, and the next chunk queued in the chunk's transaction (low
    priority: a live report waiting in the queue runs before the next chunk). Run again after
    a crash, it goes on from the batch's progress, never repeating rows."""
    return importer.run_chunk(
        batch_id, then=lambda: enqueue_with_transaction(import_chunk, batch_id=batch_id)
    )
