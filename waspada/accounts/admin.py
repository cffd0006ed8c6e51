from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from .models import AuditLog, Organisation, User


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ("name", "short_name", "type", "parent", "is_demo")
    list_filter = ("type", "is_demo")
    search_fields = ("name", "short_name")
    autocomplete_fields = ("area",)


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ("username", "get_full_name", "role", "organisation", "scope_all", "is_active")
    list_filter = ("role", "organisation__type", "is_active", "is_demo")
    fieldsets = BaseUserAdmin.fieldsets + (
        (
            "Waspada",
            {
                "fields": (
                    "role",
                    "organisation",
                    "scope_all",
                    "scope_kecamatan",
                    "phone",
                    "is_demo",
                )
            },
        ),
    )
    filter_horizontal = ("scope_kecamatan", "groups", "user_permissions")


@admin.register(AuditLog)
class AuditLogAdmin(admin.ModelAdmin):
    list_display = ("at", "username", "action", "object_type", "object_id", "field", "ip")
    list_filter = ("action",)
    search_fields = ("username", "object_id")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
