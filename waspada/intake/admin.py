from django.contrib import admin

from .models import Attachment, Report, ReportLog


class AttachmentInline(admin.TabularInline):
    model = Attachment
    extra = 0
    fields = ("original_name", "content_type", "size", "fetch_error")
    readonly_fields = fields


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    """For system administrators: the identity and raw payload are not shown here."""

    list_display = (
        "tracking_code",
        "channel",
        "status",
        "classification",
        "kecamatan_code",
        "received_at",
    )
    list_filter = ("channel", "status", "classification")
    search_fields = ("tracking_code", "title")
    readonly_fields = (
        "tracking_code",
        "channel",
        "channel_message_id",
        "received_at",
        "analysed_at",
        "urgency",
    )
    exclude = ("text",)
    inlines = [AttachmentInline]


@admin.register(ReportLog)
class ReportLogAdmin(admin.ModelAdmin):
    list_display = ("report", "kind", "at", "actor")
    list_filter = ("kind",)
    readonly_fields = (
        "report",
        "kind",
        "at",
        "actor",
        "text",
        "detail",
        "channel",
        "channel_message_id",
    )
    exclude = ("raw_body",)
