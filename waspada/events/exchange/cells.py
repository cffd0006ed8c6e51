"""Spreadsheet cells that cannot start a formula (CSV/formula injection, OWASP).

A text cell starting with ``= + - @``, a tab or a carriage return is run as a formula by Excel,
LibreOffice and Google Sheets (``=HYPERLINK(...)`` from an event's place name would become a
link). Exports prefix such text with an apostrophe, which spreadsheets show as plain text;
imports take that apostrophe off again, so an export imports back unchanged.
"""

from collections.abc import Iterable
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """``value`` as it may be written to a spreadsheet cell: text never starts a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def safe_row(values: Iterable[Any]) -> list[Any]:
    return [safe_cell(v) for v in values]


def unescape_cell(value: str) -> str:
    """An imported cell without the apostrophe that ``safe_cell`` put before a formula start."""
    if value.startswith("'") and value[1:].startswith(FORMULA_STARTS):
        return value[1:]
    return value
