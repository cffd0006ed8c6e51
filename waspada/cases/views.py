from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from waspada.accounts.access import capability_required
from waspada.accounts.policy import can_change, can_view, in_area_scope, visible_filter
from waspada.alerts.models import Alert
from waspada.events.models import Event

from . import agenda, services
from .forms import (
    ActionForm,
    AttendanceForm,
    CaseForm,
    DecisionForm,
    DoneForm,
    MeetingForm,
    NotesForm,
    StatusForm,
)
from .models import Action, Case, Meeting
from .pdf import minutes_pdf
from .queries import visible_cases, visible_meetings, with_overdue_counts
from .vocab import Phase, Status


def _case(request, pk) -> Case:
    case = get_object_or_404(Case.objects.select_related("area", "lead_organisation"), pk=pk)
    if not can_view(request.user, case):
        raise Http404  # do not reveal that a hidden case exists
    return case


def _changeable_case(request, pk) -> Case:
    case = _case(request, pk)
    if not can_change(request.user, case):
        raise Http404
    return case


def _meeting(request, pk) -> Meeting:
    meeting = get_object_or_404(Meeting, pk=pk)
    if not can_view(request.user, meeting):
        raise Http404
    return meeting


def _visible_groups(user):
    from waspada.community.models import CommunityGroup

    return CommunityGroup.objects.filter(visible_filter(user)).order_by("name")


@capability_required("cases.view")
def case_list(request):
    today = timezone.localdate()
    cases = with_overdue_counts(visible_cases(request.user), today).order_by(
        "priority", "-opened_at", "-pk"
    )
    status, phase = request.GET.get("status", "open"), request.GET.get("phase", "")
    if status == "open":
        cases = cases.open()
    elif status in Status.values:
        cases = cases.filter(status=status)
    if phase in Phase.values:
        cases = cases.filter(phase=phase)
    page = Paginator(cases, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "cases/list.html",
        {
            "page": page,
            "status": status,
            "phase": phase,
            "today": today,
            "statuses": Status.choices,
            "phases": Phase.choices,
        },
    )


def _case_fields(request, form) -> tuple[dict, dict] | None:
    data = dict(form.cleaned_data)
    area = data.pop("area")
    if not in_area_scope(request.user, area.kecamatan_code):
        form.add_error("area", _("This area is outside your scope."))
        return None
    event_ids = data.pop("events")
    events = [e for e in Event.objects.filter(pk__in=event_ids) if can_view(request.user, e)]
    if len(events) != len(event_ids):
        form.add_error("events", _("No visible event with some of these numbers."))
        return None
    alert_ids = data.pop("alerts")
    alerts = list(Alert.objects.filter(visible_filter(request.user), pk__in=alert_ids))
    if len(alerts) != len(alert_ids):
        form.add_error("alerts", _("No visible alert with some of these numbers."))
        return None
    related = {
        "areas": [area, *[a for a in data.pop("other_areas") if a.pk != area.pk]],
        "involved": list(data.pop("involved")),
        "groups": list(data.pop("groups")),
        "events": events,
        "alerts": alerts,
    }
    data["area"] = area
    return data, related


def _initial_from(request) -> dict:
    """A case opened from an event (``?event=``) or an alert (``?alert=``) starts from it."""
    initial = {
        "lead_organisation": request.user.organisation_id,
        "area": request.GET.get("area", ""),
    }
    event_id = request.GET.get("event", "")
    if event_id.isdigit():
        event = Event.objects.filter(pk=event_id).select_related("area").first()
        if event is not None and can_view(request.user, event):
            initial.update(
                events=str(event.pk),
                area=event.area_id or "",
                title=event.summary[:200],
                sources=event.source_list,
                phase="penghentian" if event.relevance == "incident" else "pencegahan",
            )
    alert_id = request.GET.get("alert", "")
    if alert_id.isdigit():
        initial["alerts"] = alert_id
    return initial


@capability_required("cases.manage")
def create(request):
    form = CaseForm(
        request.POST or None,
        groups=_visible_groups(request.user),
        initial=_initial_from(request),
        user=request.user,
    )
    if request.method == "POST" and form.is_valid():
        parts = _case_fields(request, form)
        if parts is not None:
            fields, related = parts
            case = services.open_case(user=request.user, **related, **fields)
            messages.success(request, _("Case #%(n)s opened.") % {"n": case.pk})
            return redirect("cases:detail", case.pk)
    return render(request, "cases/form.html", {"form": form})


@capability_required("cases.manage")
def edit(request, pk):
    case = _changeable_case(request, pk)
    if request.method == "POST":
        form = CaseForm(request.POST, groups=_visible_groups(request.user), user=request.user)
        if form.is_valid():
            parts = _case_fields(request, form)
            if parts is not None:
                fields, related = parts
                services.update_case(case, user=request.user, **related, **fields)
                messages.success(request, _("Changes saved."))
                return redirect("cases:detail", case.pk)
    else:
        form = CaseForm(
            groups=_visible_groups(request.user),
            user=request.user,
            initial={
                "title": case.title,
                "summary": case.summary,
                "area": case.area_id or "",
                "other_areas": " ".join(a.pk for a in case.areas.all() if a.pk != case.area_id),
                "sources": case.sources,
                "phase": case.phase,
                "status": case.status,
                "priority": case.priority,
                "due_date": case.due_date,
                "lead_organisation": case.lead_organisation_id,
                "involved": list(case.involved.all()),
                "groups": list(case.groups.all()),
                "events": ", ".join(str(e.pk) for e in case.events.all()),
                "alerts": ", ".join(str(a.pk) for a in case.alerts.all()),
                "classification": case.classification,
            },
        )
    return render(request, "cases/form.html", {"form": form, "case": case})


@capability_required("cases.view")
def detail(request, pk):
    case = _case(request, pk)
    today = timezone.localdate()
    return render(
        request,
        "cases/detail.html",
        {
            "case": case,
            "today": today,
            "actions": case.actions.select_related("organisation", "decision__meeting"),
            "history": case.history.select_related("user"),
            "events": [e for e in case.events.select_related("area") if can_view(request.user, e)],
            "groups": [g for g in case.groups.all() if can_view(request.user, g)],
            "alerts": case.alerts.filter(visible_filter(request.user)),
            "areas": case.areas.defer("geometry"),
            "may_change": can_change(request.user, case)
            and request.user.role in ("admin", "analyst"),
            "action_form": ActionForm(initial={"organisation": request.user.organisation_id}),
            "status_form": StatusForm(initial={"status": case.status, "phase": case.phase}),
        },
    )


@require_POST
@capability_required("cases.manage")
def change_status(request, pk):
    case = _changeable_case(request, pk)
    form = StatusForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
        return redirect("cases:detail", case.pk)
    data = form.cleaned_data
    fields = {"status": data["status"], "phase": data["phase"]}
    if data["outcome"]:
        fields["outcome"] = data["outcome"]
    services.update_case(case, user=request.user, note=data["note"], action="status", **fields)
    messages.success(request, _("Case updated."))
    return redirect("cases:detail", case.pk)


@require_POST
@capability_required("cases.manage")
def add_action(request, pk):
    case = _changeable_case(request, pk)
    form = ActionForm(request.POST)
    if form.is_valid():
        services.add_action(case, user=request.user, **form.cleaned_data)
        messages.success(request, _("Action recorded."))
    else:
        messages.error(
            request,
            _("The action was not recorded: %(e)s")
            % {"e": "; ".join(f"{k}: {' '.join(v)}" for k, v in form.errors.items())},
        )
    return redirect("cases:detail", case.pk)


@require_POST
@capability_required("cases.manage")
def action_done(request, pk):
    action = get_object_or_404(Action, pk=pk)
    case = _changeable_case(request, action.case_id)
    form = DoneForm(request.POST)
    outcome = form.cleaned_data["outcome"] if form.is_valid() else ""
    services.complete_action(action, user=request.user, outcome=outcome)
    messages.success(request, _("Follow-up marked done."))
    return redirect("cases:detail", case.pk)


# Tim Terpadu meetings ---------------------------------------------------------------------


@capability_required("meetings.view")
def meeting_list(request):
    meetings = visible_meetings(request.user)
    return render(
        request,
        "cases/meetings.html",
        {
            "page": Paginator(meetings, 30).get_page(request.GET.get("page")),
        },
    )


def _agenda_inputs(user, when):
    since = services.last_meeting_date(when)
    cases = agenda.case_records(visible_cases(user).open(), when)
    return since, cases, agenda.alert_records(user, since)


@capability_required("meetings.manage")
def meeting_new(request):
    form = MeetingForm(request.POST or None)
    when = timezone.localdate()
    if form.is_valid():
        when = form.cleaned_data["date"]
    since, cases, alerts = _agenda_inputs(request.user, when)
    if request.method == "POST" and form.is_valid():
        meeting = services.prepare_meeting(
            user=request.user, cases=cases, alerts=alerts, **form.cleaned_data
        )
        messages.success(request, _("Meeting prepared with its agenda."))
        return redirect("cases:meeting", meeting.pk)
    preview = agenda.build_agenda(cases, alerts, since=since, today=when)
    return render(
        request,
        "cases/meeting_new.html",
        {
            "form": form,
            "preview": [i.as_dict() for i in preview],
            "since": since,
        },
    )


def _meeting_context(request, meeting):
    cases = {
        c.pk: c
        for c in visible_cases(request.user).filter(
            pk__in=[i["ref"] for i in meeting.agenda if i["section"] in ("new_cases", "open_cases")]
        )
    }
    items = []
    for item in meeting.agenda:
        case = cases.get(item["ref"]) if item["section"] != "alerts" else None
        if item["section"] in ("new_cases", "open_cases") and case is None:
            continue  # a case this reader may not see
        items.append({**item, "case": case})
    return {
        "meeting": meeting,
        "agenda": items,
        "attendance": meeting.attendance.select_related("organisation"),
        "decisions": meeting.decisions.select_related("case", "organisation", "action"),
    }


@capability_required("meetings.view")
def meeting_detail(request, pk):
    meeting = _meeting(request, pk)
    context = _meeting_context(request, meeting)
    context.update(
        may_change=can_change(request.user, meeting) and request.user.role in ("admin", "analyst"),
        attendance_form=AttendanceForm(),
        decision_form=DecisionForm(cases=visible_cases(request.user).open()),
        notes_form=NotesForm(initial={"notes": meeting.notes}),
    )
    return render(request, "cases/meeting.html", context)


def _changeable_meeting(request, pk) -> Meeting:
    meeting = _meeting(request, pk)
    if not can_change(request.user, meeting):
        raise Http404
    return meeting


@require_POST
@capability_required("meetings.manage")
def meeting_attend(request, pk):
    meeting = _changeable_meeting(request, pk)
    form = AttendanceForm(request.POST)
    if form.is_valid():
        services.add_attendee(meeting, **form.cleaned_data)
    else:
        messages.error(request, _("Give the name of the person present."))
    return redirect("cases:meeting", meeting.pk)


@require_POST
@capability_required("meetings.manage")
def meeting_decide(request, pk):
    meeting = _changeable_meeting(request, pk)
    form = DecisionForm(request.POST, cases=visible_cases(request.user).open())
    if form.is_valid():
        case = form.cleaned_data["case"]
        if case is not None and not can_change(request.user, case):
            raise Http404
        services.record_decision(meeting, user=request.user, **form.cleaned_data)
        messages.success(request, _("Decision recorded."))
    else:
        messages.error(
            request,
            _("The decision was not recorded: %(e)s")
            % {"e": "; ".join(f"{k}: {' '.join(v)}" for k, v in form.errors.items())},
        )
    return redirect("cases:meeting", meeting.pk)


@require_POST
@capability_required("meetings.manage")
def meeting_notes(request, pk):
    meeting = _changeable_meeting(request, pk)
    form = NotesForm(request.POST)
    if form.is_valid():
        meeting.notes = form.cleaned_data["notes"]
        meeting.save(update_fields=["notes"])
        messages.success(request, _("Changes saved."))
    return redirect("cases:meeting", meeting.pk)


@capability_required("meetings.view")
def meeting_minutes(request, pk):
    meeting = _meeting(request, pk)
    return render(request, "cases/minutes.html", _meeting_context(request, meeting))


@capability_required("meetings.view")
def meeting_pdf(request, pk):
    meeting = _meeting(request, pk)
    context = _meeting_context(request, meeting)
    response = HttpResponse(minutes_pdf(context), content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="notulen-tim-terpadu-{meeting.date:%Y-%m-%d}.pdf"'
    )
    return response
