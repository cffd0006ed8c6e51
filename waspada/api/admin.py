from django.contrib import admin, messages
from django.utils.translation import gettext as _

from waspada.accounts.models import Role

from .models import ApiToken


def _is_admin(request) -> bool:
    user = request.user
    return user.is_active and (user.is_superuser or user.role == Role.ADMIN)


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ("name", "user", "hint", "created_at", "last_used_at", "revoked_at")
    list_filter = ("revoked_at",)
    search_fields = ("name", "user__username")
    readonly_fields = ("hint", "created_at", "created_by", "last_used_at")
    actions = ["revoke"]

    # Tokens are for system administrators (the admin role), with or without model permissions.
    def has_module_permission(self, request):
        return _is_admin(request)

    def has_view_permission(self, request, obj=None):
        return _is_admin(request)

    def has_add_permission(self, request):
        return _is_admin(request)

    def has_change_permission(self, request, obj=None):
        return _is_admin(request)

    def has_delete_permission(self, request, obj=None):
        return _is_admin(request)

    def get_fields(self, request, obj=None):
        if obj is None:
            return ("user", "name")
        return ("user", "name", "hint", "created_at", "created_by", "last_used_at", "revoked_at")

    def save_model(self, request, obj, form, change):
        if change:
            return super().save_model(request, obj, form, change)
        token, raw = ApiToken.issue(obj.user, obj.name, created_by=request.user)
        obj.pk = token.pk
        obj.__dict__.update(token.__dict__)
        messages.warning(
            request,
            _("Copy the token now; it is shown only once: %(token)s") % {"token": raw},
        )

    @admin.action(description="Revoke the selected tokens")
    def revoke(self, request, queryset):
        for token in queryset.active():
            token.revoke()
