"""Plausible dates and coordinates, and the area scope, on every write path: the events API and
form, the reports API and form, and imports."""

import pytest
from django.test import Client

from waspada.api.models import ApiToken
from waspada.events.exchange import importer
from waspada.events.models import Event
from waspada.intake.models import Report

pytestmark = pytest.mark.django_db

EVENTS = "/api/v1/events/"
REPORTS = "/api/v1/reports/"
MUARA_MUNTAI = "64.02.01"
MUARA_MUNTAI_POINT = {"lat": -0.525638, "lon": 116.415696}


def _api(user) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Token {ApiToken.issue(user, 'test')[1]}")


@pytest.mark.parametrize(
    "extra, field",
    [
        ({"event_date": "0207-05-01"}, "event_date"),
        ({"event_date": "7441-01-01"}, "event_date"),
        ({"event_date": "1997-12-31"}, "event_date"),
        ({"latitude": 48.85, "longitude": 2.35}, "latitude"),
        ({"latitude": -0.4}, "latitude"),
    ],
)
def test_the_events_api_refuses_implausible_dates_and_points(personas, extra, field):
    body = {"event_date": "2026-11-05", "summary": "Bentrok", "form": "bentrok", **extra}
    response = _api(personas["analyst"]).post(EVENTS, body, content_type="application/json")
    assert response.status_code == 400, response.content
    assert field in response.json()
    assert Event.objects.count() == 0


def test_the_events_api_refuses_a_change_to_year_7441(personas):
    client = _api(personas["analyst"])
    body = {"event_date": "2026-11-05", "summary": "Bentrok", "form": "bentrok"}
    pk = client.post(EVENTS, body, content_type="application/json").json()["id"]
    response = client.patch(
        f"{EVENTS}{pk}/", {"event_date": "7441-01-01"}, content_type="application/json"
    )
    assert response.status_code == 400 and "event_date" in response.json()
    assert Event.objects.get(pk=pk).event_date.year == 2026


def test_the_event_form_refuses_year_0207(personas, client_for):
    response = client_for(personas["analyst"]).post(
        "/peristiwa/baru/",
        {
            "event_date": "0207-05-01",
            "time_precision": 1,
            "relevance": "insiden",
            "form": "bentrok",
            "summary": "Bentrok",
            "classification": "biasa",
            "fatalities": 0,
            "injured": 0,
            "displaced": 0,
        },
    )
    assert response.status_code in (200, 400)
    assert Event.objects.count() == 0
    assert "terlalu awal" in response.content.decode()


@pytest.mark.parametrize(
    "extra, field",
    [({"area_code": MUARA_MUNTAI}, "area"), (MUARA_MUNTAI_POINT, "location")],
)
def test_a_reporter_scoped_to_tenggarong_cannot_file_in_muara_muntai_by_api(personas, extra, field):
    body = {"text": "Bentrok warga di Muara Muntai", **extra}
    response = _api(personas["reporter"]).post(REPORTS, body, content_type="application/json")
    assert response.status_code == 400, response.content
    assert field in response.json()
    assert Report.objects.count() == 0


def test_the_same_reporter_files_in_tenggarong(personas):
    body = {"text": "Spanduk provokatif di Tenggarong", "area_code": "64.02.06"}
    response = _api(personas["reporter"]).post(REPORTS, body, content_type="application/json")
    assert response.status_code == 201, response.content


def test_the_reports_api_refuses_an_incident_in_year_7441(personas):
    body = {"text": "Bentrok", "occurred_at": "7441-01-01T10:00:00+08:00"}
    response = _api(personas["analyst"]).post(REPORTS, body, content_type="application/json")
    assert response.status_code == 400 and "occurred_at" in response.json()


def test_the_signed_in_report_form_keeps_the_reporter_in_scope(personas, client_for):
    response = client_for(personas["reporter"]).post(
        "/laporan/baru/",
        {"text": "Bentrok warga", "area": MUARA_MUNTAI, "classification": "terbatas"},
    )
    assert response.status_code == 400
    assert Report.objects.count() == 0
    assert "di luar cakupan wilayah Anda" in response.content.decode()


def test_imports_refuse_dates_before_1989_and_points_outside_indonesia():
    content = (
        b"event_date,area_code,summary,latitude,longitude\n"
        b"0207-05-01,64.02.06,Bentrok,,\n"
        b"2020-05-01,64.02.06,Bentrok,48.85,2.35\n"
        b"1990-05-01,64.02.06,Bentrok,-0.42,116.98\n"
    )
    batch, preview = importer.stage(content, "events.csv", None)
    assert [e["line"] for e in preview.errors] == [2, 3]
    assert not preview.ok
