"""An import's chunks: each reads on from the byte where the previous one stopped (kept with the
batch's progress), a stopped import goes on from there in another process, a chunk that another
run already took does nothing, and the events are written exactly as ``bulk_create`` wrote them."""

import csv
import io
from datetime import date
from pathlib import Path

import pytest

from waspada.areas.models import Area
from waspada.events.exchange import exporter, importer
from waspada.events.exchange.inserts import build, insert_all
from waspada.events.models import Event, EventHistory, ImportBatch

pytestmark = pytest.mark.django_db
KUKAR = Path(__file__).parent / "data" / "acled_kukar.csv"


def _tricky_file() -> tuple[bytes, dict[str, str]]:
    """The Kukar ACLED file with notes that hold line breaks, quotes and commas, CRLF line
    ends, a byte-order mark and blank rows; and each event id's note."""
    rows = list(csv.reader(io.StringIO(KUKAR.read_text())))
    header, body = rows[0], rows[1:]
    notes = {}
    for i, row in enumerate(body):
        row[header.index("notes")] = f'Baris satu {i},\r\nbaris "dua"\né {i}' if i % 3 else row[27]
        notes[row[0]] = row[header.index("notes")]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    for i, row in enumerate(body):
        writer.writerow(row)
        if i % 4 == 0:
            out.write("\r\n")  # a blank record
    return b"\xef\xbb\xbf" + out.getvalue().encode(), notes


def _queued(content: bytes) -> ImportBatch:
    batch, preview = importer.stage(content, "kukar.csv", None)
    assert preview.ok, preview.errors
    batch.status = ImportBatch.Status.QUEUED
    batch.save()
    return batch


def _imported() -> dict[str, tuple]:
    return {
        e.external_id: (e.summary, e.area_id, e.raw["notes"])
        for e in Event.objects.filter(external_source="acled")
    }


@pytest.mark.parametrize("keep_cursor", [True, False])
def test_chunks_read_on_from_where_the_previous_stopped(monkeypatch, keep_cursor):
    monkeypatch.setattr(importer, "CHUNK_ROWS", 4)
    content, notes = _tricky_file()
    whole = _queued(content)
    assert importer.commit(whole, None) == 18
    expected = _imported()
    assert {k: v[0] for k, v in expected.items()} == notes  # every note whole
    Event.objects.all().delete()

    batch = _queued(content)
    assert importer.run_chunk(batch.pk) is True
    batch.refresh_from_db()
    # Records 2, 4, 5 and 6 were taken (3 is blank); the next record is 7.
    assert (batch.rows_done, batch.resume_line) == (4, 7)
    assert content[batch.resume_offset :].startswith(b"IDN9104,")
    if not keep_cursor:  # a batch from before the cursor was kept: rows counted from the start
        ImportBatch.objects.filter(pk=batch.pk).update(resume_offset=0, resume_line=0)
    importer._running = None  # the next chunks run in another process
    assert importer.commit(batch, None) == 18
    assert _imported() == expected
    # The events were made in the file's order.
    ordered = list(Event.objects.order_by("pk").values_list("external_id", flat=True))
    assert ordered == list(notes)


def test_a_chunk_that_another_run_took_does_nothing(monkeypatch):
    """The same chunk's task run twice at once (a retry while the first still runs): the
    second finds the batch's progress moved on and writes nothing."""
    monkeypatch.setattr(importer, "CHUNK_ROWS", 5)
    batch = _queued(KUKAR.read_bytes())
    prepare, raced = importer._prepare, []

    def prepare_while_another_run_takes_the_chunk(batch, start):
        prepared = prepare(batch, start)
        if not raced:
            raced.append(True)
            assert importer.run_chunk(batch.pk) is True  # the other run, done first
        return prepared

    monkeypatch.setattr(importer, "_prepare", prepare_while_another_run_takes_the_chunk)
    assert importer.run_chunk(batch.pk) is True
    batch.refresh_from_db()
    assert (batch.rows_done, batch.created_count, Event.objects.count()) == (5, 5, 5)
    assert EventHistory.objects.count() == 5
    monkeypatch.setattr(importer, "_prepare", prepare)
    assert importer.commit(batch, None) == 18
    assert Event.objects.count() == 18


def test_an_id_imported_after_the_preview_is_skipped_not_doubled(monkeypatch):
    monkeypatch.setattr(importer, "CHUNK_ROWS", 5)
    first, second = _queued(KUKAR.read_bytes()), _queued(KUKAR.read_bytes())
    assert importer.commit(first, None) == 18
    assert importer.commit(second, None) == 0
    assert Event.objects.count() == 18
    second.refresh_from_db()
    assert (second.status, second.rows_done) == (ImportBatch.Status.COMMITTED, 18)


def _event(i: int, **fields) -> Event:
    event = Event(
        event_date=date(2024, 1, 1 + i),
        area=Area.objects.get(code="64.02.06"),
        summary=f"Peristiwa {i}",
        location="Tenggarong",
        latitude=-0.42,
        longitude=116.99 if i % 2 else None,
        time_precision=1,
        form="bentrok",
        actor1_type="warga",
        raw={"notes": f"catatan {i}", "n": [i, None]} if i % 3 else None,
        **fields,
    )
    event.derive()
    return event


def test_insert_all_writes_the_rows_bulk_create_writes(personas):
    user = personas["analyst"]
    made_by_django = [
        _event(i, external_source="acled", external_id=f"B{i}", created_by=user) for i in range(7)
    ]
    Event.objects.bulk_create(made_by_django)
    ours = [
        _event(i, external_source="acled", external_id=f"O{i}", created_by=user) for i in range(7)
    ]
    insert_all(Event, ours)
    # Ids given in order, the objects saved as bulk_create leaves them.
    assert [e.pk for e in ours] == sorted(e.pk for e in ours)
    assert all(not e._state.adding for e in ours)
    columns = [
        f.attname
        for f in Event._meta.concrete_fields
        if f.attname not in ("id", "external_id", "created_at", "updated_at")
    ]

    def stored(events):
        return list(
            Event.objects.filter(pk__in=[e.pk for e in events]).order_by("pk").values_list(*columns)
        )

    assert stored(ours) == stored(made_by_django)
    again = Event.objects.get(pk=ours[1].pk)
    assert again.raw == {"notes": "catatan 1", "n": [1, None]}
    assert again.created_at == ours[1].created_at and again.updated_at is not None
    history = [
        EventHistory(event=e, user=user, action="create", changes={"a": [None, 1]}) for e in ours
    ]
    insert_all(EventHistory, history)
    assert EventHistory.objects.get(pk=history[0].pk).changes == {"a": [None, 1]}


def test_build_makes_the_object_the_model_makes(personas):
    area = Area.objects.get(code="64.02.06")
    values = {
        "event_date": date(2024, 5, 1),
        "area": area,
        "summary": "Unjuk rasa",
        "created_by_id": personas["analyst"].pk,
        "raw": {"a": "b"},
    }
    ours, django = build(Event, values), Event(**values)
    assert ours.__dict__.keys() - {"_state"} == django.__dict__.keys() - {"_state"}
    assert {k: v for k, v in ours.__dict__.items() if k != "_state"} == {
        k: v for k, v in django.__dict__.items() if k != "_state"
    }
    assert ours._state.adding and ours.area is area  # the area comes without a query
    assert build(Event, {"area": None}).area_id is None
    with pytest.raises(TypeError):
        build(Event, {"no_such_field": 1})


def test_a_workbook_imports_chunk_by_chunk(monkeypatch, make_event, personas):
    """An XLSX workbook has no byte to read on from: each chunk counts its rows from the
    start, and every row is imported once, in order."""
    monkeypatch.setattr(importer, "CHUNK_ROWS", 2)
    user = personas["analyst"]
    for i in range(5):
        make_event(user, summary=f"Peristiwa nomor {i}", event_date=date(2026, 10, 1 + i))
    content = exporter.EXPORTERS["xlsx"][0](list(Event.objects.order_by("event_date")))
    Event.objects.all().delete()
    batch, preview = importer.stage(content, "events.xlsx", user)
    assert preview.ok, preview.errors
    assert importer.commit(batch, user) == 5
    batch.refresh_from_db()
    assert (batch.rows_done, batch.resume_line) == (5, 0)
    summaries = list(Event.objects.order_by("pk").values_list("summary", flat=True))
    assert summaries == [f"Peristiwa nomor {i}" for i in range(5)]
