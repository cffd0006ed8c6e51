from django.contrib import admin

from .models import Event, ImportBatch


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ("id", "event_date", "area", "form", "verification", "classification")
    list_filter = ("verification", "form", "classification", "external_source")
    search_fields = ("summary", "actor1", "actor2", "external_id")
    raw_id_fields = (
        "area",
        "duplicate_of",
        "reports",
        "organisation",
        "created_by",
        "verified_by",
        "import_batch",
    )


@admin.register(ImportBatch)
class ImportBatchAdmin(admin.ModelAdmin):
    list_display = ("id", "filename", "format", "status", "rows", "created_at")
    exclude = ("content",)
