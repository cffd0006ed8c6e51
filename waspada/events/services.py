"""What analysts do to events: create, change, verify, attach, merge, split.

Every function writes the change history and announces ``event_changed`` (``signals.py``) in
its transaction; views call one of these and nothing else.
"""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from waspada.intake.services import follow_events

from .exchange.inserts import build, insert_all
from .models import TRACKED_FIELDS, Event, EventHistory, EventSource
from .signals import event_changed
from .vocab import GeoPrecision, Verification


def _snapshot(event: Event) -> dict:
    values = {f: getattr(event, f) for f in TRACKED_FIELDS}
    values["sources"] = event.source_list if event.pk else []
    return values


def _jsonable(value):
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def _diff(before: dict, after: dict) -> dict:
    return {
        k: [_jsonable(before.get(k)), _jsonable(after.get(k))]
        for k in after
        if before.get(k) != after.get(k)
    }


def set_sources(event: Event, sources: list[str]) -> None:
    EventSource.objects.filter(event=event).delete()
    EventSource.objects.bulk_create(
        [EventSource(event=event, source=s, rank=i) for i, s in enumerate(dict.fromkeys(sources))]
    )


def geo_precision_for(area) -> int:
    if area is None:
        return GeoPrecision.KABUPATEN
    return {"desa": GeoPrecision.DESA, "kecamatan": GeoPrecision.KECAMATAN}.get(
        area.level, GeoPrecision.KABUPATEN
    )


@transaction.atomic
def create_event(*, user, sources=(), reports=(), note="", **fields) -> Event:
    event = Event(created_by=user, **fields)
    if user is not None and not event.organisation_id:
        event.organisation = user.organisation
    if "geo_precision" not in fields:
        event.geo_precision = geo_precision_for(event.area)
    if event.latitude is None and event.area_id and event.area.lat is not None:
        event.latitude, event.longitude = event.area.lat, event.area.lon
    event.save()
    set_sources(event, list(sources))
    if reports:
        event.reports.add(*reports)
    EventHistory.objects.create(
        event=event, user=user, action="create", changes=_diff({}, _snapshot(event)), note=note
    )
    if reports:
        _reports_follow(event, user)
    event_changed.announce(event_id=event.pk)
    return event


def create_imported(batch, rows: list[tuple[Event, list[str]]], *, user) -> list[Event]:
    """Insert imported events as one set: the events, their sources and their history in
    three statements (``insert_all``), in the caller's transaction. No ``event_changed``
    per row: the importer announces ``events_imported`` once per kecamatan at the end."""
    events = []
    for event, _sources in rows:
        event.created_by = user
        event.import_batch = batch
        if user is not None and not event.organisation_id:
            event.organisation_id = user.organisation_id
        if event.latitude is None and event.area_id and event.area.lat is not None:
            event.latitude, event.longitude = event.area.lat, event.area.lon
        event.derive()
        events.append(event)
    insert_all(Event, events)
    insert_all(
        EventSource,
        [
            EventSource(event=event, source=source, rank=i)
            for event, sources in rows
            for i, source in enumerate(dict.fromkeys(sources))
        ],
    )
    insert_all(
        EventHistory,
        [
            build(
                EventHistory,
                {
                    "event": event,
                    "user": user,
                    "action": "create",
                    "changes": _diff(
                        {},
                        {
                            **{f: getattr(event, f) for f in TRACKED_FIELDS},
                            "sources": list(sources),
                        },
                    ),
                    "note": f"import #{batch.pk}",
                },
            )
            for event, sources in rows
        ],
    )
    return events


def _reports_follow(event: Event, user, extra=()) -> None:
    """The reports behind the event (and ``extra`` ones that just left it) take its status."""
    ids = list(event.reports.values_list("pk", flat=True)) + [r.pk for r in extra]
    if ids:
        follow_events(ids, actor=user, event_id=event.pk)


@transaction.atomic
def update_event(event: Event, *, user, sources=None, note="", action="update", **fields):
    before = _snapshot(event)
    for name, value in fields.items():
        setattr(event, name, value)
    event.save()
    if sources is not None:
        set_sources(event, list(sources))
    changes = _diff(before, _snapshot(event))
    if changes or note:
        EventHistory.objects.create(
            event=event, user=user, action=action, changes=changes, note=note
        )
        _reports_follow(event, user)
        event_changed.announce(event_id=event.pk)
    return event


def verify(event: Event, *, user, note="") -> Event:
    update_event(
        event,
        user=user,
        verification=Verification.TERVERIFIKASI,
        verified_by=user,
        verified_at=timezone.now(),
        note=note,
        action="verify",
    )
    return event


def reject(event: Event, *, user, reason: str) -> Event:
    return update_event(
        event, user=user, verification=Verification.DITOLAK, note=reason, action="reject"
    )


@transaction.atomic
def attach_reports(event: Event, reports, *, user) -> None:
    reports = list(reports)
    event.reports.add(*reports)
    EventHistory.objects.create(
        event=event,
        user=user,
        action="attach",
        changes={"reports": [None, [r.pk for r in reports]]},
    )
    _reports_follow(event, user)


@transaction.atomic
def detach_report(event: Event, report, *, user) -> None:
    """Undo a link: the report leaves the event; its status follows what remains."""
    event.reports.remove(report)
    EventHistory.objects.create(
        event=event,
        user=user,
        action="detach",
        changes={"reports": [[report.pk], None]},
    )
    _reports_follow(event, user, extra=[report])
    event_changed.announce(event_id=event.pk)


@transaction.atomic
def merge(target: Event, duplicate: Event, *, user) -> Event:
    """Fold ``duplicate`` into ``target``: reports and sources move, both histories stay."""
    if target.pk == duplicate.pk:
        raise ValueError("an event cannot be merged into itself")
    reports = list(duplicate.reports.all())
    target.reports.add(*reports)
    merged_sources = target.source_list + [
        s for s in duplicate.source_list if s not in target.source_list
    ]
    update_event(
        target,
        user=user,
        sources=merged_sources,
        action="merge",
        fatalities=max(target.fatalities, duplicate.fatalities),
        injured=max(target.injured, duplicate.injured),
        note=_("merged event #%(n)s (%(k)s reports)") % {"n": duplicate.pk, "k": len(reports)},
    )
    update_event(
        duplicate,
        user=user,
        verification=Verification.DUPLIKAT,
        duplicate_of=target,
        action="merged_into",
        note=_("merged into event #%(n)s") % {"n": target.pk},
    )
    return target


@transaction.atomic
def split(event: Event, reports, *, user, **fields) -> Event:
    """Move ``reports`` out of ``event`` into a new event (undoing a wrong merge)."""
    reports = list(reports)
    copy = {f: getattr(event, f) for f in TRACKED_FIELDS if f not in ("duplicate_of_id",)}
    copy.update(verification=Verification.BELUM, **fields)
    new = create_event(
        user=user,
        sources=event.source_list,
        reports=reports,
        note=_("split from event #%(n)s") % {"n": event.pk},
        **copy,
    )
    event.reports.remove(*reports)
    EventHistory.objects.create(
        event=event,
        user=user,
        action="split",
        changes={"reports": [[r.pk for r in reports], None]},
        note=_("split into event #%(n)s") % {"n": new.pk},
    )
    return new


def suggest_matches(report, *, days: int = 3, limit: int = 5):
    """Events a report probably belongs to: same or neighbouring area, ±days, similar text."""
    when = (report.occurred_at or report.received_at).date()
    candidates = Event.objects.filter(
        event_date__range=(when - timedelta(days=days), when + timedelta(days=days))
    ).exclude(verification__in=[Verification.DITOLAK, Verification.DUPLIKAT])
    if report.kecamatan_code:
        candidates = candidates.filter(kecamatan_code=report.kecamatan_code)
    words = _words(f"{report.title} {report.text}")
    scored = []
    for event in candidates[:200]:
        overlap = len(words & _words(event.search_document))
        same_area = report.area_id is not None and report.area_id == event.area_id
        scored.append((overlap + (5 if same_area else 0), event))
    scored.sort(key=lambda pair: (-pair[0], -pair[1].pk))
    return [e for score, e in scored[:limit] if score > 0]


def _words(text: str) -> set[str]:
    return {
        w for w in "".join(c.lower() if c.isalnum() else " " for c in text).split() if len(w) > 3
    }
