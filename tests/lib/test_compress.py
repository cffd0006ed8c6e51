"""Data responses (JSON, GeoJSON, CSV) are gzipped for clients that accept it; HTML pages
are not (BREACH); static files get gzip copies from collectstatic in both profiles."""

import gzip
import json
from datetime import date

import pytest
from django.core.management import call_command
from django.urls import reverse

from waspada.areas.models import Area
from waspada.events import services

pytestmark = pytest.mark.django_db


@pytest.fixture
def some_events(personas):
    for i in range(30):
        services.create_event(
            user=personas["analyst"],
            event_date=date(2026, 10, 1 + i % 28),
            area=Area.objects.get(code="64.02.06.1004"),
            form="bentrok",
            summary=f"Bentrok warga karena sengketa lahan perkebunan nomor {i}",
            sources=["ekonomi"],
            latitude=-0.42,
            longitude=116.99,
        )


def test_geojson_and_csv_are_gzipped_html_is_not(some_events, personas, client_for):
    client = client_for(personas["analyst"])
    points = client.get(reverse("events:map_data"), HTTP_ACCEPT_ENCODING="gzip, br")
    assert points["Content-Encoding"] == "gzip" and "Accept-Encoding" in points["Vary"]
    assert len(json.loads(gzip.decompress(points.content))["features"]) == 30
    export = client.get(reverse("events:export", args=["csv"]), HTTP_ACCEPT_ENCODING="gzip")
    assert export["Content-Encoding"] == "gzip"
    plain = client.get(reverse("events:export", args=["csv"]))
    assert "Content-Encoding" not in plain
    assert gzip.decompress(b"".join(export.streaming_content)) == b"".join(plain.streaming_content)
    page = client.get(reverse("events:list"), HTTP_ACCEPT_ENCODING="gzip")
    assert page.status_code == 200 and "Content-Encoding" not in page


def test_the_api_answers_gzipped_json(some_events, personas):
    from rest_framework.test import APIClient

    from waspada.api.models import ApiToken

    _, raw = ApiToken.issue(personas["analyst"], "bench")
    client = APIClient()
    response = client.get(
        "/api/v1/events/", HTTP_AUTHORIZATION=f"Token {raw}", HTTP_ACCEPT_ENCODING="gzip"
    )
    assert response.status_code == 200 and response["Content-Encoding"] == "gzip"
    assert json.loads(gzip.decompress(response.content))["count"] == 30


def test_collectstatic_writes_gzip_copies(settings, tmp_path):
    settings.STATIC_ROOT = tmp_path
    call_command("collectstatic", interactive=False, verbosity=0)
    chart = tmp_path / "vendor" / "chartjs" / "chart.umd.min.js"
    assert chart.exists() and (tmp_path / "vendor" / "chartjs" / "chart.umd.min.js.gz").exists()
    assert len(gzip.decompress((chart.parent / (chart.name + ".gz")).read_bytes())) == len(
        chart.read_bytes()
    )
