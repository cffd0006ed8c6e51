"""The events API under the same access policy as the pages, with token auth."""

from datetime import date

import pytest
from django.test import Client

from waspada.api.models import ApiToken
from waspada.areas.models import Area
from waspada.events import services
from waspada.events.models import Event

pytestmark = pytest.mark.django_db
URL = "/api/v1/events/"


def _client(user):
    _token, raw = ApiToken.issue(user, "test")
    return Client(HTTP_AUTHORIZATION=f"Token {raw}")


@pytest.fixture
def event(personas):
    return services.create_event(
        user=personas["analyst"],
        event_date=date(2026, 11, 1),
        area=Area.objects.get(code="64.02.06"),
        form="unjuk_rasa",
        summary="Unjuk rasa buruh sawit",
        sources=["ekonomi"],
    )


def test_list_and_detail_follow_the_policy(personas, event):
    secret = services.create_event(
        user=personas["analyst"],
        event_date=date(2026, 11, 2),
        area=Area.objects.get(code="64.02.06"),
        form="ancaman",
        summary="Ancaman",
        classification="terbatas",
    )
    ids = [e["id"] for e in _client(personas["analyst"]).get(URL).json()["results"]]
    assert set(ids) == {event.pk, secret.pk}
    partner = _client(personas["partner"])
    assert [e["id"] for e in partner.get(URL).json()["results"]] == [event.pk]
    assert partner.get(f"{URL}{secret.pk}/").status_code == 404
    body = partner.get(f"{URL}{event.pk}/").json()
    assert body["sources"] == ["ekonomi"] and body["area_code"] == "64.02.06"


def test_the_fast_representation_is_what_drf_would_write(personas, event, make_report):
    from rest_framework import serializers

    from waspada.events.api import EventSerializer

    services.update_event(
        event,
        user=personas["analyst"],
        sources=["sumber_daya_alam", "ekonomi"],
        latitude=-0.45,
        longitude=116.98,
        fatalities=1,
        actor1="Warga Desa Loa Ipuh",
        actor1_type="warga",
    )
    for text in ("Warga blokade jalan hauling", "Blokade berlanjut hari kedua"):
        event.reports.add(make_report(text))
    event.refresh_from_db()
    drf = serializers.ModelSerializer.to_representation(EventSerializer(), event)
    drf["report_ids"] = sorted(drf["report_ids"])
    assert EventSerializer(event).data == drf
    listed = _client(personas["analyst"]).get(URL).json()["results"]
    assert listed == [drf]


def test_filters_and_search_work_in_the_api(personas, event):
    client = _client(personas["analyst"])
    assert client.get(URL, {"q": "buruh"}).json()["count"] == 1
    assert client.get(URL, {"q": "nelayan"}).json()["count"] == 0
    assert client.get(URL, {"form": "bentrok"}).json()["count"] == 0


def test_an_analyst_creates_and_updates_with_history(personas):
    client = _client(personas["analyst"])
    response = client.post(
        URL,
        {
            "event_date": "2026-11-05",
            "area_code": "64.02.06.1004",
            "form": "blokade",
            "summary": "Blokade jalan",
            "sources": ["sumber_daya_alam"],
            "injured": 1,
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.json()
    event = Event.objects.get(pk=response.json()["id"])
    assert event.geo_precision == 1 and event.source_list == ["sumber_daya_alam"]
    response = client.patch(f"{URL}{event.pk}/", {"injured": 3}, content_type="application/json")
    assert response.status_code == 200 and response.json()["injured"] == 3
    assert [h.action for h in event.history.all()] == ["create", "update"]


@pytest.mark.parametrize(
    "body, field",
    [
        ({"event_date": "2026-13-45", "summary": "x"}, "event_date"),
        ({"event_date": "2026-11-05", "summary": "x", "area_code": "99.99"}, "area_code"),
        ({"event_date": "2026-11-05", "summary": "x", "form": "tawuran"}, "form"),
        ({"event_date": "2026-11-05", "summary": "x", "latitude": 200}, "latitude"),
        ({"event_date": "2026-11-05"}, "summary"),
    ],
)
def test_bad_input_is_refused_with_the_field_named(personas, body, field):
    response = _client(personas["analyst"]).post(URL, body, content_type="application/json")
    assert response.status_code == 400 and field in response.json()
    assert Event.objects.count() == 0


def test_writing_needs_an_analytic_role_and_scope(personas, event):
    body = {"event_date": "2026-11-05", "summary": "x", "area_code": "64.02.06"}
    assert (
        _client(personas["partner"]).post(URL, body, content_type="application/json").status_code
        == 403
    )
    outsider = _client(personas["outsider_analyst"])
    response = outsider.post(URL, body, content_type="application/json")
    assert response.status_code == 400 and "area_code" in response.json()
    assert (
        outsider.patch(
            f"{URL}{event.pk}/", {"injured": 9}, content_type="application/json"
        ).status_code
        == 404
    )
    assert Client().get(URL).status_code == 401


def test_the_schema_lists_the_events_endpoints():
    schema = Client().get("/api/schema/", HTTP_ACCEPT="application/json").content.decode()
    assert "/api/v1/events/" in schema and "/api/v1/events/{id}/" in schema
