"""Exports stream in chunks read with values(), no cell can start a formula, and a large
export is written by a worker and offered as a download link."""

import csv
import io
import json
from datetime import date

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from waspada.areas.models import Area
from waspada.events import services
from waspada.events.exchange import exporter
from waspada.events.models import Event
from waspada.ops.worker import WaspadaWorker

pytestmark = pytest.mark.django_db

HYPERLINK = '=HYPERLINK("http://evil.example/x","klik")'


@pytest.fixture
def events(personas):
    user = personas["analyst"]
    made = [
        services.create_event(
            user=user,
            event_date=date(2026, 10, i + 1),
            area=Area.objects.get(code="64.02.06.1004"),
            form="bentrok",
            summary=f"Bentrok warga nomor {i}",
            sources=["ekonomi", "sumber_daya_alam"] if i % 2 else ["agama"],
            latitude=-0.42,
            longitude=116.99,
        )
        for i in range(5)
    ]
    services.update_event(
        made[0], user=user, location=HYPERLINK, summary="+SUM(A1:A9)", actor1="@cmd", sources=None
    )
    return made


def body(response) -> bytes:
    assert response.status_code == 200, response.status_code
    assert response.streaming
    return b"".join(response.streaming_content)


def test_chunks_read_columns_in_keyset_pages_with_their_sources(events, monkeypatch):
    queries = []
    rows = []
    for chunk in exporter.chunks(Event.objects.all(), size=2):
        queries.append(len(chunk))
        rows += chunk
    assert queries == [2, 2, 1]
    assert [r.pk for r in rows] == sorted(e.pk for e in events)
    assert rows[1].source_list == ["ekonomi", "sumber_daya_alam"]
    # The same rows as the model instances give.
    instances = list(Event.objects.order_by("pk"))
    from waspada.events.exchange import native

    assert [native.export_row(r) for r in rows] == [native.export_row(e) for e in instances]


@pytest.mark.parametrize("fmt", ["csv", "hxl", "acled", "geojson", "xlsx"])
def test_each_format_streams_what_the_whole_file_builder_gives(events, personas, client_for, fmt):
    client = client_for(personas["analyst"])
    response = client.get(reverse("events:export", args=[fmt]))
    content = body(response)
    assert response["Content-Disposition"].startswith("attachment;")
    if fmt == "xlsx":
        sheet = load_workbook(io.BytesIO(content), read_only=True).active
        assert len(list(sheet.values)) == 6
    elif fmt == "geojson":
        assert len(json.loads(content)["features"]) == 5
    else:
        assert content == exporter.build(fmt, Event.objects.all())


def cells(fmt, content) -> list[list]:
    if fmt == "xlsx":
        return [list(r) for r in load_workbook(io.BytesIO(content), read_only=True).active.values]
    return list(csv.reader(io.StringIO(content.decode())))


def number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


@pytest.mark.parametrize("fmt", ["csv", "hxl", "acled", "xlsx"])
def test_no_cell_can_start_a_formula(events, personas, client_for, fmt):
    content = body(client_for(personas["analyst"]).get(reverse("events:export", args=[fmt])))
    values = [v for row in cells(fmt, content) for v in row if isinstance(v, str)]
    assert not [v for v in values if v[:1] in ("=", "+", "-", "@", "\t", "\r") and not number(v)]
    assert "'" + HYPERLINK in values
    if fmt != "acled":
        assert "'+SUM(A1:A9)" in values and "'@cmd" in values
    # Numbers stay numbers (a negative latitude is not text).
    if fmt == "xlsx":
        assert -0.42 in [v for row in cells(fmt, content) for v in row]


@pytest.mark.django_db(transaction=True)  # the worker loop closes and reopens connections
def test_a_large_export_is_a_background_job_with_a_download_link(
    events, personas, client_for, settings
):
    settings.WASPADA_EXPORT_DIRECT_ROWS = 3
    settings.MEDIA_ROOT = settings.MEDIA_ROOT  # the files go under MEDIA_ROOT/exports
    client = client_for(personas["analyst"])
    response = client.get(reverse("events:export", args=["csv"]), {"source": "agama"})
    assert response.status_code == 200 and response.streaming  # 3 rows: direct
    response = client.get(reverse("events:export", args=["csv"]))
    assert response.status_code == 302
    job_url = response["Location"]
    page = client.get(job_url)
    assert page.status_code == 200 and b'http-equiv="refresh"' in page.content
    assert b'id="download"' not in page.content
    # Not the job of another user, even one allowed to export.
    assert client_for(personas["admin"]).get(job_url).status_code == 404
    WaspadaWorker(once=True).run()
    page = client.get(job_url)
    assert b'id="download"' in page.content and b'http-equiv="refresh"' not in page.content
    assert "Berkas sudah siap." in page.content.decode()  # Indonesian by default
    download = client.get(job_url + "unduh/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == exporter.build("csv", Event.objects.all())
    assert client_for(personas["admin"]).get(job_url + "unduh/").status_code == 404


def test_an_xlsx_export_goes_to_the_background_sooner(events, personas, client_for, settings):
    settings.WASPADA_EXPORT_DIRECT_XLSX_ROWS = 4
    client = client_for(personas["analyst"])
    assert client.get(reverse("events:export", args=["xlsx"])).status_code == 302
    assert client.get(reverse("events:export", args=["csv"])).status_code == 200
