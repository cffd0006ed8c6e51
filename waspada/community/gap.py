"""The engagement gap: where risk is high and nobody has talked to the groups there lately.

Pure functions over plain records (no database), so the rule is easy to read and to test:
an area is a *gap* when its days since the last engagement exceed the window its risk level
allows (or it never had one). Higher risk allows a shorter silence. An area of unknown risk
(no score yet) is judged by the ``normal`` window and listed after the known levels.

The list is ordered by risk (highest first), gaps before covered areas, then by days since
the last engagement (longest silence first; never = longest).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

LEVELS = ("awas", "siaga", "waspada", "normal")  # highest risk first
UNKNOWN = "unknown"
# Days of silence each risk level tolerates before the area counts as a gap.
WINDOW_DAYS: dict[str, int] = {"awas": 14, "siaga": 30, "waspada": 60, "normal": 90}
HIGH = ("awas", "siaga")  # the map layer shows gaps at these levels


@dataclass(frozen=True)
class GapRow:
    code: str
    name: str
    level: str  # a risk level, or "unknown"
    last_date: dt.date | None
    days_since: int | None  # None: never engaged
    window: int
    gap: bool

    @property
    def high_risk_gap(self) -> bool:
        return self.gap and self.level in HIGH


def gap_rows(
    areas: Iterable[tuple[str, str]],
    levels: Mapping[str, str],
    last_dates: Mapping[str, dt.date],
    *,
    today: dt.date,
    windows: Mapping[str, int] = WINDOW_DAYS,
) -> list[GapRow]:
    """One row per area (code, name) with its risk level and engagement silence."""
    rows = []
    for code, name in areas:
        level = levels.get(code) or UNKNOWN
        if level not in windows:
            level = UNKNOWN
        window = windows.get(level, windows["normal"])
        last = last_dates.get(code)
        days = (today - last).days if last is not None else None
        gap = days is None or days > window
        rows.append(GapRow(code, name, level, last, days, window, gap))
    rank = {level: i for i, level in enumerate((*LEVELS, UNKNOWN))}
    rows.sort(
        key=lambda r: (
            rank[r.level],
            not r.gap,
            -(r.days_since if r.days_since is not None else 10**6),
            r.code,
        )
    )
    return rows
