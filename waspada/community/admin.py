from django.contrib import admin

from .models import CommunityGroup, Engagement, GroupRelation


@admin.register(CommunityGroup)
class CommunityGroupAdmin(admin.ModelAdmin):
    """Leaders (personal data) are not shown here: they are read, with audit, in the app."""

    list_display = ("name", "type", "area", "classification")
    list_filter = ("type", "classification")
    search_fields = ("name",)
    raw_id_fields = ("area", "areas")


@admin.register(GroupRelation)
class GroupRelationAdmin(admin.ModelAdmin):
    list_display = ("group", "other", "kind")


@admin.register(Engagement)
class EngagementAdmin(admin.ModelAdmin):
    list_display = ("date", "type", "area", "venue", "participants", "classification")
    list_filter = ("type", "classification")
    raw_id_fields = ("area", "groups")
    date_hierarchy = "date"
