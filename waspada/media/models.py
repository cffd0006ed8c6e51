from __future__ import annotations

import hashlib
import zlib
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from waspada.accounts.governed import GovernedRecord
from waspada.nlp.analysis import Analysis

# A failing source is polled less often: its interval doubles per consecutive error, up to this.
MAX_BACKOFF = timedelta(hours=24)


class SourceKind(models.TextChoices):
    FEED = "feed", _("RSS or Atom feed")
    LISTING = "listing", _("Web page listing article links")
    SITEMAP = "sitemap", _("Sitemap")
    IMPORT = "import", _("Imported posts or pages (not polled)")


class Source(models.Model):
    """Where articles come from: a feed, listing page or sitemap that is polled on a schedule,
    or a name for imported posts. Carries its own health: last success, last failure, errors."""

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(
        _("kind"), max_length=10, choices=SourceKind.choices, default=SourceKind.FEED
    )
    url = models.URLField(_("address"), max_length=1000, blank=True)
    outlet = models.CharField(
        _("outlet"),
        max_length=200,
        blank=True,
        help_text=_("The news outlet shown beside its articles; the web address's host if empty."),
    )
    link_pattern = models.CharField(
        _("link pattern"),
        max_length=300,
        blank=True,
        help_text=_("Listing pages: a regular expression that article addresses match."),
    )
    every_minutes = models.PositiveIntegerField(_("poll every (minutes)"), default=30)
    active = models.BooleanField(_("active"), default=True)

    next_poll_at = models.DateTimeField(default=timezone.now, db_index=True, editable=False)
    last_polled_at = models.DateTimeField(_("last polled"), null=True, blank=True, editable=False)
    last_success_at = models.DateTimeField(_("last success"), null=True, blank=True, editable=False)
    last_failure_at = models.DateTimeField(_("last failure"), null=True, blank=True, editable=False)
    last_error = models.TextField(_("last error"), blank=True, editable=False)
    error_count = models.PositiveIntegerField(_("errors in a row"), default=0, editable=False)
    failures_total = models.PositiveIntegerField(_("errors in all"), default=0, editable=False)
    # Conditional requests: what the server said last time.
    etag = models.CharField(max_length=300, blank=True, editable=False)
    last_modified = models.CharField(max_length=100, blank=True, editable=False)

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("source")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("media:source_edit", args=[self.pk])

    @property
    def polled(self) -> bool:
        return self.kind != SourceKind.IMPORT and bool(self.url)

    @property
    def healthy(self) -> bool:
        return self.error_count == 0

    def backoff(self) -> timedelta:
        every = timedelta(minutes=max(1, self.every_minutes))
        if self.error_count == 0:
            return every
        return min(every * 2 ** min(self.error_count, 16), max(MAX_BACKOFF, every))


class PollLog(models.Model):
    """One poll of a source (or one fetch for it): what came back and what was added."""

    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="polls")
    started_at = models.DateTimeField(default=timezone.now, db_index=True)
    seconds = models.FloatField(default=0)
    ok = models.BooleanField(default=False)
    not_modified = models.BooleanField(default=False)
    links = models.PositiveIntegerField(default=0)
    new_articles = models.PositiveIntegerField(default=0)
    errors = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-started_at", "-pk"]

    def __str__(self):
        return f"{self.source} {self.started_at:%Y-%m-%d %H:%M}"


class Triage(models.TextChoices):
    NONE = "", _("not for triage")
    PENDING = "baru", _("awaiting triage")
    REVIEWED = "ditinjau", _("reviewed")
    DISMISSED = "diabaikan", _("dismissed")


class StoryQuerySet(models.QuerySet):
    def awaiting_triage(self):
        return self.filter(triage=Triage.PENDING)

    def triage_order(self):
        return self.order_by(models.F("urgency").desc(nulls_last=True), "-last_seen_at")


class Story(GovernedRecord):
    """One story told by one or more articles (near-duplicates, usually from several outlets).

    The unit of triage: a relevant article placed in the regency puts its story in the queue;
    ``area`` and ``urgency`` are those of its most urgent such article.
    """

    title = models.CharField(_("title"), max_length=500, blank=True)
    first_seen_at = models.DateTimeField(default=timezone.now, db_index=True)
    last_seen_at = models.DateTimeField(default=timezone.now, db_index=True)
    article_count = models.PositiveIntegerField(default=0)
    relevance = models.CharField(_("relevance"), max_length=12, blank=True, db_index=True)
    urgency = models.FloatField(null=True, blank=True, db_index=True)
    triage = models.CharField(
        _("triage"),
        max_length=10,
        choices=Triage.choices,
        default=Triage.NONE,
        blank=True,
        db_index=True,
    )
    triaged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    triaged_at = models.DateTimeField(null=True, blank=True)

    objects = StoryQuerySet.as_manager()

    class Meta:
        ordering = ["-last_seen_at"]
        verbose_name = _("story")
        verbose_name_plural = _("stories")

    def __str__(self):
        return self.title or f"story {self.pk}"

    # What a triage queue shows for any item (reports have the same names).
    kind = "article"

    @property
    def received_at(self):
        return self.first_seen_at

    @property
    def lead(self):
        """The article that stands for the story: its most urgent one, else the first."""
        articles = list(self.articles.all())
        if not articles:
            return None
        return max(articles, key=lambda a: (a.urgency or 0, -a.pk))

    def outlets(self) -> list[str]:
        """The outlets that told the story, the first to tell it first."""
        seen = []
        for article in sorted(self.articles.all(), key=lambda a: a.pk):
            if article.outlet not in seen:
                seen.append(article.outlet)
        return seen

    def get_absolute_url(self):
        lead = self.lead
        return lead.get_absolute_url() if lead else reverse("media:articles")


def compress(data: bytes) -> bytes:
    return zlib.compress(data, 6)


def url_key(url: str) -> str:
    return hashlib.sha256(url.encode("utf-8")).hexdigest()


class Article(GovernedRecord):
    """One article or post as fetched: the raw page (compressed), the text read from it, its
    analysis. ``area`` (GovernedRecord) is the analysis' primary place when in the regency."""

    source = models.ForeignKey(
        Source,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="articles",
        verbose_name=_("source"),
    )
    story = models.ForeignKey(
        Story, null=True, blank=True, on_delete=models.SET_NULL, related_name="articles"
    )
    url = models.URLField(_("address"), max_length=2000)
    url_hash = models.CharField(max_length=64, unique=True, editable=False)
    outlet = models.CharField(_("outlet"), max_length=200, db_index=True)
    title = models.CharField(_("title"), max_length=500, blank=True)
    author = models.CharField(_("author"), max_length=300, blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True, db_index=True)
    text = models.TextField(_("text"), blank=True)
    language = models.CharField(_("language"), max_length=8, blank=True)

    raw = models.BinaryField(null=True, blank=True, editable=False)  # zlib-compressed
    raw_content_type = models.CharField(max_length=200, blank=True, editable=False)
    encoding = models.CharField(max_length=40, blank=True, editable=False)
    content_hash = models.CharField(max_length=64, db_index=True, editable=False)
    signature = models.BinaryField(null=True, blank=True, editable=False)  # MinHash
    fetched_at = models.DateTimeField(_("fetched"), default=timezone.now, db_index=True)

    analysis = models.JSONField(null=True, blank=True, editable=False)
    analysed_at = models.DateTimeField(null=True, blank=True, editable=False)
    relevance = models.CharField(_("relevance"), max_length=12, blank=True, db_index=True)
    urgency = models.FloatField(null=True, blank=True, editable=False)
    in_regency = models.BooleanField(default=False, editable=False)

    class Meta:
        ordering = ["-fetched_at", "-pk"]
        verbose_name = _("article")

    def __str__(self):
        return self.title or self.url

    def get_absolute_url(self):
        return reverse("media:article", args=[self.pk])

    def save(self, *args, **kwargs):
        self.url_hash = url_key(self.url)
        super().save(*args, **kwargs)

    @property
    def raw_bytes(self) -> bytes:
        return zlib.decompress(bytes(self.raw)) if self.raw else b""

    @property
    def relevant(self) -> bool:
        return self.relevance not in ("", "none")

    @property
    def reading(self) -> Analysis | None:
        """What the analysis made of the article (``waspada.nlp.Analysis``); None before it
        has been analysed. Read its attributes, never the stored JSON."""
        if self.analysis is None:
            return None
        return Analysis.from_dict(self.analysis)


class ArticleBand(models.Model):
    """Locality-sensitive hashing index of the MinHash signatures: articles that share a band
    are candidates for the same story (waspada.media.similarity)."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="bands")
    band = models.PositiveSmallIntegerField()
    value = models.BigIntegerField()

    class Meta:
        indexes = [models.Index(fields=["value"])]

    def __str__(self):
        return f"{self.article_id}:{self.band}"


class ChangeStamp(models.Model):
    """One row (id 1) whose version the database bumps on every change to stories
    (triggers: waspada/media/stamp.py)."""

    version = models.BigIntegerField(default=0)

    def __str__(self):
        return f"stories version {self.version}"
