from django.contrib import admin

from .models import Article, PollLog, Source, Story


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "active", "last_success_at", "last_failure_at", "error_count")
    list_filter = ("kind", "active")
    search_fields = ("name", "url", "outlet")
    readonly_fields = (
        "last_polled_at",
        "last_success_at",
        "last_failure_at",
        "last_error",
        "error_count",
        "failures_total",
        "etag",
        "last_modified",
        "next_poll_at",
    )


@admin.register(PollLog)
class PollLogAdmin(admin.ModelAdmin):
    list_display = ("source", "started_at", "ok", "links", "new_articles", "errors")
    list_filter = ("ok",)


@admin.register(Story)
class StoryAdmin(admin.ModelAdmin):
    list_display = (
        "title",
        "article_count",
        "relevance",
        "urgency",
        "triage",
        "kecamatan_code",
        "last_seen_at",
    )
    list_filter = ("triage", "relevance")
    search_fields = ("title",)


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    """The raw page, signature and analysis are not shown here (the article page shows them)."""

    list_display = ("title", "outlet", "relevance", "kecamatan_code", "fetched_at")
    list_filter = ("relevance", "language", "outlet")
    search_fields = ("title", "url")
    exclude = ("raw", "signature", "analysis")
    readonly_fields = ("url", "source", "story", "outlet", "fetched_at")
