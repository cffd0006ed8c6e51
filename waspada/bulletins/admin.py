from django.contrib import admin

from .models import Bulletin, BulletinEntry


class EntryInline(admin.TabularInline):
    model = BulletinEntry
    extra = 0
    raw_id_fields = ["area"]


@admin.register(Bulletin)
class BulletinAdmin(admin.ModelAdmin):
    list_display = ["title", "status", "created_by", "approved_by", "published_at"]
    list_filter = ["status"]
    readonly_fields = ["status", "approved_by", "published_at"]
    inlines = [EntryInline]
