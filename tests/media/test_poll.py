"""Polling sources against a real loopback news site, including one that misbehaves."""

from datetime import timedelta

import pytest
from django.utils import timezone

from waspada.media import services
from waspada.media.models import Article, PollLog, Source, SourceKind, Story, Triage

pytestmark = pytest.mark.django_db
XML_TYPE = "application/rss+xml"


def feed(site, path="/rss.xml", kind=SourceKind.FEED, **kwargs):
    return Source.objects.create(
        name=f"source {path}", kind=kind, url=f"{site.url}{path}", **kwargs
    )


def test_it_stores_every_article_of_a_feed_with_text_and_raw_page(news_site):
    source = feed(news_site, outlet="Kabar Kukar")
    log = services.poll(source)
    assert log.ok and log.links == 2 and log.new_articles == 2
    article = Article.objects.get(url=f"{news_site.url}/a/blokade-jongkang.html")
    assert article.title == "Warga Jongkang Blokade Jalan Hauling Tambang"
    assert article.text.startswith("Ratusan warga Desa Jongkang")
    assert "Terpopuler" not in article.text and "Hak cipta" not in article.text
    assert article.author == "Rahmat Hidayat"
    assert article.published_at.isoformat().startswith("2025-07-08T01:15:00")  # 09:15 WITA
    assert article.language == "id"
    assert article.outlet == "Kabar Kukar"
    assert article.raw_bytes == news_site.routes["/a/blokade-jongkang.html"].body
    assert len(article.content_hash) == 64
    source.refresh_from_db()
    assert source.last_success_at and source.error_count == 0 and source.last_error == ""


def test_polling_the_same_feed_twice_adds_nothing(news_site):
    source = feed(news_site)
    services.poll(source)
    pages_fetched = news_site.paths().count("/a/erau.html")
    second = services.poll(source)
    assert second.ok and second.new_articles == 0
    assert Article.objects.count() == 2 and Story.objects.count() == 2
    assert news_site.paths().count("/a/erau.html") == pages_fetched  # not fetched again


def test_a_feed_that_has_not_changed_answers_304_and_is_not_read(news_site):
    news_site.routes["/rss.xml"].etag = '"v1"'
    source = feed(news_site)
    services.poll(source)
    source.refresh_from_db()
    assert source.etag == '"v1"'
    log = services.poll(source)
    assert log.ok and log.not_modified
    assert news_site.hits[-1][1].get("If-None-Match") == '"v1"'


def test_the_same_story_from_three_outlets_is_one_story(news_site, run_on_commit):
    sources = [
        feed(news_site, "/rss.xml", outlet="Kabar Kukar"),
        feed(news_site, "/atom.xml", outlet="Kaltim Terkini"),
        feed(
            news_site,
            "/listing.html",
            kind=SourceKind.LISTING,
            outlet="Suara Mahakam",
            link_pattern=r"/berita/\d{4}/",
        ),
    ]
    with run_on_commit():
        for source in sources:
            assert services.poll(source).ok
    blockade = Article.objects.get(url__endswith="/a/blokade-jongkang.html").story
    assert sorted(blockade.outlets()) == ["Kabar Kukar", "Kaltim Terkini", "Suara Mahakam"]
    assert blockade.article_count == 3
    erau = Article.objects.get(url__endswith="/a/erau.html").story
    assert erau != blockade and erau.article_count == 1
    # Analysed on commit: the blockade in Loa Kulu is relevant and placed in the regency.
    blockade.refresh_from_db()
    assert blockade.triage == Triage.PENDING
    assert blockade.kecamatan_code == "64.02.02"
    erau.refresh_from_db()
    assert erau.triage == Triage.NONE


def test_a_sitemap_source_is_read(news_site):
    source = feed(news_site, "/sitemap.xml", kind=SourceKind.SITEMAP)
    log = services.poll(source)
    assert log.ok and log.new_articles == 2
    article = Article.objects.get(url__endswith="/a/erau.html")
    assert article.published_at is not None


@pytest.mark.parametrize(
    ("break_it", "message"),
    [
        (lambda s: s.serve("/rss.xml", "malformed.xml", content_type=XML_TYPE), "malformed"),
        (lambda s: s.fail("/rss.xml", 500), "HTTP 500"),
        (lambda s: s.routes.pop("/rss.xml"), "HTTP 404"),
        (lambda s: s.redirect("/rss.xml", "/rss.xml"), "redirect loop"),
        pytest.param(
            lambda s: setattr(s.routes["/rss.xml"], "delay", 1.0),
            "timed out",
            marks=pytest.mark.slow,  # a real one-second timeout
        ),
    ],
    ids=["malformed", "500", "404", "redirect-loop", "timeout"],
)
def test_a_failing_feed_is_an_error_on_the_source_and_recovers(news_site, break_it, message):
    good = news_site.routes["/rss.xml"]
    break_it(news_site)
    source = feed(news_site)
    log = services.poll(source)
    assert not log.ok and message in log.error
    source.refresh_from_db()
    assert source.error_count == 1 and source.failures_total == 1
    assert message in source.last_error and source.last_failure_at
    assert source.next_poll_at > timezone.now() + timedelta(minutes=30)  # backed off
    assert Article.objects.count() == 0

    news_site.routes["/rss.xml"] = good
    news_site.routes["/rss.xml"].delay = 0
    log = services.poll(source)
    assert log.ok and log.new_articles == 2
    source.refresh_from_db()
    assert source.error_count == 0 and source.last_success_at > source.last_failure_at


@pytest.mark.parametrize(
    ("break_it", "message"),
    [
        (lambda s, p: s.fail(p, 500), "HTTP 500"),
        (lambda s, p: s.fail(p, 404), "HTTP 404"),
        (lambda s, p: s.redirect(p, p), "redirect loop"),
        pytest.param(
            lambda s, p: setattr(s.routes[p], "delay", 1.0),
            "timed out",
            marks=pytest.mark.slow,  # a real one-second timeout
        ),
        (lambda s, p: s.serve(p, body=b"<p>" + b"x" * 200_000 + b"</p>"), "exceeds"),
    ],
    ids=["500", "404", "redirect-loop", "timeout", "oversize"],
)
def test_a_failing_article_is_an_error_and_is_fetched_after_recovery(news_site, break_it, message):
    path = "/a/blokade-jongkang.html"
    good = news_site.routes[path]
    news_site.routes["/rss.xml"].etag = '"v1"'
    break_it(news_site, path)
    source = feed(news_site)
    log = services.poll(source)
    assert not log.ok and log.new_articles == 1 and log.errors == 1
    assert message in log.error and path in log.error
    source.refresh_from_db()
    assert message in source.last_error and source.error_count == 1
    assert source.etag == ""  # not kept: the next poll must read the feed again

    news_site.routes[path] = good
    good.delay = 0
    log = services.poll(source)
    assert log.ok and log.new_articles == 1 and not log.not_modified
    assert Article.objects.filter(url__endswith=path).exists()


def test_a_page_in_windows_1252_reads_correctly(site):
    site.serve("/a/adat.html", "cp1252.html", content_type="text/html")  # no charset here
    site.serve(
        "/rss.xml",
        body=(
            f'<rss version="2.0"><channel><title>t</title><item><title>Adat</title>'
            f"<link>{site.url}/a/adat.html</link></item></channel></rss>"
        ).encode(),
        content_type=XML_TYPE,
    )
    source = feed(site)
    assert services.poll(source).ok
    article = Article.objects.get()
    assert article.encoding == "cp1252"
    assert "\u201cjalan damai terbaik\u201d" in article.text and "caf\u00e9" in article.text


def test_a_page_forbidden_by_robots_txt_is_not_fetched(site):
    site.serve("/rahasia/a.html", "erau.html")
    site.serve(
        "/rss.xml",
        body=(
            f'<rss version="2.0"><channel><title>t</title><item><title>x</title>'
            f"<link>{site.url}/rahasia/a.html</link></item></channel></rss>"
        ).encode(),
        content_type=XML_TYPE,
    )
    log = services.poll(feed(site))
    assert "robots.txt" in log.error
    assert "/rahasia/a.html" not in site.paths()


def test_an_unexpected_failure_is_recorded_not_raised(news_site, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(services, "_links", broken)
    source = feed(news_site)
    log = services.poll(source)
    assert not log.ok and "internal error: RuntimeError: boom" in log.error
    assert PollLog.objects.filter(source=source).count() == 1


def test_due_sources_are_claimed_once_and_polled_by_the_periodic_task(news_site):
    from waspada.media.tasks import poll_due_sources

    due = feed(news_site)
    later = feed(news_site, "/atom.xml")
    Source.objects.filter(pk=later.pk).update(next_poll_at=timezone.now() + timedelta(hours=1))
    Source.objects.create(name="import", kind=SourceKind.IMPORT)
    assert services.claim_due_sources() == [due.pk]
    assert services.claim_due_sources() == []  # claimed: not again until its interval passes
    Source.objects.filter(pk=due.pk).update(next_poll_at=timezone.now())
    assert poll_due_sources.call() == 1
    assert Article.objects.count() == 2


def test_the_periodic_job_is_registered():
    from waspada.ops import periodic

    assert "media.poll_due_sources" in periodic.registered()


def test_each_new_article_is_read_and_handed_on(news_site, run_on_commit):
    from waspada.media.signals import article_analysed

    heard = []

    def receiver(sender, article_id, **kwargs):
        heard.append(article_id)

    article_analysed.connect(receiver)
    try:
        with run_on_commit():
            services.poll(feed(news_site))
    finally:
        article_analysed.disconnect(receiver)
    articles = Article.objects.order_by("pk")
    assert not articles.filter(analysed_at=None).exists()
    assert sorted(heard) == [a.pk for a in articles]
    for article in articles:
        reading = article.reading
        assert reading.relevance == article.relevance and reading.urgency == article.urgency


def test_with_the_database_queue_the_analysis_is_enqueued_with_the_article(news_site, settings):
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }
    services.poll(feed(news_site))  # each article's transaction carries its task
    tasks = DBTaskResult.objects.filter(task_path="waspada.media.tasks.analyse_article")
    assert sorted(t.args_kwargs["args"][0] for t in tasks) == sorted(
        Article.objects.values_list("pk", flat=True)
    )
