"""The events map's GeoJSON: cached per viewer, filter and language until an event changes."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from waspada.areas.models import Area
from waspada.events import services

pytestmark = pytest.mark.django_db


def points(client, **query):
    response = client.get(reverse("events:map_data"), query)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/geo+json"
    return response.json()["features"]


def test_the_map_is_cached_until_an_event_changes(personas, client_for):
    analyst = personas["analyst"]
    area = Area.objects.get(code="64.02.06.1004")
    first = services.create_event(
        user=analyst,
        event_date=date(2026, 11, 1),
        summary="Blokade jalan hauling",
        area=area,
        form="blokade",
        sources=["ekonomi"],
    )
    client = client_for(analyst)
    features = points(client)
    assert [f["properties"]["id"] for f in features] == [first.pk]
    assert features[0]["geometry"]["coordinates"] == [area.lon, area.lat]
    assert features[0]["properties"]["url"] == reverse("events:detail", args=[first.pk])
    with CaptureQueriesContext(connection) as again:
        assert points(client) == features
    assert not any(
        'events_event"' in q["sql"] and "FROM" in q["sql"] and "latitude" in q["sql"]
        for q in again.captured_queries
    )
    second = services.create_event(
        user=analyst,
        event_date=date(2026, 11, 3),
        summary="Bentrok pemuda",
        area=area,
        form="bentrok",
        sources=["sosial_budaya"],
    )
    assert [f["properties"]["id"] for f in points(client)] == [second.pk, first.pk]
    services.reject(second, user=analyst, reason="Hoaks")
    assert [f["properties"]["id"] for f in points(client, verification="ditolak")] == [second.pk]
    assert [f["properties"]["id"] for f in points(client, source="ekonomi")] == [first.pk]


def test_each_viewer_gets_the_points_they_may_see(personas, client_for):
    analyst = personas["analyst"]
    services.create_event(
        user=analyst,
        event_date=date(2026, 11, 1),
        summary="Sengketa lahan",
        area=Area.objects.get(code="64.02.06.1004"),
        form="sengketa",
        sources=["ekonomi"],
    )
    assert len(points(client_for(analyst))) == 1
    # The Loa Kulu analyst's scope holds no Tenggarong event, cached copy or not.
    assert points(client_for(personas["outsider_analyst"])) == []
