"""Finding events: the visible set for a user, filtered."""

from waspada.accounts.policy import can_view, visible_filter

from .models import Event
from .search import search


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
