"""What a leader (Bupati, Dandim, Kapolres) needs on one screen: what changed since the last
visit and this week. Reads other apps through their queries; writes only the visit time.

Every list is what the reader may see (``policy.visible_filter`` and the area scope); an item
newer than the last visit is marked ``new``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from waspada.accounts.policy import visible_filter
from waspada.areas.models import Area

from .models import Visit

SEVERE = 4  # the analysis' severity (0-5) from which a report is shown to leadership
NO_ENGAGEMENT_DAYS = 60
WEEK_DAYS = 7
LIST_LIMIT = 8
REPORTS_READ = 500  # the newest visible reports read for their severity


@dataclass
class Item:
    at: dt.datetime | dt.date | None
    new: bool
    record: object
    extra: dict = field(default_factory=dict)


@dataclass
class Brief:
    last_visit: dt.datetime | None
    since: dt.datetime  # the start of what is shown: the last visit or a week ago, earlier
    level_changes: list[Item]
    open_alerts: list[Item]
    severe_reports: list[Item]
    overdue_actions: list[Item]
    quiet_kecamatan: list[tuple[str, str, dt.date | None]]  # code, name, last engagement
    forecast: list
    new_counts: dict[str, int]

    @property
    def anything_new(self) -> bool:
        return any(self.new_counts.values())


def record_visit(user, page: str = "pimpinan", now: dt.datetime | None = None):
    """Store this visit; return the time of the previous one (None on the first)."""
    now = now or timezone.now()
    with transaction.atomic():
        visit, created = Visit.objects.select_for_update().get_or_create(
            user=user, page=page, defaults={"at": now}
        )
        previous = None if created else visit.at
        if not created:
            visit.at = now
            visit.save(update_fields=["at"])
    return previous


def _scoped_kecamatan(user):
    areas = Area.objects.kecamatan_of_regency().defer("geometry")
    scope = user.scope_codes()
    if scope is not None:
        areas = areas.filter(code__in=sorted(scope))
    return areas.order_by("name")


def _is_new(at, last_visit) -> bool:
    if last_visit is None or at is None:
        return last_visit is None and at is not None
    if isinstance(at, dt.datetime):
        return at > last_visit
    return at >= timezone.localtime(last_visit).date()


def level_changes(user, since, last_visit) -> list[Item]:
    from waspada.risk.models import RiskLevelChange

    rows = list(RiskLevelChange.objects.filter(source="", at__gte=since).select_related("area"))
    scope = user.scope_codes()
    if scope is not None:
        rows = [r for r in rows if (r.area.kecamatan_code or r.area_id) in scope]
    return [Item(r.at, _is_new(r.at, last_visit), r) for r in rows[:LIST_LIMIT]]


def open_alerts(user, last_visit) -> list[Item]:
    from waspada.alerts.models import Alert

    alerts = (
        Alert.objects.filter(visible_filter(user), status__in=Alert.OPEN)
        .select_related("area", "acknowledged_by")
        .prefetch_related("acknowledgements__user")
        .order_by("-raised_at")
    )
    ranked = []
    for alert in alerts[:LIST_LIMIT]:
        who = [a.user.get_full_name() or a.user.username for a in alert.acknowledgements.all()]
        item = Item(alert.raised_at, _is_new(alert.raised_at, last_visit), alert, {"acked_by": who})
        ranked.append(((-alert.level_rank, -alert.raised_at.timestamp()), item))
    ranked.sort(key=lambda pair: pair[0])
    return [item for _key, item in ranked]


def severe_reports(user, since, last_visit) -> list[Item]:
    """Visible reports received since ``since`` whose analysis reads severity 4 or 5."""
    from waspada.intake.models import Report

    reports = (
        Report.objects.filter(visible_filter(user), received_at__gte=since)
        .exclude(analysis=None)
        .exclude(status__in=["ditolak", "duplikat"])
        .select_related("area")
        .order_by("-received_at")[:REPORTS_READ]
    )
    items = []
    for report in reports:
        reading = report.reading
        if reading is not None and reading.severity >= SEVERE:
            item = Item(
                report.received_at,
                _is_new(report.received_at, last_visit),
                report,
                {"severity": reading.severity},
            )
            items.append(((-reading.severity, -report.received_at.timestamp()), item))
    items.sort(key=lambda pair: pair[0])
    return [item for _key, item in items[:LIST_LIMIT]]


def overdue_actions(user, today, last_visit) -> list[Item]:
    from waspada.cases.queries import overdue_actions as overdue

    items = []
    for action in overdue(user, today)[:LIST_LIMIT]:
        due = action.follow_up_due
        days = (today - due).days
        items.append(Item(due, _is_new(due, last_visit), action, {"days": days}))
    return items


def quiet_kecamatan(user, today) -> list[tuple[str, str, dt.date | None]]:
    """Kecamatan in scope without any engagement activity in the last 60 days."""
    from waspada.community.services import engagement_dates

    areas = [(a.code, a.name) for a in _scoped_kecamatan(user)]
    last = engagement_dates([c for c, _ in areas], until=today)
    cutoff = today - dt.timedelta(days=NO_ENGAGEMENT_DAYS)
    return [(c, n, last.get(c)) for c, n in areas if last.get(c) is None or last[c] < cutoff]


def forecast_top(user, n: int = 5) -> list:
    from waspada.risk.models import RiskForecast

    rows = RiskForecast.objects.select_related("area").defer("area__geometry")
    scope = user.scope_codes()
    if scope is not None:
        rows = rows.filter(area_id__in=sorted(scope))
    return list(rows.order_by("-probability", "area_id")[:n])


def brief(user, *, last_visit, now: dt.datetime | None = None) -> Brief:
    now = now or timezone.now()
    today = timezone.localtime(now).date()
    week_ago = now - dt.timedelta(days=WEEK_DAYS)
    since = min(last_visit, week_ago) if last_visit else week_ago
    result = Brief(
        last_visit=last_visit,
        since=since,
        level_changes=level_changes(user, since, last_visit),
        open_alerts=open_alerts(user, last_visit),
        severe_reports=severe_reports(user, since, last_visit),
        overdue_actions=overdue_actions(user, today, last_visit),
        quiet_kecamatan=quiet_kecamatan(user, today),
        forecast=forecast_top(user),
        new_counts={},
    )
    result.new_counts = {
        "levels": sum(i.new for i in result.level_changes),
        "alerts": sum(i.new for i in result.open_alerts),
        "reports": sum(i.new for i in result.severe_reports),
    }
    return result


__all__ = ["Brief", "Item", "brief", "record_visit"]
