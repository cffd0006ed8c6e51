"""Background work for media monitoring: polling due sources, analysing new articles."""

import logging
from datetime import timedelta

from django.utils import timezone
from django_tasks import task

from waspada.ops import periodic

from . import services
from .models import Article, Source

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
    return services.analyse(article_id)


@task()
def analyse_articles(article_ids: list[int]) -> int:
    """Analyse the new articles of one poll; one failure does not stop the others (they are
    analysed, then the task fails with the first error so that it shows on the status page)."""
    failed = None
    done = 0
    for pk in article_ids:
        try:
            done += int(services.analyse(pk))
        except Exception as e:  # the others still get analysed
            logger.exception("media: analysing article %s failed", pk)
            failed = failed or e
    if failed is not None:
        raise failed
    return done


@task()
def analyse_pending() -> int:
    """Safety net: analyse articles an earlier hand-off did not reach."""
    cutoff = timezone.now() - timedelta(minutes=10)
    ids = list(
        Article.objects.filter(analysed_at=None, fetched_at__lt=cutoff)
        .exclude(text="")
        .values_list("pk", flat=True)[:500]
    )
    for pk in ids:
        analyse_article.enqueue(pk)
    return len(ids)


periodic.register("media.poll_due_sources", poll_due_sources, timedelta(minutes=1))
periodic.register("media.analyse_pending", analyse_pending, timedelta(minutes=15))
