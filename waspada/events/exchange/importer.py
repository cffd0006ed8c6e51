"""Import events: read, preview per-row errors, then import in chunks as a background job.

A file with any row in error imports nothing. A clean file is imported ``CHUNK_ROWS`` rows at
a time, each chunk read first and then written in one short transaction that inserts its
events as a set (``inserts.insert_all``) and records the batch's progress with them: the rows
done (``rows_done``) and, for a CSV file, the byte and line where the next row begins
(``resume_offset``, ``resume_line``), so that each chunk reads on from there instead of parsing
the file again from its start. A process keeps the file of the batch it is running (read once,
not per chunk) and the places already found in it. Areas come from in-memory indexes of the
gazetteer (``places``, ``areas.locate``), each distinct place of a file found once. A stopped
import (a worker killed, the machine down) keeps the chunks it committed and goes on from the
next row when its task runs again, in any process: rows are never imported twice (and an id
already in the database is skipped). The follow-up work is one ``events_imported`` per
kecamatan at the end, not one per row.
"""

import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from itertools import islice
from typing import ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Count, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from waspada.areas.models import Area, Level
from waspada.lib import validators
from waspada.lib.queue import enqueue_with_transaction

from ..models import Event, ImportBatch
from ..services import create_imported, geo_precision_for
from ..signals import events_imported
from . import acled, native, places, ucdp
from .inserts import build
from .readers import CsvTable, Cursor, FileError, from_bytes, is_xlsx, iter_table

FORMATS = {native.NAME: native, acled.NAME: acled, ucdp.NAME: ucdp}
REQUIRED = {
    native.NAME: ["event_date", "area_code", "summary"],
    acled.NAME: [
        "event_id_cnty",
        "event_date",
        "sub_event_type",
        "admin1",
        "admin2",
        "latitude",
        "longitude",
        "fatalities",
        "notes",
    ],
    ucdp.NAME: ucdp.REQUIRED,
}


class ImportRefused(Exception):
    pass


_known_areas: tuple[int, dict[str, Area]] | None = None


def _preloaded_areas() -> dict[str, Area]:
    """Provinces, kabupaten and kecamatan of the whole country and the desa of the regency
    (about 8,000 rows, without polygons), read in one query and kept for the process while
    the gazetteer keeps its number of areas."""
    global _known_areas
    count = Area.objects.count()
    if _known_areas is None or _known_areas[0] != count:
        wanted = Q(level__in=[Level.PROVINSI, Level.KABUPATEN, Level.KECAMATAN]) | Q(
            level=Level.DESA, code__startswith=settings.WASPADA_REGENCY + "."
        )
        fields = ("code", "name", "level", "parent_id", "lat", "lon")
        _known_areas = (count, {a.code: a for a in Area.objects.filter(wanted).only(*fields)})
    return _known_areas[1]


class AreaLookup:
    """Areas by code, from memory (``_preloaded_areas``); any other code (a desa elsewhere,
    in our own files) is fetched once. The places of other datasets' rows (``places``) are
    found once per distinct place: a file repeats the same few hundred places."""

    MEMO_SIZE = 20_000

    def __init__(self):
        self._known = _preloaded_areas()
        self._cache: dict[str, Area | None] = {}
        self._places: dict[tuple, str | None] = {}

    def resolve(self, admin1: str = "", admin2: str = "") -> tuple[str | None, str | None]:
        return places.resolve(admin1, admin2)

    def deepest_area(self, kabupaten, admin3="", lat=None, lon=None, *, precision=3):
        key = (kabupaten, admin3, lat, lon, precision)
        if key not in self._places:
            if len(self._places) >= self.MEMO_SIZE:
                self._places.clear()
            self._places[key] = places.deepest_area(
                kabupaten, admin3, lat, lon, precision=precision
            )
        return self._places[key]

    @property
    def current(self) -> bool:
        """Whether the gazetteer is the one this lookup read."""
        return self._known is _preloaded_areas()

    def get(self, code, default=None):
        if code in self._known:
            return self._known[code]
        if code not in self._cache:
            self._cache[code] = Area.objects.defer("geometry").filter(code=code).first()
        return self._cache[code] or default

    def __contains__(self, code):
        return self.get(code) is not None

    def __getitem__(self, code):
        area = self.get(code)
        if area is None:
            raise KeyError(code)
        return area


@dataclass
class ParsedRow:
    line: int
    fields: dict
    sources: list
    errors: list
    skipped: str = ""
    raw: dict = field(default_factory=dict)


MAX_LISTED_ERRORS = 1000


@dataclass
class Preview:
    """What a file holds. ``rows`` are the parsed rows of one chunk; ``parse`` keeps none of
    them (its memory stays flat in the number of rows): it folds each chunk into the counts
    (``absorb``) and keeps the first ``MAX_LISTED_ERRORS`` rows in error."""

    format: str = ""
    rows: list[ParsedRow] = field(default_factory=list)
    file_errors: list[str] = field(default_factory=list)
    counts: Counter = field(default_factory=Counter)
    listed_errors: list[dict] = field(default_factory=list)

    @property
    def errors(self) -> list[dict]:
        return self.listed_errors + [
            {"line": r.line, "messages": r.errors} for r in self.rows if r.errors
        ]

    @property
    def ok(self) -> bool:
        return not self.file_errors and not self.counts["errors"] and not self.errors

    @property
    def to_create(self) -> list[ParsedRow]:
        return [r for r in self.rows if not r.errors and not r.skipped]

    def absorb(self, chunk: "Preview") -> None:
        for r in chunk.rows:
            self.counts["rows"] += 1
            if r.errors:
                self.counts["errors"] += 1
                if len(self.listed_errors) < MAX_LISTED_ERRORS:
                    self.listed_errors.append({"line": r.line, "messages": r.errors})
            elif r.skipped:
                self.counts["skipped"] += 1
            else:
                self.counts["to_create"] += 1
                area = r.fields.get("area")
                self.counts["level:" + (area.level if area else "none")] += 1

    def summary(self) -> dict:
        total = Preview(counts=Counter(self.counts))
        total.absorb(Preview(rows=self.rows))
        counts = total.counts
        return {
            "format": self.format,
            "rows": counts["rows"],
            "to_create": counts["to_create"],
            "skipped": counts["skipped"],
            "errors": counts["errors"],
            "resolved": {
                k.split(":", 1)[1]: n for k, n in counts.items() if k.startswith("level:")
            },
        }


def detect_format(header: list[str]) -> str | None:
    for name, module in FORMATS.items():
        if module.detect(header):
            return name
    return None


def parse(content: bytes, filename: str, fmt: str | None = None) -> Preview:
    preview = Preview()
    try:
        header, rows = iter_table(content, filename)
    except FileError as e:
        preview.file_errors.append(str(e))
        return preview
    fmt = fmt or detect_format(header)
    if fmt not in FORMATS:
        preview.file_errors.append(
            _("Unknown table: expected our event columns, an ACLED export or a UCDP GED file.")
        )
        return preview
    preview.format = fmt
    missing = [c for c in REQUIRED[fmt] if c not in header]
    if missing:
        preview.file_errors.append(_("Missing columns: %(cols)s") % {"cols": ", ".join(missing)})
        return preview
    module, areas = FORMATS[fmt], AreaLookup()
    seen: set[tuple] = set()
    while True:
        chunk, now = Preview(format=fmt), _now()
        for line, row in islice(rows, CHUNK_ROWS):
            if "__error__" in row:
                chunk.rows.append(ParsedRow(line, {}, [], [row["__error__"]]))
                continue
            fields, sources, errors = module.parse_row(row, areas)
            errors.extend(plausibility_errors(fields, now))
            parsed = ParsedRow(line, fields, sources, errors)
            key = (fields.get("external_source"), fields.get("external_id"))
            if key[1]:
                if key in seen:
                    parsed.errors.append(_("the same id appears twice in the file"))
                seen.add(key)
            chunk.rows.append(parsed)
        if not chunk.rows:
            return preview
        _mark_already_imported(chunk)
        preview.absorb(chunk)


def _now() -> tuple[date, str | None]:
    """Today and the language of messages, found once for many rows."""
    return timezone.localdate(), translation.get_language()


def plausibility_errors(fields: dict, now: tuple[date, str | None] | None = None) -> list[str]:
    """Dates from 1989 (UCDP GED's start) to today, points in Indonesia. Imported areas may lie
    anywhere in Indonesia (national UCDP/ACLED files give the regency its context)."""
    errors = []
    if fields.get("event_date") is not None:
        day_error = _date_error(fields["event_date"], *(now or _now()))
        if day_error:
            errors.append(day_error)
    try:
        if fields.get("latitude") is not None and fields.get("longitude") is not None:
            validators.point_in_indonesia(fields["latitude"], fields["longitude"])
    except ValidationError as e:
        errors.append(validators.message(e))
    return errors


@lru_cache(maxsize=8192)  # a file repeats its dates
def _date_error(day: date, today: date, language: str | None) -> str | None:
    try:
        validators.import_date(day)
    except ValidationError as e:
        return validators.message(e)
    return None


def _mark_already_imported(preview: Preview) -> None:
    keys = {
        (r.fields.get("external_source"), r.fields.get("external_id"))
        for r in preview.rows
        if r.fields.get("external_id")
    }
    if not keys:
        return
    existing = set()
    for source in {k[0] for k in keys}:
        ids = [k[1] for k in keys if k[0] == source]
        for i in range(0, len(ids), 500):
            existing |= {(source, e) for e in _existing_ids(source, ids[i : i + 500])}
    for r in preview.rows:
        if (r.fields.get("external_source"), r.fields.get("external_id")) in existing:
            r.skipped = _("already imported")


# One lookup of the unique index per id. An ``IN`` list is planned from the table's statistics,
# which during a first large import still describe a table without these events: PostgreSQL
# then read every event of the source for each chunk.
_EXISTING_POSTGRES = """
    SELECT k.id FROM unnest(%s::text[]) AS k(id), LATERAL (
        SELECT 1 FROM events_event e
        WHERE e.external_source = %s AND e.external_id = k.id AND NOT (e.external_id = '')
        LIMIT 1
    ) AS found
"""


def _existing_ids(source: str, ids: list[str]) -> set[str]:
    """Which of ``ids`` of ``source`` are in the database already (the unique index)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(_EXISTING_POSTGRES, [ids, source])
            return {found for (found,) in cursor.fetchall()}
    # The condition of the (partial) unique index, which makes SQLite use it.
    events = Event.objects.filter(~Q(external_id=""), external_source=source, external_id__in=ids)
    return set(events.values_list("external_id", flat=True))


def stage(content: bytes, filename: str, user, fmt: str | None = None):
    """Keep the uploaded file unchanged with its preview (nothing else is written)."""
    preview = parse(content, filename, fmt)
    batch = ImportBatch.objects.create(
        created_by=user,
        filename=filename[:255],
        format=preview.format or "unknown",
        content=content,
        rows=preview.summary()["rows"],
        errors=[{"line": 0, "messages": preview.file_errors}]
        if preview.file_errors
        else preview.errors,
        summary=preview.summary(),
        status=ImportBatch.Status.PREVIEW if preview.ok else ImportBatch.Status.FAILED,
    )
    return batch, preview


# Rows per chunk: one short transaction each (about a second of SQLite's write lock at most),
# between which live work runs (the chunks are low-priority tasks).
CHUNK_ROWS = 500
BULK_PRIORITY = -20


def start(batch: ImportBatch, user) -> None:
    """Queue the import of a previewed batch as a background job (``events.tasks``)."""
    from ..tasks import import_chunk

    with transaction.atomic():
        batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
        if batch.status != ImportBatch.Status.PREVIEW or batch.errors:
            raise ImportRefused(_("The file has errors; nothing was imported."))
        batch.status = ImportBatch.Status.QUEUED
        if batch.created_by_id is None and user is not None:
            batch.created_by = user
        batch.save(update_fields=["status", "created_by"])
        enqueue_with_transaction(import_chunk, batch_id=batch.pk)


def commit(batch: ImportBatch, user) -> int:
    """Import a previewed batch now, in this process (the command line; tests), chunk by
    chunk as the background job does. Returns the number of events created."""
    if batch.status == ImportBatch.Status.FAILED or batch.errors:
        raise ImportRefused(_("The file has errors; nothing was imported."))
    if batch.status == ImportBatch.Status.PREVIEW:
        if batch.created_by_id is None and user is not None:
            batch.created_by = user
        batch.status = ImportBatch.Status.QUEUED
        batch.save(update_fields=["status", "created_by"])
    while run_chunk(batch.pk):
        pass
    batch.refresh_from_db()
    return batch.created_count


ACTIVE = (ImportBatch.Status.QUEUED, ImportBatch.Status.IMPORTING)


def run_chunk(batch_id: int, then: Callable[[], None] | None = None) -> bool:
    """Import the next ``CHUNK_ROWS`` rows of a queued or running batch. The rows are read
    and their areas found first; then one short transaction inserts them and moves the
    batch's ``rows_done`` on (and calls ``then``, which queues the next chunk, when rows
    remain). The last chunk marks the batch imported and hands on one ``events_imported``
    per kecamatan. Safe to repeat: a chunk whose rows another run already took does nothing.
    True while rows remain."""
    batch = ImportBatch.objects.defer("content").filter(pk=batch_id, status__in=ACTIVE).first()
    if batch is None:
        return False
    start = batch.rows_done
    todo, chunk_rows, errors, cursor = _prepare(batch, start)
    with transaction.atomic():
        # The file itself (``content``) is neither read again nor written back.
        batch = ImportBatch.objects.select_for_update().defer("content").filter(pk=batch_id).first()
        if batch is None or batch.status not in ACTIVE:
            return False
        if batch.rows_done != start:
            return True  # another run took these rows; the chain goes on from there
        if batch.started_at is None:
            batch.started_at = timezone.now()
        batch.status = ImportBatch.Status.IMPORTING
        if errors:  # the file was clean at preview: only a changed gazetteer gets here
            batch.errors = [*batch.errors, *errors][:1000]
        create_imported(batch, todo, user=batch.created_by)
        batch.rows_done += chunk_rows
        if cursor is not None:
            batch.resume_offset, batch.resume_line = cursor.offset, cursor.line
        batch.created_count += len(todo)
        more = chunk_rows == CHUNK_ROWS
        if more and then is not None:
            then()
        if not more:
            _finish(batch)
        batch.save(update_fields=PROGRESS_FIELDS)
    return more


PROGRESS_FIELDS = [
    "status",
    "started_at",
    "finished_at",
    "errors",
    "rows_done",
    "resume_offset",
    "resume_line",
    "created_count",
    "summary",
]


@dataclass
class _Running:
    """What a process keeps of the batch whose chunks it runs one after another: the stored
    file, read once rather than once per chunk, and the places already found in it (while the
    gazetteer keeps its number of areas, counted at most every ``RECHECK_SECONDS``)."""

    key: tuple
    content: bytes
    areas: AreaLookup
    checked: float = field(default_factory=time.monotonic)

    RECHECK_SECONDS: ClassVar[float] = 30.0

    def current(self, key: tuple) -> bool:
        if key != self.key:
            return False
        if time.monotonic() - self.checked > self.RECHECK_SECONDS:
            if not self.areas.current:
                return False
            self.checked = time.monotonic()
        return True


_running: _Running | None = None


def _running_batch(batch: ImportBatch) -> _Running:
    global _running
    key = (batch.pk, batch.created_at)
    if _running is None or not _running.current(key):
        _running = None  # the previous file goes before the next one is read
        content = ImportBatch.objects.values_list("content", flat=True).get(pk=batch.pk)
        _running = _Running(key, bytes(content), AreaLookup())
    return _running


def _prepare(
    batch: ImportBatch, start: int
) -> tuple[list[tuple[Event, list[str]]], int, list, Cursor | None]:
    """The events of rows ``start`` … ``start + CHUNK_ROWS`` of the file, not yet saved, and
    where the rows after them begin (CSV)."""
    running = _running_batch(batch)
    module, areas, content = FORMATS[batch.format], running.areas, running.content
    if is_xlsx(content, batch.filename):
        # A workbook is read from its start (only a whole file can be opened).
        _header, rows = iter_table(content, batch.filename, skip=start)
        chunk, cursor = list(islice(rows, CHUNK_ROWS)), None
    else:
        # A CSV file is read on from the byte after the previous chunk (a batch without that
        # byte, one from an older version, counts rows from the start).
        resume = (
            Cursor(batch.resume_offset, batch.resume_line) if start and batch.resume_line else None
        )
        table = CsvTable(from_bytes(content), resume, skip=0 if resume else start)
        chunk = list(islice(table.rows, CHUNK_ROWS))
        cursor = table.cursor()
    parsed, now = [], _now()
    for line, row in chunk:
        if "__error__" in row:
            parsed.append(ParsedRow(line, {}, [], [row["__error__"]]))
            continue
        fields, sources, errors = module.parse_row(row, areas)
        errors.extend(plausibility_errors(fields, now))
        parsed.append(ParsedRow(line, fields, sources, errors, raw=row))
    preview = Preview(format=batch.format, rows=parsed)
    _mark_already_imported(preview)
    todo = []
    for row in preview.to_create:
        fields = dict(row.fields)
        if "geo_precision" not in fields:
            fields["geo_precision"] = geo_precision_for(fields.get("area"))
        todo.append((build(Event, {**fields, "raw": row.raw}), list(row.sources)))
    return todo, len(chunk), preview.errors, cursor


def _finish(batch: ImportBatch) -> None:
    global _running
    _running = None
    batch.status = ImportBatch.Status.COMMITTED
    batch.finished_at = timezone.now()
    events = Event.objects.filter(import_batch=batch)
    levels = dict(
        events.values_list("area__level").annotate(n=Count("id")).values_list("area__level", "n")
    )
    batch.summary = {
        **batch.summary,
        "created": batch.created_count,
        "resolved": {(level or "none"): n for level, n in levels.items()},
    }
    regency = events.filter(kecamatan_code__startswith=settings.WASPADA_REGENCY + ".")
    for code in regency.values_list("kecamatan_code", flat=True).distinct().order_by():
        events_imported.announce(batch_id=batch.pk, kecamatan_code=code)
