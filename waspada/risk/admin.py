from django.contrib import admin

from .models import AreaProfile, AreaProfileHistory, ProfileImport, RiskLevelChange, RiskScore


class HistoryInline(admin.TabularInline):
    model = AreaProfileHistory
    extra = 0
    can_delete = False
    readonly_fields = ("at", "user", "action", "changes", "profile_import")


@admin.register(AreaProfile)
class AreaProfileAdmin(admin.ModelAdmin):
    list_display = ("area", "population", "poverty_rate", "fkdm_present", "updated_at")
    search_fields = ("area__name", "area__code")
    raw_id_fields = ("area",)
    readonly_fields = ("updated_at", "updated_by")
    inlines = [HistoryInline]


@admin.register(RiskScore)
class RiskScoreAdmin(admin.ModelAdmin):
    list_display = ("area", "source", "window", "score", "level", "computed_at")
    list_filter = ("level", "window", "source", "level_of_area")
    search_fields = ("area__code", "area__name")
    raw_id_fields = ("area",)

    def has_change_permission(self, request, obj=None):
        return False  # derived: recomputed by waspada.risk.tasks


@admin.register(RiskLevelChange)
class RiskLevelChangeAdmin(admin.ModelAdmin):
    list_display = ("at", "area", "source", "old_level", "new_level", "score")
    list_filter = ("new_level", "source")
    raw_id_fields = ("area",)


@admin.register(ProfileImport)
class ProfileImportAdmin(admin.ModelAdmin):
    list_display = ("created_at", "filename", "ok", "rows", "created_by")
    exclude = ("content",)
