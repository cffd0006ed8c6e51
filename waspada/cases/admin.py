from django.contrib import admin

from .models import Action, Attendance, Case, CaseHistory, Decision, Meeting


class ActionInline(admin.TabularInline):
    model = Action
    fk_name = "case"
    extra = 0
    fields = ("type", "date", "organisation", "description", "follow_up_due", "done_at")


@admin.register(Case)
class CaseAdmin(admin.ModelAdmin):
    list_display = ("pk", "title", "phase", "status", "priority", "due_date", "classification")
    list_filter = ("phase", "status", "classification")
    search_fields = ("title", "summary")
    raw_id_fields = ("area", "events", "groups", "areas")
    inlines = [ActionInline]


@admin.register(CaseHistory)
class CaseHistoryAdmin(admin.ModelAdmin):
    list_display = ("case", "at", "user", "action")
    readonly_fields = ("case", "at", "user", "action", "changes", "note")


class AttendanceInline(admin.TabularInline):
    model = Attendance
    extra = 0


class DecisionInline(admin.TabularInline):
    model = Decision
    extra = 0
    raw_id_fields = ("case",)


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ("date", "place", "chair", "classification")
    inlines = [AttendanceInline, DecisionInline]
