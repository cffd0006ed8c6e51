"""Media monitoring's work: poll a source, store an article, group stories, analyse, triage.

Views, tasks and commands call these; nothing else writes an Article or a Story.
"""

from __future__ import annotations

import logging
import time
from datetime import timedelta
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Prefetch, Q
from django.utils import timezone

from waspada.accounts import policy
from waspada.lib.queue import enqueue_with_transaction

from . import similarity, stamp
from .extract import ExtractError, content_hash, extract, language
from .feeds import Link, ParseError, parse_feed, parse_listing, parse_sitemap
from .fetch import FetchError, fetch
from .models import (
    Article,
    ArticleBand,
    PollLog,
    Source,
    SourceKind,
    Story,
    Triage,
    compress,
    url_key,
)
from .signals import article_analysed

if TYPE_CHECKING:
    from waspada.nlp.analysis import Analysis

logger = logging.getLogger("waspada.media")
MAX_SITEMAP_CHILDREN = 5
# What a story needs of its articles (not the raw page, the text or the analysis).
LIGHT_FIELDS = (
    "pk",
    "story_id",
    "url",
    "outlet",
    "title",
    "relevance",
    "in_regency",
    "urgency",
    "area_id",
    "analysed_at",
    "fetched_at",
)
MAX_ERROR_CHARS = 2000


def outlet_of(url: str, source: Source | None = None) -> str:
    if source is not None and (source.outlet or source.kind == SourceKind.IMPORT):
        return source.outlet or source.name
    host = urlsplit(url).hostname or ""
    return host.removeprefix("www.") or (source.name if source else "")


# Storing ------------------------------------------------------------------------------------


def store_article(
    *,
    url: str,
    title: str = "",
    text: str = "",
    source: Source | None = None,
    outlet: str = "",
    author: str = "",
    published_at=None,
    lang: str | None = None,
    raw: bytes = b"",
    raw_content_type: str = "",
    encoding: str = "",
) -> tuple[Article, bool]:
    """Store one article (once per URL) in its story, its analysis enqueued with it."""
    existing = Article.objects.filter(url_hash=url_key(url)).first()
    if existing is not None:
        return existing, False
    article = Article(
        url=url,
        source=source,
        outlet=(outlet or outlet_of(url, source))[:200],
        title=title[:500],
        text=text,
        author=author[:300],
        published_at=published_at,
        language=language(f"{title}\n{text}") if lang is None else lang,
        raw=compress(raw) if raw else None,
        raw_content_type=raw_content_type[:200],
        encoding=encoding[:40],
        content_hash=content_hash(f"{title}\n{text}"),
        signature=similarity.signature(text),
    )
    try:
        with transaction.atomic():
            article.save()
            _join_story(article)
            from .tasks import analyse_article

            enqueue_with_transaction(analyse_article, article.pk)  # committed with it
    except IntegrityError:
        existing = Article.objects.filter(url_hash=url_key(url)).first()
        if existing is None:
            raise
        return existing, False
    return article, True


def store_page(
    url: str,
    body: bytes,
    content_type: str = "",
    *,
    source: Source | None = None,
    link: Link | None = None,
    final_url: str = "",
) -> tuple[Article, bool]:
    """Read a fetched (or saved) page and store it; ExtractError when it holds no text."""
    found = extract(body, content_type, final_url or url)
    return store_article(
        url=url,
        source=source,
        title=found.title or (link.title if link else ""),
        text=found.text,
        author=found.author,
        published_at=found.published_at or (link.published_at if link else None),
        lang=found.language,
        raw=body,
        raw_content_type=content_type or "text/html",
        encoding=found.encoding,
    )


def _join_story(article: Article) -> None:
    """Put a just-saved article in the story of its nearest earlier article, or a new one."""
    story = None
    window = timezone.now() - timedelta(days=settings.WASPADA_MEDIA_CLUSTER_DAYS)
    same_text = (
        Article.objects.filter(content_hash=article.content_hash, story__isnull=False)
        .exclude(pk=article.pk)
        .order_by("pk")
        .first()
    )
    if same_text is not None:
        story = same_text.story
    elif article.signature:
        bands = similarity.bands(bytes(article.signature))
        wanted = set(bands)
        rows = ArticleBand.objects.filter(
            value__in=[value for _band, value in bands],
            article__fetched_at__gte=window,
        ).values_list("article_id", "band", "value")
        candidates = {pk for pk, band, value in rows if (band, value) in wanted}
        best, best_score = None, 0.0
        for other in Article.objects.filter(pk__in=candidates, story__isnull=False).only(
            "pk", "signature", "story_id"
        ):
            score = similarity.similarity(bytes(article.signature), bytes(other.signature))
            if score > best_score:
                best, best_score = other, score
        if best is not None and best_score >= similarity.THRESHOLD:
            story = best.story
    if article.signature:
        ArticleBand.objects.bulk_create(
            ArticleBand(article=article, band=band, value=value)
            for band, value in similarity.bands(bytes(article.signature))
        )
    now = timezone.now()
    if story is None:
        story = Story.objects.create(
            title=article.title, first_seen_at=now, last_seen_at=now, article_count=1
        )
    else:
        Story.objects.filter(pk=story.pk).update(
            last_seen_at=now, article_count=story.articles.count() + 1
        )
    Article.objects.filter(pk=article.pk).update(story=story)
    article.story = story


# Fetching and polling -----------------------------------------------------------------------


def fetch_url(
    url: str, source: Source | None = None, link: Link | None = None
) -> tuple[Article, bool]:
    """Fetch one article page and store it (FetchError, ExtractError on failure)."""
    existing = Article.objects.filter(url_hash=url_key(url)).first()
    if existing is not None:
        return existing, False
    fetched = fetch(url)
    if fetched.url != url and Article.objects.filter(url_hash=url_key(fetched.url)).exists():
        return Article.objects.get(url_hash=url_key(fetched.url)), False
    return store_page(
        url,
        fetched.body,
        fetched.content_type,
        source=source,
        link=link,
        final_url=fetched.url,
    )


def _links(source: Source, fetched) -> list[Link]:
    if source.kind == SourceKind.FEED:
        return parse_feed(fetched.body, fetched.url, fetched.content_type)
    if source.kind == SourceKind.LISTING:
        return parse_listing(fetched.body, fetched.url, fetched.content_type, source.link_pattern)
    if source.kind == SourceKind.SITEMAP:
        links, children = parse_sitemap(fetched.body, fetched.url)
        for child in children[:MAX_SITEMAP_CHILDREN]:
            links += parse_sitemap(fetch(child).body, child)[0]
        return links
    return []


def _unseen(links: list[Link]) -> list[Link]:
    keys = {url_key(link.url): link for link in links}
    known = set(Article.objects.filter(url_hash__in=list(keys)).values_list("url_hash", flat=True))
    unseen, seen_urls = [], set()
    for key, link in keys.items():
        if key not in known and link.url not in seen_urls:
            seen_urls.add(link.url)
            unseen.append(link)
    return unseen


def poll(source: Source) -> PollLog:
    """Poll one source: fetch its feed/listing/sitemap, then every article not yet stored.

    Every failure (of the source or of one article) is written on the source and the poll log;
    nothing raises. Validators (ETag, Last-Modified) are kept only after a poll that stored
    everything it found, so that articles that failed are fetched again next time.
    """
    started, now = time.monotonic(), timezone.now()
    log = PollLog(source=source, started_at=now)
    errors: list[str] = []
    complete = False
    validators = {}
    new_ids: list[int] = []
    try:
        fetched = fetch(source.url, etag=source.etag, last_modified=source.last_modified)
        if fetched.not_modified:
            log.not_modified = True
            complete = True
        else:
            validators = {
                "etag": fetched.headers.get("etag", "")[:300],
                "last_modified": fetched.headers.get("last-modified", "")[:100],
            }
            links = _links(source, fetched)
            log.links = len(links)
            todo = _unseen(links)
            limit = settings.WASPADA_MEDIA_MAX_ARTICLES_PER_POLL
            for link in todo[:limit]:
                try:
                    article, created = fetch_url(link.url, source=source, link=link)
                    if created:
                        new_ids.append(article.pk)
                except (FetchError, ExtractError) as e:
                    errors.append(f"{link.url}: {e}")
            complete = len(todo) <= limit
    except (FetchError, ParseError) as e:
        errors.insert(0, f"{source.url}: {e}")
    except Exception as e:  # a bug or an unexpected page must not stop the other sources
        logger.exception("media: polling source %s failed", source.pk)
        errors.insert(0, f"{source.url}: internal error: {type(e).__name__}: {e}")
    log.new_articles = len(new_ids)
    log.errors = len(errors)
    log.ok = not errors
    log.error = "\n".join(errors)[:MAX_ERROR_CHARS]
    log.seconds = round(time.monotonic() - started, 3)
    log.save()
    _record(source, log, validators if complete and not errors else None)
    return log


def _record(source: Source, log: PollLog, validators: dict | None) -> None:
    now = timezone.now()
    source.last_polled_at = now
    if log.ok:
        source.last_success_at = now
        source.error_count = 0
    else:
        source.last_failure_at = now
        source.last_error = log.error
        source.error_count += 1
        source.failures_total += log.errors
    if validators:  # a 304 keeps the validators it answered
        source.etag = validators["etag"]
        source.last_modified = validators["last_modified"]
    source.next_poll_at = now + source.backoff()
    source.save(
        update_fields=[
            "last_polled_at",
            "last_success_at",
            "last_failure_at",
            "last_error",
            "error_count",
            "failures_total",
            "etag",
            "last_modified",
            "next_poll_at",
        ]
    )


def claim_due_sources(now=None) -> list[int]:
    """Sources whose time has come, each claimed once (conditional update of next_poll_at)."""
    now = now or timezone.now()
    claimed = []
    due = (
        Source.objects.filter(active=True, next_poll_at__lte=now)
        .exclude(kind=SourceKind.IMPORT)
        .exclude(url="")
    )
    for source in due.only("pk", "next_poll_at", "every_minutes", "error_count"):
        if Source.objects.filter(pk=source.pk, next_poll_at=source.next_poll_at).update(
            next_poll_at=now + source.backoff()
        ):
            claimed.append(source.pk)
    return claimed


# Analysis and triage ------------------------------------------------------------------------


def _regency_area(analysis: Analysis):
    """The first place of the analysis (primary first) that lies in this regency."""
    from waspada.areas.models import Area

    regency = settings.WASPADA_REGENCY
    codes = [analysis.primary_place, *(p["code"] for p in analysis.places if "code" in p)]
    for code in codes:
        if code and (code == regency or code.startswith(f"{regency}.")):
            area = Area.objects.filter(code=code).first()
            if area is not None:
                return area
    return None


def analyse(article_id: int) -> bool:
    """Read an article with the NLP pipeline, keep the analysis, update the article's story
    and hand it on (``article_analysed``, in the same transaction)."""
    from waspada.nlp import analyze  # the models load on first use, in the worker only

    article = (
        Article.objects.filter(pk=article_id)
        .only("pk", "title", "text", "published_at", "fetched_at", "story_id")
        .first()
    )
    if article is None:
        return False
    published = article.published_at or article.fetched_at
    analysis = analyze(
        article.text, published_at=published, title=article.title or None, channel="news"
    )
    area = _regency_area(analysis)
    with transaction.atomic():
        Article.objects.filter(pk=article.pk).update(
            analysis=analysis.as_dict(),
            analysed_at=timezone.now(),
            relevance=analysis.relevance[:12],
            urgency=analysis.urgency,
            in_regency=area is not None,
            area=area,
            kecamatan_code=area.kecamatan_code if area is not None else None,
        )
        if article.story_id:
            refresh_story(article.story_id)
        article_analysed.announce(article_id=article.pk)
    return True


def refresh_story(story_id: int) -> None:
    """Recompute a story from its articles; a relevant one placed in the regency puts it in
    the triage queue (once: a story already reviewed or dismissed keeps its state)."""
    with transaction.atomic():
        story = Story.objects.select_for_update().filter(pk=story_id).first()
        if story is None:
            return
        articles = list(story.articles.only(*LIGHT_FIELDS))
        story.article_count = len(articles)
        placed = [a for a in articles if a.relevant and a.in_regency]
        pool = placed or [a for a in articles if a.analysed_at]
        if pool:
            best = max(pool, key=lambda a: (a.urgency or 0, -a.pk))
            story.urgency = best.urgency
            story.relevance = best.relevance
            story.area_id = best.area_id
        if placed and story.triage == Triage.NONE:
            story.triage = Triage.PENDING
        story.save()


def _waiting(visible):
    return Story.objects.awaiting_triage().filter(visible)


def triage_items(user):
    """Stories awaiting triage that ``user`` may triage, most urgent first.

    Each item has ``title``, ``urgency``, ``relevance``, ``area``, ``received_at`` (first
    seen), ``kind`` ("article"), ``outlets()``, ``article_count``, ``get_absolute_url()``.
    """
    if not policy.has_capability(user, "records.triage"):
        return Story.objects.none()
    visible = policy.visible_filter(user)
    # Usually none wait: asked once per change of the stories and visibility, not per page.
    if not stamp.cached(("waiting", str(visible)), lambda: _waiting(visible).exists()):
        return Story.objects.none()
    return (
        _waiting(visible)
        .select_related("area")
        .defer("area__geometry")
        # The lead article's analysis gives the row its severity and casualties.
        .prefetch_related(Prefetch("articles", Article.objects.only(*LIGHT_FIELDS, "analysis")))
        .triage_order()
    )


def set_triage(story: Story, status: str, user) -> None:
    if not (policy.has_capability(user, "records.triage") and policy.can_view(user, story)):
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied
    story.triage = status
    story.triaged_by = user
    story.triaged_at = timezone.now()
    story.save(update_fields=["triage", "triaged_by", "triaged_at"])


def visible_articles(user):
    return Article.objects.filter(policy.visible_filter(user))


def search(queryset, query: str):
    query = (query or "").strip()
    if not query:
        return queryset
    return queryset.filter(
        Q(title__icontains=query) | Q(text__icontains=query) | Q(outlet__icontains=query)
    )
