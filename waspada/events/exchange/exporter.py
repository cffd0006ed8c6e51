"""Export events as CSV, XLSX, GeoJSON, ACLED-format CSV and HXL-tagged CSV, streamed.

The events are read in chunks of ``CHUNK`` rows with ``values()`` (no model instances), in
primary-key order, each chunk one short query after the last id seen (keyset paging: no
cursor held open while a slow client reads, no OFFSET that grows with the file), with the
chunk's sources in one more query. Each writer is a generator of bytes, so that memory stays
flat in the number of events; the view streams it (``StreamingHttpResponse``), or a worker
writes it to a file when the export is large (``waspada.events.tasks.build_export``).

No cell of a spreadsheet format can start a formula: a text cell beginning with ``=``, ``+``,
``-``, ``@``, a tab or a carriage return gets a leading ``'`` (OWASP's advice for CSV
injection), in CSV, HXL, ACLED and XLSX alike. GeoJSON is not opened by spreadsheets and
keeps its values as they are.
"""

from __future__ import annotations

import csv
import io
import json
import tempfile
from collections import defaultdict, namedtuple
from collections.abc import Iterable, Iterator
from typing import IO, Any

from django.db.models import QuerySet

from waspada.areas.models import Area

from ..models import TRACKED_FIELDS
from . import acled, native
from .cells import FORMULA_STARTS

CHUNK = 2000
# The columns the writers read (native.export_row and acled.export_row read these names).
READ_COLUMNS = (
    "id",
    *(f for f in TRACKED_FIELDS if f != "duplicate_of_id"),
    "external_source",
    "external_id",
    "updated_at",
)
# What our own formats (CSV, HXL, XLSX, GeoJSON) read: no updated_at, whose conversion from
# the database is a tenth of the time of an export.
NATIVE_COLUMNS = READ_COLUMNS[:-1]
# The first characters that make a spreadsheet read a cell as a formula (cells.py; the same
# guard as cells.safe_row, inline per cell: a third of a million-row export's time).
_FORMULA = frozenset(FORMULA_STARTS)


def safe_row(row: Iterable[Any]) -> list[Any]:
    """``cells.safe_cell`` of every cell: text never starts a formula."""
    return [
        "'" + v if type(v) is str and v and v[0] in _FORMULA else v  # noqa: E721
        for v in row
    ]


def _row_type(columns: tuple[str, ...]) -> type:
    """A named tuple of ``columns`` and the event's ``source_list``, read like an Event."""
    row = namedtuple("EventRow", (*columns, "source_list"))  # type: ignore[misc]  # noqa: PYI024
    row.pk = property(lambda self: self[0])  # type: ignore[attr-defined]
    return row


NATIVE_ROW = _row_type(NATIVE_COLUMNS)
FULL_ROW = _row_type(READ_COLUMNS)
# What acled.export_row reads: a third of the columns, so a third of the values to convert.
ACLED_ROW = _row_type(
    (
        "id",
        "event_date",
        "time_precision",
        "form",
        "actor1",
        "actor1_type",
        "actor2",
        "actor2_type",
        "area_id",
        "location",
        "latitude",
        "longitude",
        "geo_precision",
        "summary",
        "fatalities",
        "updated_at",
    )
)


def chunks(
    events: QuerySet | Iterable[Any], size: int | None = None, row_type: type = FULL_ROW
) -> Iterator[list[Any]]:
    """``events`` as lists of rows with the attributes the writers read (``pk``,
    ``source_list`` and the columns of ``row_type``). A queryset is read in keyset-paged
    chunks of ``values_list()`` (no model instances, no dicts); anything else (a list of
    events) is one chunk as it is."""
    if not isinstance(events, QuerySet):
        items = list(events)
        if items:
            yield items
        return
    from ..queries import sources_of

    size = size or CHUNK
    columns = row_type._fields[:-1]  # type: ignore[attr-defined]
    query = events.order_by("pk").values_list(*columns)
    last = 0
    while True:
        batch = list(query.filter(pk__gt=last)[:size])
        if not batch:
            return
        first, last = batch[0][0], batch[-1][0]
        if last - first < 4 * len(batch):  # dense ids: a range reads faster than IN (…)
            sources = _sources_between(first, last)
        else:
            sources = sources_of([r[0] for r in batch])
        yield [row_type(*r, sources[r[0]]) for r in batch]


def _sources_between(first: int, last: int) -> defaultdict[int, list[str]]:
    """The sources (in rank order) of the events with ids ``first``…``last``."""
    from ..models import EventSource

    sources: defaultdict[int, list[str]] = defaultdict(list)
    tags = EventSource.objects.filter(event_id__gte=first, event_id__lte=last)
    for event_id, source in tags.order_by("event_id", "rank").values_list("event_id", "source"):
        sources[event_id].append(source)
    return sources


class _Lines:
    """A csv.writer whose output is taken after each chunk."""

    def __init__(self) -> None:
        self.buffer = io.StringIO()
        self.writer = csv.writer(self.buffer)

    def take(self) -> bytes:
        data = self.buffer.getvalue().encode("utf-8")
        self.buffer.seek(0)
        self.buffer.truncate()
        return data


def csv_stream(events, *, hxl: bool = False) -> Iterator[bytes]:
    out = _Lines()
    out.writer.writerow(native.COLUMNS)
    if hxl:
        out.writer.writerow([native.HXL_TAGS[c] for c in native.COLUMNS])
    yield out.take()
    for chunk in chunks(events, row_type=NATIVE_ROW):
        out.writer.writerows(safe_row(native.export_row(e)) for e in chunk)
        yield out.take()


def hxl_stream(events) -> Iterator[bytes]:
    return csv_stream(events, hxl=True)


class _AreaChain:
    """The names of the areas an ACLED row names (desa up to province), loaded as chunks need
    them and remembered per area: an export names a few hundred areas a million times."""

    def __init__(self) -> None:
        self.areas: dict[str, Area] = {}
        self.chains: dict[str, dict[str, str]] = {}

    def load(self, codes: set[str]) -> None:
        wanted = set()
        for code in codes:
            parts = code.split(".")
            wanted |= {".".join(parts[:i]) for i in range(1, len(parts) + 1)}
        missing = wanted - self.areas.keys()
        if missing:
            found = Area.objects.filter(code__in=sorted(missing)).only(
                "code", "name", "level", "parent_id"
            )
            self.areas.update((a.code, a) for a in found)

    def __call__(self, code: str) -> dict[str, str]:
        names = self.chains.get(code)
        if names is None:
            names = self.chains[code] = {}
            at: str | None = code
            while at and (area := self.areas.get(at)) is not None:
                names[area.level] = area.name
                at = area.parent_id
        return names


def acled_stream(events) -> Iterator[bytes]:
    out, chain = _Lines(), _AreaChain()
    out.writer.writerow(acled.COLUMNS)
    yield out.take()
    for chunk in chunks(events, row_type=ACLED_ROW):
        chain.load({e.area_id for e in chunk if e.area_id})
        out.writer.writerows(safe_row(acled.export_row(e, chain)) for e in chunk)
        yield out.take()


def geojson_stream(events) -> Iterator[bytes]:
    yield b'{"type": "FeatureCollection", "features": ['
    first = True
    for chunk in chunks(events, row_type=NATIVE_ROW):
        parts = []
        for event in chunk:
            props = dict(zip(native.COLUMNS, native.export_row(event), strict=True))
            geometry = None
            if event.latitude is not None and event.longitude is not None:
                geometry = {"type": "Point", "coordinates": [event.longitude, event.latitude]}
            feature = {"type": "Feature", "geometry": geometry, "properties": props}
            parts.append(json.dumps(feature, ensure_ascii=False))
        if parts:
            yield (("" if first else ", ") + ", ".join(parts)).encode("utf-8")
            first = False
    yield b"]}"


def write_xlsx(events, out: IO[bytes]) -> None:
    """A write-only workbook (openpyxl keeps the rows in a temporary file, not in memory)."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("events")
    sheet.append(native.COLUMNS)
    for chunk in chunks(events, row_type=NATIVE_ROW):
        for event in chunk:
            sheet.append(safe_row(native.export_row(event)))
    book.save(out)


def xlsx_stream(events) -> Iterator[bytes]:
    """The workbook is a zip file, written whole before its first byte can go out: it is
    built in a temporary file and streamed from there."""
    with tempfile.TemporaryFile() as f:
        write_xlsx(events, f)
        f.seek(0)
        while block := f.read(256 * 1024):
            yield block


# format → (streaming writer, content type, file extension)
STREAMS = {
    "csv": (csv_stream, "text/csv; charset=utf-8", "csv"),
    "hxl": (hxl_stream, "text/csv; charset=utf-8", "hxl.csv"),
    "xlsx": (
        xlsx_stream,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "xlsx",
    ),
    "geojson": (geojson_stream, "application/geo+json", "geojson"),
    "acled": (acled_stream, "text/csv; charset=utf-8", "acled.csv"),
}


def build(fmt: str, events) -> bytes:
    """The whole export in memory (small sets, tests)."""
    return b"".join(STREAMS[fmt][0](events))


def to_csv(events) -> bytes:
    return build("csv", events)


def to_hxl(events) -> bytes:
    return build("hxl", events)


def to_xlsx(events) -> bytes:
    return build("xlsx", events)


def to_geojson(events) -> bytes:
    return build("geojson", events)


def to_acled(events) -> bytes:
    return build("acled", events)


# format → (whole-file builder, content type, file extension)
EXPORTERS = {
    fmt: (
        {"csv": to_csv, "hxl": to_hxl, "xlsx": to_xlsx, "geojson": to_geojson, "acled": to_acled}[
            fmt
        ],
        content_type,
        ext,
    )
    for fmt, (_, content_type, ext) in STREAMS.items()
}
