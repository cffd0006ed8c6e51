"""Background work for media monitoring: polling due sources, reading each new article."""

import logging
from datetime import timedelta

from django_tasks import task

from waspada.ops import periodic

from . import services
from .models import Source

logger = logging.getLogger("waspada.media")


@task()
def poll_due_sources() -> int:
    """Periodic: enqueue a poll of every source whose time has come."""
    claimed = services.claim_due_sources()
    for pk in claimed:
        poll_source.enqueue(pk)
    return len(claimed)


@task()
def poll_source(source_id: int) -> int:
    """Poll one source; the number of new articles."""
    source = Source.objects.filter(pk=source_id, active=True).first()
    if source is None:
        return 0
    return services.poll(source).new_articles


@task()
def analyse_article(article_id: int) -> bool:
    """Read one article; enqueued with the article itself (``services.store_article``)."""
    return services.analyse(article_id)


periodic.register("media.poll_due_sources", poll_due_sources, timedelta(minutes=1))
