"""Read event tables in ACLED, UCDP GED or Waspada export shape into one plain form.

Pure Python (no Django). The shape is detected from the header:

- **UCDP GED**: ``date_start``, ``adm_1`` (and ``adm_2``, ``best``, ``type_of_violence``, ``id``).
  HDX exports carry a second row of HXL hashtags (``#date+start``, ``#adm1+name`` ...): skipped.
- **ACLED**: lower-case codebook names ``event_date``, ``admin1`` (and ``admin2``, ``admin3``,
  ``fatalities``, ``event_type``, ``event_id_cnty``). Dates as ``2019-01-31``, ``31 January 2019``
  or ``31-January-2019``.
- **Waspada export**: ``event_date`` (or ``date``) and ``area_code``, a Kemendagri code
  (``64.02.06.2001``); the admin levels are its prefixes (``64``, ``64.02``, ``64.02.06``, the
  full code). Optional ``id``, ``form``, ``fatalities``.

Units are named by their whole path ("Aceh Province / Pidie Regency"), so that two regencies of
the same name in different provinces stay apart. ``.xlsx`` files are read with openpyxl.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

SHAPES = ("ucdp", "acled", "waspada")

# --unit names (English and Indonesian) -> depth in the admin hierarchy (1 = province)
UNIT_LEVELS = {
    "admin1": 1,
    "provinsi": 1,
    "province": 1,
    "admin2": 2,
    "kabupaten": 2,
    "regency": 2,
    "admin3": 3,
    "kecamatan": 3,
    "district": 3,
    "admin4": 4,
    "desa": 4,
    "village": 4,
}

_COLUMNS = {
    # shape: (required, date column, admin columns, fatalities, kind, id)
    "ucdp": (
        ("date_start", "adm_1"),
        "date_start",
        ("adm_1", "adm_2"),
        "best",
        "type_of_violence",
        "id",
    ),
    "acled": (
        ("event_date", "admin1"),
        "event_date",
        ("admin1", "admin2", "admin3"),
        "fatalities",
        "event_type",
        "event_id_cnty",
    ),
    "waspada": (("area_code",), None, (), "fatalities", "form", "id"),
}

_DATE_FORMATS = ("%Y-%m-%d", "%d %B %Y", "%d-%B-%Y", "%d %b %Y", "%d-%b-%Y")
MAX_ERRORS_SHOWN = 10


class EventTableError(ValueError):
    """The table cannot be read: unknown shape, missing columns, bad values (with row numbers)."""

    def __init__(self, message: str, problems: Sequence[str] = ()):
        self.problems = list(problems)
        if self.problems:
            shown = self.problems[:MAX_ERRORS_SHOWN]
            more = len(self.problems) - len(shown)
            message += (
                "\n  " + "\n  ".join(shown) + (f"\n  ... and {more} more" if more > 0 else "")
            )
        super().__init__(message)


@dataclass(frozen=True, slots=True)
class Event:
    """One event: id, date, its unit at each admin level (province first; "" where unknown),
    deaths, type. A unit is named by its path ("Aceh Province / Pidie Regency") or, in a
    Waspada export, by its Kemendagri code ("64.02")."""

    id: str
    date: dt.date
    admin: tuple[str, ...]
    fatalities: int = 0
    kind: str = ""

    @classmethod
    def from_area_code(
        cls, id: str, date: dt.date, code: str, fatalities: int = 0, kind: str = ""
    ) -> Event:
        """An event located by a Kemendagri code ("64.02.06.2001"): its units are the prefixes."""
        parts = code.split(".") if code else []
        admin = tuple(".".join(parts[: i + 1]) for i in range(len(parts)))
        return cls(str(id), date, admin, fatalities, kind)

    def unit(self, level: int) -> str | None:
        """The unit at ``level`` (1 = province), or None when the event is not located there."""
        if level < 1 or len(self.admin) < level:
            return None
        return self.admin[level - 1] or None


@dataclass
class EventTable:
    shape: str
    events: list[Event]
    source: str = ""
    skipped_rows: int = 0  # HXL tag rows and blank lines
    notes: list[str] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.events)


def unit_level(name: str | int) -> int:
    """``--unit`` value -> admin depth: kabupaten/admin2 -> 2, provinsi/admin1 -> 1, ..."""
    if isinstance(name, int):
        return name
    try:
        return UNIT_LEVELS[name.strip().lower()]
    except KeyError:
        raise EventTableError(
            f"unknown unit {name!r}: use one of {', '.join(sorted(UNIT_LEVELS))}"
        ) from None


def detect_shape(columns: Iterable[str]) -> str:
    """The table's shape from its header, or EventTableError saying what is missing."""
    cols = {c.strip().lower() for c in columns if c}
    if {"date_start", "adm_1"} <= cols:
        return "ucdp"
    if {"event_date", "admin1"} <= cols:
        return "acled"
    if "area_code" in cols and ({"event_date", "date"} & cols):
        return "waspada"
    hints = []
    if "date_start" in cols:
        hints.append("it has date_start like UCDP GED but lacks adm_1")
    if "event_date" in cols:
        hints.append("it has event_date like ACLED but lacks admin1 (or area_code)")
    if "area_code" in cols:
        hints.append("it has area_code like a Waspada export but lacks event_date")
    if {"adm_1", "admin1"} & cols and not ({"date_start", "event_date", "date"} & cols):
        hints.append("it has admin columns but no date column (date_start or event_date)")
    raise EventTableError(
        "unknown event table shape: expected UCDP GED (date_start, adm_1, ...), ACLED "
        "(event_date, admin1, ...) or Waspada (event_date, area_code, ...) columns"
        + (f"; {'; '.join(hints)}" if hints else f"; found {', '.join(sorted(cols)[:12])}")
    )


def parse_date(value) -> dt.date:
    """A date from ISO (with or without a time), ACLED's "31 January 2019", or a datetime."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    s = str(value or "").strip()
    if not s:
        raise ValueError("empty date")
    if len(s) >= 10 and s[4] == "-" and s[7] == "-":
        return dt.date.fromisoformat(s[:10])
    for fmt in _DATE_FORMATS[1:]:
        try:
            return dt.datetime.strptime(s, fmt).date()
        except ValueError:
            continue
    raise ValueError(f"unreadable date {s!r}")


def _parse_int(value) -> int:
    if value is None:
        return 0
    if isinstance(value, int | float):
        return int(value)
    s = str(value).strip()
    if not s:
        return 0
    return int(float(s))


def _paths(names: list[str]) -> tuple[str, ...]:
    """["Aceh", "Pidie", ""] -> ("Aceh", "Aceh / Pidie", ""): a level is known only where the
    levels above it are."""
    out, path = [], []
    for name in names:
        if name and (len(path) == len(out)):
            path.append(name)
            out.append(" / ".join(path))
        else:
            out.append("")
    return tuple(out)


def _is_hxl_row(values: Sequence) -> bool:
    cells = [str(v).strip() for v in values if v is not None and str(v).strip()]
    return bool(cells) and all(c.startswith("#") for c in cells)


def _rows_from_csv(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


def _rows_from_xlsx(path: Path) -> list[list]:
    from openpyxl import load_workbook

    wb = load_workbook(path, read_only=True, data_only=True)
    try:
        ws = wb.worksheets[0]
        return [list(r) for r in ws.iter_rows(values_only=True)]
    finally:
        wb.close()


def read_event_table(source: str | Path | io.TextIOBase, shape: str | None = None) -> EventTable:
    """Read a CSV (or .xlsx) event table from a path, an open text file or CSV text."""
    name = ""
    if isinstance(source, io.TextIOBase):
        rows = _rows_from_csv(source.read())
        name = getattr(source, "name", "") or ""
    else:
        path = Path(source)
        name = str(path)
        if not path.exists():
            raise EventTableError(f"no such file: {path}")
        if path.suffix.lower() == ".xlsx":
            rows = _rows_from_xlsx(path)
        else:
            data = path.read_bytes()
            try:
                text = data.decode("utf-8-sig")
            except UnicodeDecodeError as e:
                raise EventTableError(
                    f"{path}: not UTF-8 text (byte {e.start}); save the table as UTF-8 CSV"
                ) from None
            rows = _rows_from_csv(text)
    return events_from_rows(rows, shape=shape, source=name)


def events_from_rows(
    rows: Sequence[Sequence], shape: str | None = None, source: str = ""
) -> EventTable:
    """Header row first, then data rows (HXL tag rows and blank rows skipped)."""
    if not rows:
        raise EventTableError(f"{source or 'table'}: empty (no header row)")
    header = [str(h or "").strip().lower() for h in rows[0]]
    found = detect_shape(header)
    if shape is not None and shape != found:
        if shape not in SHAPES:
            raise EventTableError(f"unknown shape {shape!r}: use one of {', '.join(SHAPES)}")
        required = _COLUMNS[shape][0]
        missing = [c for c in required if c not in header]
        if missing:
            raise EventTableError(f"not a {shape} table: missing column(s) {', '.join(missing)}")
        found = shape
    shape = found
    required, date_col, admin_cols, fat_col, kind_col, id_col = _COLUMNS[shape]
    index = {h: i for i, h in enumerate(header) if h}
    if shape == "waspada":
        date_col = "event_date" if "event_date" in index else "date"
    missing = [c for c in (*required, date_col) if c not in index]
    if missing:
        raise EventTableError(f"{source or 'table'}: missing column(s) {', '.join(missing)}")

    def cell(row, col):
        i = index.get(col)
        if i is None or i >= len(row):
            return None
        return row[i]

    events: list[Event] = []
    problems: list[str] = []
    skipped = 0
    for n, row in enumerate(rows[1:], start=2):
        if not row or all(v is None or not str(v).strip() for v in row):
            skipped += 1
            continue
        if _is_hxl_row(row):
            skipped += 1
            continue
        try:
            date = parse_date(cell(row, date_col))
        except ValueError as e:
            problems.append(f"row {n}: {date_col}: {e}")
            continue
        try:
            deaths = _parse_int(cell(row, fat_col))
        except ValueError:
            problems.append(f"row {n}: {fat_col}: not a number: {cell(row, fat_col)!r}")
            continue
        if shape == "waspada":
            code = str(cell(row, "area_code") or "").strip()
            admin = Event.from_area_code("", date, code).admin
        else:
            admin = _paths([str(cell(row, c) or "").strip() for c in admin_cols])
        ident = str(cell(row, id_col) or "").strip() or f"row{n}"
        kind = str(cell(row, kind_col) or "").strip()
        events.append(Event(ident, date, admin, deaths, kind))
    if problems:
        raise EventTableError(
            f"{source or 'table'}: {len(problems)} bad row(s) in a {shape} table", problems
        )
    return EventTable(shape=shape, events=events, source=source, skipped_rows=skipped)
