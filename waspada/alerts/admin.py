from django.contrib import admin

from .models import Alert, Channel, Delivery, Message, Rule, RuleVersion, Subscription


class RuleVersionInline(admin.TabularInline):
    model = RuleVersion
    extra = 0
    can_delete = False
    readonly_fields = ["version", "data", "at", "by"]


@admin.register(Rule)
class RuleAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "level", "is_active", "version", "updated_at"]
    list_filter = ["kind", "is_active", "level"]
    filter_horizontal = ["areas"]
    inlines = [RuleVersionInline]

    def save_model(self, request, obj, form, change):
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # The version row written on save predates the areas: bring it up to date.
        RuleVersion.objects.filter(rule=form.instance, version=form.instance.version).update(
            data=form.instance.snapshot()
        )


@admin.register(Alert)
class AlertAdmin(admin.ModelAdmin):
    list_display = ["title", "level", "area", "status", "tier", "raised_at", "classification"]
    list_filter = ["status", "level", "classification"]
    raw_id_fields = ["area", "acknowledged_by", "created_by"]


@admin.register(Subscription)
class SubscriptionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "min_level", "tier", "is_active"]
    list_filter = ["tier", "min_level", "is_active"]
    filter_horizontal = ["areas", "channels"]


@admin.register(Channel)
class ChannelAdmin(admin.ModelAdmin):
    list_display = ["__str__", "kind", "user", "organisation", "enabled", "disabled_reason"]
    list_filter = ["kind", "enabled"]


class DeliveryInline(admin.TabularInline):
    model = Delivery
    extra = 0
    can_delete = False
    readonly_fields = ["number", "started_at", "finished_at", "outcome", "error"]


@admin.register(Message)
class MessageAdmin(admin.ModelAdmin):
    list_display = ["__str__", "status", "attempts", "created_at", "sent_at", "topic"]
    list_filter = ["status", "kind"]
    search_fields = ["topic", "address", "subject"]
    readonly_fields = [f.name for f in Message._meta.fields]
    inlines = [DeliveryInline]
