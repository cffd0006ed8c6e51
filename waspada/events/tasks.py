"""Background work for events: imports, chunk by chunk (``exchange/importer.py``)."""

from django_tasks import task

from waspada.lib.queue import enqueue_with_transaction

from .exchange import importer


@task(priority=importer.BULK_PRIORITY)
def import_chunk(batch_id: int) -> bool:
    """One chunk of an import, and the next chunk queued with it (low priority: a live report
    waiting in the queue runs before the next chunk). Runs in one transaction with its own
    completion (``ops.durable.EXACTLY_ONCE``)."""
    more = importer.run_chunk(batch_id)
    if more:
        enqueue_with_transaction(import_chunk, batch_id=batch_id)
    return more
