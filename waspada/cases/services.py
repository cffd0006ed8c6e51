"""What people do to cases: open, change, add actions, close; and meetings of the Tim Terpadu.

Every change to a case writes its history; views call one of these and nothing else.
"""

from datetime import date

from django.db import transaction
from django.utils import timezone

from .models import (
    TRACKED_FIELDS,
    Action,
    Attendance,
    Case,
    CaseHistory,
    Decision,
    Meeting,
)
from .vocab import OPEN_STATUSES, Status

RELATED = ("areas", "involved", "events", "groups", "alerts")


def _jsonable(value):
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def _snapshot(case: Case) -> dict:
    values = {f: _jsonable(getattr(case, f)) for f in TRACKED_FIELDS}
    values["sources"] = list(case.sources)
    if case.pk:
        for name in RELATED:
            values[name] = sorted(
                str(pk) for pk in getattr(case, name).values_list("pk", flat=True)
            )
    return values


def _diff(before: dict, after: dict) -> dict:
    return {k: [before.get(k), after.get(k)] for k in after if before.get(k) != after.get(k)}


def _set_related(case: Case, related: dict) -> None:
    for name, values in related.items():
        if values is not None:
            getattr(case, name).set(values)


@transaction.atomic
def open_case(
    *, user, areas=(), involved=(), events=(), groups=(), alerts=(), note="", **fields
) -> Case:
    case = Case(created_by=user, **fields)
    if user is not None and not case.organisation_id:
        case.organisation = user.organisation
    if not case.area_id and areas:
        case.area = list(areas)[0]
    case.save()
    _set_related(
        case,
        {
            "areas": areas,
            "involved": involved,
            "events": events,
            "groups": groups,
            "alerts": alerts,
        },
    )
    if case.area_id and not case.areas.filter(pk=case.area_id).exists():
        case.areas.add(case.area)
    CaseHistory.objects.create(
        case=case, user=user, action="open", changes=_diff({}, _snapshot(case)), note=note
    )
    _mark_alerts_handled(case, alerts, user)
    return case


def _mark_alerts_handled(case: Case, alerts, user) -> None:
    """Alerts that a case takes up are being handled (the warning was acted on)."""
    from waspada.alerts.models import Alert
    from waspada.alerts.services import set_status

    for alert in alerts or ():
        if alert.status in (Alert.Status.BARU, Alert.Status.DIAKUI):
            set_status(alert, Alert.Status.DITANGANI, user=user, case_ref=f"case:{case.pk}")


@transaction.atomic
def update_case(
    case: Case,
    *,
    user,
    note="",
    action="update",
    areas=None,
    involved=None,
    events=None,
    groups=None,
    alerts=None,
    **fields,
) -> Case:
    before = _snapshot(case)
    for name, value in fields.items():
        setattr(case, name, value)
    if "status" in fields:
        if case.status == Status.SELESAI and case.closed_at is None:
            case.closed_at = timezone.now()
        elif case.status in OPEN_STATUSES:
            case.closed_at = None
    case.save()
    _set_related(
        case,
        {
            "areas": areas,
            "involved": involved,
            "events": events,
            "groups": groups,
            "alerts": alerts,
        },
    )
    changes = _diff(before, _snapshot(case))
    if changes or note:
        CaseHistory.objects.create(case=case, user=user, action=action, changes=changes, note=note)
    _mark_alerts_handled(case, alerts, user)
    return case


def set_status(case: Case, status: str, *, user, note="") -> Case:
    return update_case(case, user=user, status=status, note=note, action="status")


def close(case: Case, *, user, outcome: str) -> Case:
    return update_case(case, user=user, status=Status.SELESAI, outcome=outcome, action="close")


@transaction.atomic
def add_action(case: Case, *, user, **fields) -> Action:
    action = Action.objects.create(case=case, created_by=user, **fields)
    if case.status == Status.BARU:
        case.status = Status.DITANGANI
        case.save(update_fields=["status", "updated_at"])
        status_change = {"status": [Status.BARU.value, Status.DITANGANI.value]}
    else:
        status_change = {}
    CaseHistory.objects.create(
        case=case,
        user=user,
        action="action",
        changes={"action": [None, f"{action.type} {action.date.isoformat()}"], **status_change},
        note=action.description[:500],
    )
    return action


@transaction.atomic
def complete_action(action: Action, *, user, outcome: str = "") -> Action:
    action.done_at = timezone.now()
    if outcome:
        action.outcome = outcome
    action.save(update_fields=["done_at", "outcome"])
    CaseHistory.objects.create(
        case=action.case,
        user=user,
        action="action_done",
        changes={"action": [action.pk, "done"]},
        note=outcome[:500],
    )
    return action


# Meetings of the Tim Terpadu ---------------------------------------------------------------


def last_meeting_date(before: date) -> date | None:
    return (
        Meeting.objects.filter(date__lt=before)
        .order_by("-date")
        .values_list("date", flat=True)
        .first()
    )


@transaction.atomic
def prepare_meeting(*, user, date: date, cases, alerts=(), **fields) -> Meeting:
    """A meeting whose agenda is generated from ``cases`` and ``alerts`` (see agenda.py)."""
    from .agenda import build_agenda

    since = last_meeting_date(date)
    meeting = Meeting(created_by=user, date=date, agenda_since=since, **fields)
    if user is not None and not meeting.organisation_id:
        meeting.organisation = user.organisation
    meeting.agenda = [
        item.as_dict() for item in build_agenda(cases, alerts, since=since, today=date)
    ]
    meeting.save()
    return meeting


def add_attendee(meeting: Meeting, **fields) -> Attendance:
    return Attendance.objects.create(meeting=meeting, **fields)


@transaction.atomic
def record_decision(
    meeting: Meeting,
    *,
    user,
    text: str,
    case: Case | None = None,
    action_type: str = "",
    organisation=None,
    due=None,
) -> Decision:
    """A decision; on a case it becomes an action of that case with its follow-up due."""
    decision = Decision.objects.create(
        meeting=meeting,
        case=case,
        text=text,
        action_type=action_type,
        organisation=organisation,
        due=due,
    )
    if case is not None:
        add_action(
            case,
            user=user,
            type=action_type or "koordinasi",
            date=meeting.date,
            organisation=organisation,
            description=text,
            follow_up_due=due,
            decision=decision,
            people="",
        )
    return decision
