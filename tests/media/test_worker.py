"""Polling through the real database queue: the worker's periodic job, then the polls and the
analyses they enqueue."""

import pytest
from django_tasks_db.models import DBTaskResult

from waspada.media.models import Article, Source, Triage
from waspada.ops.worker import WaspadaWorker


@pytest.mark.django_db(transaction=True)
def test_the_worker_polls_due_sources_and_analyses_their_articles(news_site, settings):
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }
    Source.objects.create(name="Kabar Kukar", url=f"{news_site.url}/rss.xml")
    for _ in range(4):  # periodic job → poll task → analysis tasks (each enqueued by the last)
        WaspadaWorker(once=True).run()
        if not DBTaskResult.objects.filter(status="READY").exists():
            break
    assert not DBTaskResult.objects.filter(status="FAILED").exists()
    assert (
        DBTaskResult.objects.filter(
            task_path="waspada.media.tasks.poll_source", status="SUCCESSFUL"
        ).count()
        == 1
    )
    assert Article.objects.count() == 2
    assert not Article.objects.filter(analysed_at=None).exists()
    blockade = Article.objects.get(url__endswith="/a/blokade-jongkang.html")
    assert blockade.story.triage == Triage.PENDING
