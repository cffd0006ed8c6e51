"""Read uploaded tables (CSV in UTF-8, XLSX) into header + rows, with clear errors."""

import csv
import io
from collections.abc import Iterator

from django.utils.translation import gettext as _

from .cells import unescape_cell


class FileError(Exception):
    """The file as a whole cannot be read (encoding, format, empty)."""


def read_table(content: bytes, filename: str) -> tuple[list[str], list[tuple[int, dict]]]:
    """Header and (line number, row) pairs; HXL hashtag rows are skipped."""
    header, rows = iter_table(content, filename)
    return header, list(rows)


def iter_table(
    content: bytes, filename: str, skip: int = 0
) -> tuple[list[str], Iterator[tuple[int, dict]]]:
    """As ``read_table``, the rows one at a time after the first ``skip`` rows (an import
    reads one chunk of a large file without holding all its rows)."""
    if filename.lower().endswith(".xlsx") or content[:2] == b"PK":
        lines: Iterator[list[str]] = iter(_xlsx_rows(content))
    else:
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError as e:
            raise FileError(
                _(
                    "The file is not UTF-8 text (byte %(pos)s). Save it as 'CSV UTF-8' and "
                    "upload it again."
                )
                % {"pos": e.start}
            ) from e
        lines = csv.reader(io.StringIO(text))
    first = next(lines, None)
    if not first or not any(first):
        raise FileError(_("The file is empty."))
    header = [h.strip() for h in first]
    return header, _body(header, lines, skip)


def _body(
    header: list[str], lines: Iterator[list[str]], skip: int = 0
) -> Iterator[tuple[int, dict]]:
    for number, values in enumerate(lines, start=2):
        if not any(v.strip() for v in values):
            continue
        if number == 2 and all(v.strip().startswith("#") or not v.strip() for v in values):
            continue  # HXL tag row
        if skip:
            skip -= 1
            continue
        if len(values) > len(header):
            yield number, {"__error__": _("more values than columns")}
            continue
        yield number, dict(zip(header, [unescape_cell(v.strip()) for v in values], strict=False))


def _xlsx_rows(content: bytes) -> list[list[str]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as e:  # openpyxl raises many types for a bad file
        raise FileError(_("The file is not a readable XLSX workbook.")) from e
    sheet = book.worksheets[0]
    rows = []
    for row in sheet.iter_rows(values_only=True):
        rows.append(
            [
                "" if v is None else (v.isoformat()[:10] if hasattr(v, "isoformat") else str(v))
                for v in row
            ]
        )
    return rows
