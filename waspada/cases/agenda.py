"""The agenda of a Tim Terpadu meeting, generated from open cases and recent alerts.

Pure functions over plain records, so the rules can be read and tested on their own:

1. alerts raised since the last meeting, the highest level first;
2. cases opened since the last meeting;
3. the other open cases: those with overdue actions or past their due date first, then by
   priority and due date;
4. other business.

Closed cases never appear. Without a previous meeting everything open is "since".
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field

ALERT_LEVEL_ORDER = {"awas": 0, "siaga": 1, "waspada": 2, "normal": 3}
OPEN = ("baru", "ditangani", "pemantauan")


@dataclass(frozen=True)
class CaseRecord:
    id: int
    title: str
    status: str
    phase: str
    priority: int
    opened_on: dt.date
    due_date: dt.date | None = None
    overdue_actions: int = 0
    area: str = ""


@dataclass(frozen=True)
class AlertRecord:
    id: int
    level: str
    title: str
    raised_on: dt.date
    area: str = ""


@dataclass(frozen=True)
class AgendaItem:
    section: str  # "alerts", "new_cases", "open_cases", "other"
    title: str
    ref: int | None = None
    notes: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return asdict(self)


def build_agenda(cases, alerts=(), *, since: dt.date | None, today: dt.date) -> list[AgendaItem]:
    items: list[AgendaItem] = []
    recent_alerts = [a for a in alerts if since is None or a.raised_on > since]
    recent_alerts.sort(key=lambda a: (ALERT_LEVEL_ORDER.get(a.level, 9), a.raised_on, a.id))
    for a in recent_alerts:
        items.append(
            AgendaItem(
                "alerts",
                a.title,
                a.id,
                [f"level:{a.level}", f"raised:{a.raised_on.isoformat()}"]
                + ([f"area:{a.area}"] if a.area else []),
            )
        )

    open_cases = [c for c in cases if c.status in OPEN]
    new = [c for c in open_cases if since is None or c.opened_on > since]
    new.sort(key=lambda c: (c.priority, c.opened_on, c.id))
    new_ids = {c.id for c in new}
    for c in new:
        items.append(AgendaItem("new_cases", c.title, c.id, _case_notes(c, today)))

    def urgency(c: CaseRecord):
        late = c.overdue_actions > 0 or (c.due_date is not None and c.due_date < today)
        return (0 if late else 1, c.priority, c.due_date or dt.date.max, c.id)

    for c in sorted((c for c in open_cases if c.id not in new_ids), key=urgency):
        items.append(AgendaItem("open_cases", c.title, c.id, _case_notes(c, today)))
    items.append(AgendaItem("other", ""))
    return items


def _case_notes(c: CaseRecord, today: dt.date) -> list[str]:
    notes = [f"phase:{c.phase}", f"status:{c.status}"]
    if c.area:
        notes.append(f"area:{c.area}")
    if c.due_date is not None and c.due_date < today:
        notes.append(f"overdue_since:{c.due_date.isoformat()}")
    if c.overdue_actions:
        notes.append(f"overdue_actions:{c.overdue_actions}")
    return notes


# From the database -------------------------------------------------------------------------


def case_records(cases, today: dt.date) -> list[CaseRecord]:
    from django.db.models import Count, Q

    cases = cases.annotate(
        n_overdue=Count(
            "actions", filter=Q(actions__done_at=None, actions__follow_up_due__lt=today)
        )
    )
    return [
        CaseRecord(
            id=c.pk,
            title=c.title,
            status=c.status,
            phase=c.phase,
            priority=c.priority,
            opened_on=c.opened_at.date(),
            due_date=c.due_date,
            overdue_actions=c.n_overdue,
            area=c.area.name if c.area_id else "",
        )
        for c in cases.select_related("area")
    ]


def alert_records(user, since: dt.date | None) -> list[AlertRecord]:
    """Alerts the user may see, raised after ``since`` (all when None), newest first."""
    from django.utils import timezone

    from waspada.accounts.policy import visible_filter
    from waspada.alerts.models import Alert

    alerts = Alert.objects.filter(visible_filter(user)).select_related("area")
    if since is not None:
        alerts = alerts.filter(raised_at__date__gt=since)
    return [
        AlertRecord(
            id=a.pk,
            level=a.level,
            title=a.title,
            raised_on=timezone.localdate(a.raised_at),
            area=a.area.name if a.area_id else "",
        )
        for a in alerts.order_by("-raised_at")[:100]
    ]
