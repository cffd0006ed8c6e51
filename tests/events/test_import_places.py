"""An ACLED-shaped file with the 14 Kukar events: each lands in its kecamatan (admin3 within
the kabupaten), at desa level where ACLED says the point is the place itself and it lies in
a Kukar desa polygon; the follow-up is one task per kecamatan, behind live work."""

from pathlib import Path

import pytest
from django_tasks_db.models import DBTaskResult

from waspada.areas.models import Area
from waspada.events.exchange import importer
from waspada.events.exchange.places import deepest_area, resolve_kecamatan
from waspada.events.models import Event, ImportBatch
from waspada.ops.worker import WaspadaWorker

FILE = Path(__file__).parent / "data" / "acled_kukar.csv"
# event id → the area it belongs in (desa where geo_precision is 1, else the kecamatan)
KUKAR = {
    "IDN9100": "64.02.06.2014",
    "IDN9101": "64.02.16.2018",
    "IDN9102": "64.02.03",
    "IDN9103": "64.02.02.2015",
    "IDN9104": "64.02.15",  # "Sanga-Sanga" for Sanga Sanga
    "IDN9105": "64.02.14",
    "IDN9106": "64.02.13.2019",
    "IDN9107": "64.02.05.2013",
    "IDN9108": "64.02.17",  # "Marangkayu" for Marang Kayu
    "IDN9109": "64.02.04.2008",
    "IDN9110": "64.02.07",
    "IDN9111": "64.02.08",
    "IDN9112": "64.02.11.2020",
    "IDN9113": "64.02.10",
}


@pytest.mark.django_db(transaction=True)  # the worker's own transactions, as in production
def test_the_14_kukar_acled_events_land_in_their_kecamatan_and_desa(settings):
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }
    batch, preview = importer.stage(FILE.read_bytes(), FILE.name, None)
    assert preview.ok and preview.format == "acled"
    importer.start(batch, None)
    WaspadaWorker(once=True).run()

    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.COMMITTED and batch.created_count == 18
    placed = dict(Event.objects.filter(external_id__in=KUKAR).values_list("external_id", "area_id"))
    assert placed == KUKAR
    for event in Event.objects.filter(external_id__in=KUKAR):
        assert event.kecamatan_code == ".".join(KUKAR[event.external_id].split(".")[:3])
        assert event.search_document.endswith(event.area.name)  # derived as save() would
    assert batch.summary["resolved"] == {"desa": 7, "kecamatan": 7 + 4}
    # Elsewhere in Indonesia the kecamatan by its name (no polygons there, so no desa).
    lhoksukon = Event.objects.get(external_id="IDN9200").area
    assert (lhoksukon.name, lhoksukon.parent.name) == ("Lhoksukon", "Kabupaten Aceh Utara")

    # One follow-up per kecamatan (14), low priority; no task per row.
    paths = list(DBTaskResult.objects.values_list("task_path", flat=True))
    assert paths.count("waspada.alerts.tasks.evaluate_imported_events") == 14
    assert "waspada.alerts.tasks.evaluate_event" not in paths
    assert paths.count("waspada.events.tasks.import_chunk") == 1
    assert set(DBTaskResult.objects.values_list("status", flat=True)) == {"SUCCESSFUL"}


@pytest.mark.django_db
def test_a_point_that_disagrees_with_admin3_keeps_the_named_kecamatan():
    tenggarong = resolve_kecamatan("64.02", "Tenggarong")
    assert tenggarong == "64.02.06"
    assert resolve_kecamatan("64.02", "Kecamatan Tenggarong") == tenggarong
    assert resolve_kecamatan("64.02", "Nowhere") is None
    # A point in Loa Kulu (desa 64.02.02.2015's coordinates) named as Tenggarong.
    desa = Area.objects.get(code="64.02.02.2015")
    assert deepest_area("64.02", "Tenggarong", desa.lat, desa.lon, precision=1) == tenggarong
    assert deepest_area("64.02", "Loa Kulu", desa.lat, desa.lon, precision=1) == desa.code
    assert deepest_area("64.02", "", desa.lat, desa.lon, precision=2) == "64.02.02"
    assert deepest_area("64.02", "", desa.lat, desa.lon, precision=3) is None


@pytest.mark.django_db
def test_an_import_stopped_midway_goes_on_from_the_next_chunk(settings, monkeypatch):
    monkeypatch.setattr(importer, "CHUNK_ROWS", 5)
    batch, _ = importer.stage(FILE.read_bytes(), FILE.name, None)
    batch.status = ImportBatch.Status.QUEUED
    batch.save()
    assert importer.run_chunk(batch.pk) is True  # the first chunk, then the worker "dies"
    batch.refresh_from_db()
    assert (batch.status, batch.rows_done, batch.created_count) == ("importing", 5, 5)
    assert Event.objects.count() == 5
    # Running again (the task retried) continues; nothing is imported twice.
    assert importer.commit(batch, None) == 18
    assert Event.objects.count() == 18
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.COMMITTED and batch.percent_done == 100
