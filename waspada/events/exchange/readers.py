"""Read uploaded tables (CSV in UTF-8, XLSX) into header + rows, with clear errors.

A CSV file is read line by line from its bytes (``Lines``), so that an import can go on from
the byte where its previous chunk stopped (``csv_table`` with a ``Cursor``) instead of reading
the file again from its start, and can fetch the bytes it needs a window at a time.
"""

import codecs
import csv
import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from django.utils.translation import gettext as _

from .cells import unescape_cell

# Reads up to ``size`` bytes of the file from byte ``offset`` (fewer, or none, at its end).
Fetch = Callable[[int, int], bytes]


class FileError(Exception):
    """The file as a whole cannot be read (encoding, format, empty)."""


@dataclass(frozen=True)
class Cursor:
    """Where the rows after some row of a CSV file begin: the byte ``offset`` of the next
    record and its ``line`` (as rows are numbered: the header is line 1)."""

    offset: int
    line: int


class Lines:
    """The lines of a UTF-8 file's bytes from byte ``start`` on (split at ``\\n`` only, as
    ``io.StringIO`` splits), decoded one at a time and read ``window`` bytes at a time.
    ``position`` is the byte just past the last line handed out: once ``csv.reader`` returns
    a record (it reads no line ahead), the offset where the next record begins."""

    def __init__(self, fetch: Fetch, start: int = 0, window: int = 1 << 20):
        self.position = start
        self._fetch = fetch
        self._window = window

    def __iter__(self) -> Iterator[str]:
        base = self.position  # the file offset of buf[0]
        buf, i = self._fetch(base, self._window), 0
        while True:
            end = buf.find(b"\n", i)
            if end < 0:
                more = self._fetch(base + len(buf), self._window)
                if more:
                    buf, base, i = buf[i:] + more, base + i, 0
                    continue
                end = len(buf) - 1
                if i > end:
                    return
            line = buf[i : end + 1]
            i = end + 1
            self.position += len(line)
            yield line.decode("utf-8")


class CsvTable:
    """A CSV file's header and its rows (``rows``), from the start or from ``cursor``;
    ``cursor()`` says where the rows after the last one handed out begin."""

    def __init__(
        self, fetch: Fetch, cursor: Cursor | None = None, window: int = 1 << 20, skip: int = 0
    ):
        start = len(codecs.BOM_UTF8) if fetch(0, 3) == codecs.BOM_UTF8 else 0
        lines = Lines(fetch, start, 16 << 10 if cursor else window)
        first = next(csv.reader(lines), None)
        if not first or not any(first):
            raise FileError(_("The file is empty."))
        self.header = [h.strip() for h in first]
        if cursor is not None:
            lines = Lines(fetch, cursor.offset, window)
        self._lines = lines
        self._last = cursor.line - 1 if cursor else 1
        rows = _body(self.header, csv.reader(lines), self._last + 1, skip)
        self.rows = self._numbered(rows)

    def _numbered(self, rows: Iterator[tuple[int, dict]]) -> Iterator[tuple[int, dict]]:
        for number, row in rows:
            self._last = number
            yield number, row

    def cursor(self) -> Cursor:
        return Cursor(self._lines.position, self._last + 1)


def from_bytes(content: bytes) -> Fetch:
    def fetch(offset: int, size: int) -> bytes:
        return content if offset == 0 and size >= len(content) else content[offset : offset + size]

    return fetch


def read_table(content: bytes, filename: str) -> tuple[list[str], list[tuple[int, dict]]]:
    """Header and (line number, row) pairs; HXL hashtag rows are skipped."""
    header, rows = iter_table(content, filename)
    return header, list(rows)


def is_xlsx(content: bytes, filename: str) -> bool:
    return filename.lower().endswith(".xlsx") or content[:2] == b"PK"


def iter_table(
    content: bytes, filename: str, skip: int = 0
) -> tuple[list[str], Iterator[tuple[int, dict]]]:
    """As ``read_table``, the rows one at a time after the first ``skip`` rows (an import
    reads one chunk of a large file without holding all its rows)."""
    if is_xlsx(content, filename):
        lines = _xlsx_rows(content)
        first = next(lines, None)
        if not first or not any(first):
            raise FileError(_("The file is empty."))
        header = [h.strip() for h in first]
        return header, _body(header, lines, skip=skip)
    try:
        codecs.decode(content, "utf-8")
    except UnicodeDecodeError as e:
        raise FileError(
            _(
                "The file is not UTF-8 text (byte %(pos)s). Save it as 'CSV UTF-8' and "
                "upload it again."
            )
            % {"pos": e.start}
        ) from e
    table = CsvTable(from_bytes(content), window=len(content) + 1, skip=skip)
    return table.header, table.rows


def _body(
    header: list[str], lines: Iterator[list[str]], start: int = 2, skip: int = 0
) -> Iterator[tuple[int, dict]]:
    width = len(header)
    for number, values in enumerate(lines, start=start):
        if not any(v.strip() for v in values):
            continue
        if number == 2 and all(v.strip().startswith("#") or not v.strip() for v in values):
            continue  # HXL tag row
        if skip:
            skip -= 1
            continue
        if len(values) > width:
            yield number, {"__error__": _("more values than columns")}
            continue
        cells = [v.strip() for v in values]
        yield (
            number,
            dict(
                zip(header, [unescape_cell(v) if v[:1] == "'" else v for v in cells], strict=False)
            ),
        )


def _xlsx_rows(content: bytes) -> Iterator[list[str]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as e:  # openpyxl raises many types for a bad file
        raise FileError(_("The file is not a readable XLSX workbook.")) from e
    return (
        [
            "" if v is None else (v.isoformat()[:10] if hasattr(v, "isoformat") else str(v))
            for v in row
        ]
        for row in book.worksheets[0].iter_rows(values_only=True)
    )
