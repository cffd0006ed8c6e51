"""Finding events: the visible set for a user, filtered."""

from waspada.accounts.policy import visible_filter

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
