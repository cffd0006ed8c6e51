from django.contrib import admin, messages
from django.utils.translation import gettext as _

from .models import ApiToken


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ("name", "user", "hint", "created_at", "last_used_at", "revoked_at")
    list_filter = ("revoked_at",)
    search_fields = ("name", "user__username")
    readonly_fields = ("hint", "created_at", "created_by", "last_used_at")
    actions = ["revoke"]

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
