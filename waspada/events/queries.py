"""Finding events: the visible set for a user, filtered, and the rows of the list page."""

import hashlib
import json
from collections import defaultdict
from dataclasses import dataclass

from django.core.cache import cache
from django.core.paginator import Page
from django.urls import reverse
from django.utils import translation

from waspada.accounts.policy import can_view, visible_filter
from waspada.areas.models import Area
from waspada.lib.paging import CountedPaginator, LazyQuery

from . import stamp
from .models import Event, EventSource
from .search import search
from .vocab import Form, Source, Verification

SUMMARY_CHARS = 120


def visible_events(user):
    return (
        Event.objects.filter(visible_filter(user))
        .select_related("area")
        .defer("raw", "search_document", "area__geometry")
    )


def filtered(user, data: dict):
    events = visible_events(user)
    if data.get("date_from"):
        events = events.filter(event_date__gte=data["date_from"])
    if data.get("date_to"):
        events = events.filter(event_date__lte=data["date_to"])
    if data.get("kecamatan"):
        events = events.filter(kecamatan_code=data["kecamatan"])
    if data.get("source"):
        events = events.filter(source_tags__source=data["source"])
    for name in ("form", "verification", "classification"):
        if data.get(name):
            events = events.filter(**{name: data[name]})
    if data.get("q"):
        events = search(events, data["q"])
    return events


def picker_results(user, query: str, limit: int = 12) -> list[dict]:
    """Events for the picker: "#12" or "12" finds that number; words search the summary,
    place and actors (the full-text index); the newest first."""
    query = query.strip()[:100]
    if not query:
        return []
    events = visible_events(user)
    number = query.lstrip("#")
    if number.isdigit():
        found = list(events.filter(pk=int(number)))
    else:
        found = list(search(events, query).order_by("-event_date", "-pk")[:limit])
    return [
        {
            "value": e.pk,
            "label": f"#{e.pk} · {e.event_date:%d-%m-%Y} · {e.get_form_display() or '—'}"
            f" · {e.area.name if e.area else '—'}: {_short(e.summary)[:70]}",
        }
        for e in found
    ]


def list_page(user, data: dict, number) -> Page:
    """Page ``number`` of the event list that ``user`` sees through the filters ``data``, its
    rows in display form (:func:`list_rows`). The count and the page's rows are cached under
    the events' change stamp (stamp.py), per visibility, filter, page and language; the query
    is built only when one of them is not."""
    key = _list_key(user, data)
    version = stamp.current()
    events = LazyQuery(lambda: list_page_query(filtered(user, data)))
    count = stamp.cached(("count", key), lambda: filtered(user, data).count(), version)
    page = CountedPaginator(events, 50, count=lambda: count).get_page(number)
    rows = page.object_list
    page_key = ("rows", *key, page.number, translation.get_language())
    page.object_list = stamp.cached(page_key, lambda: list_rows(rows), version)
    return page


def _list_key(user, data: dict) -> tuple:
    """What a cached count or page of the event list depends on: visibility and filters."""
    visible = str(visible_filter(user))
    return visible, tuple(sorted((k, str(v)) for k, v in data.items() if v not in (None, "")))


def count_filtered(user, data: dict) -> int:
    """``filtered(user, data).count()``, cached until any event changes (see stamp.py)."""
    return stamp.cached_count(_list_key(user, data), filtered(user, data).count)


def timeline(event, user) -> tuple[list, list, list]:
    """The reports and articles behind ``event`` that ``user`` may see, and its timeline:
    (kind, when, item) for reports, articles and history entries, oldest first."""
    reports = [r for r in event.reports.all() if can_view(user, r)]
    articles = [a for a in event.articles.all() if can_view(user, a)]
    items = sorted(
        [("report", r.received_at, r) for r in reports]
        + [("article", a.published_at or a.fetched_at, a) for a in articles]
        + [("history", h.at, h) for h in event.history.select_related("user")],
        key=lambda item: item[1],
    )
    return reports, articles, items


@dataclass(frozen=True)
class Links:
    sources: list[str]
    report_ids: list[int]


def sources_of(ids: list[int]) -> defaultdict[int, list[str]]:
    """The source values of each event of ``ids``, in rank order (one narrow query)."""
    sources = defaultdict(list)
    tags = EventSource.objects.filter(event_id__in=ids).order_by("event_id", "rank")
    for event_id, source in tags.values_list("event_id", "source"):
        sources[event_id].append(source)
    return sources


def links_for(ids: list[int]) -> dict[int, Links]:
    """The sources (in rank order) and the ids of the reports of each event of ``ids``, read
    with two narrow queries instead of prefetching model instances."""
    sources, reports = sources_of(ids), defaultdict(list)
    through = Event.reports.through.objects.filter(event_id__in=ids).order_by("report_id")
    for event_id, report_id in through.values_list("event_id", "report_id"):
        reports[event_id].append(report_id)
    return {pk: Links(sources=sources[pk], report_ids=reports[pk]) for pk in ids}


@dataclass(frozen=True)
class EventRow:
    """What one line of the event list shows, already in display form."""

    pk: int
    url: str
    event_date: str
    area: str
    form: str
    sources: str
    status: str
    summary: str


# Only the columns the list shows, with no join (so that the paginator's COUNT reads the
# narrow access index alone): reading them as tuples and looking labels up in plain dicts
# keeps a 50-row page at a few milliseconds (model instances and get_FOO_display cost ten
# times that).
ROW_COLUMNS = ("pk", "event_date", "area_id", "form", "verification", "summary")


def list_page_query(events):
    """``events`` reduced to the list's columns (paginate this, then pass a page to
    :func:`list_rows`)."""
    return events.values_list(*ROW_COLUMNS)


def _short(text: str) -> str:
    return text if len(text) <= SUMMARY_CHARS else text[: SUMMARY_CHARS - 1].rstrip() + "…"


def list_rows(page_tuples) -> list[EventRow]:
    tuples = list(page_tuples)
    forms = {value: str(label) for value, label in Form.choices}
    statuses = {value: str(label) for value, label in Verification.choices}
    source_labels = {value: str(label) for value, label in Source.choices}
    sources = sources_of([t[0] for t in tuples])
    areas = {
        a.code: str(a)
        for a in Area.objects.filter(code__in={t[2] for t in tuples if t[2]}).only(
            "code", "name", "level"
        )
    }
    detail = reverse("events:detail", args=[0]).removesuffix("0/")  # one reverse, not 50
    rows = []
    for pk, event_date, area_code, form, verification, summary in tuples:
        area = areas.get(area_code, "—")
        rows.append(
            EventRow(
                pk=pk,
                url=f"{detail}{pk}/",
                event_date=event_date.isoformat(),
                area=area,
                form=forms.get(form, "—") if form else "—",
                sources=", ".join(source_labels.get(x, x) for x in sources[pk]),
                status=statuses.get(verification, verification),
                summary=_short(summary),
            )
        )
    return rows


MAP_LIMIT = 2000
MAP_COLUMNS = ("pk", "event_date", "form", "relevance", "latitude", "longitude")


def map_geojson(user, data: dict) -> bytes:
    """The map's points (at most MAP_LIMIT, newest first) as GeoJSON bytes, cached per
    visibility, filter and language until any event changes (the change stamp: stamp.py)."""
    visible = str(visible_filter(user))
    filters = tuple(sorted((k, str(v)) for k, v in data.items() if v not in (None, "")))
    parts = repr((visible, filters, translation.get_language()))
    version = stamp.current()
    key = f"events:map:{version}:{hashlib.sha256(parts.encode()).hexdigest()}"
    if version is not None:
        body = cache.get(key)
        if body is not None:
            return body
    body = _map_body(filtered(user, data))
    if version is not None:
        cache.set(key, body, MAP_CACHE_SECONDS)
    return body


MAP_CACHE_SECONDS = 3600


def _map_body(events) -> bytes:
    forms = {value: str(label) for value, label in Form.choices}
    detail = reverse("events:detail", args=[0]).removesuffix("0/")
    rows = events.exclude(latitude=None).values_list(*MAP_COLUMNS)[:MAP_LIMIT]
    features = [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [lon, lat]},
            "properties": {
                "id": pk,
                "date": day.isoformat(),
                "form": form,
                "label": f"{day:%Y-%m-%d} {forms.get(form) or relevance}",
                "url": f"{detail}{pk}/",
            },
        }
        for pk, day, form, relevance, lat, lon in rows
    ]
    return json.dumps({"type": "FeatureCollection", "features": features}).encode()
