"""Scoring every area at once: what ``scoring.score_area`` gives each area, for all the areas of
one gathering, one configuration (window) and one source, with numpy.

Pure (numpy, no Django). The records come as columns (``Records``, made with ``Builder``), each
record expanded into one row per area it counts for. The results are ``score_area``'s to the
last bit, because the arithmetic is the same and done in the same order:

- a record's weight is the same product of the same factors (the decay ``d ** age`` is
  Python's own, from a table per whole age; ``log1p`` of the deaths is ``math``'s);
- a per-area sum is ``np.bincount``, which adds the rows in their order, and the rows are in
  the order ``score_area`` meets the records (the gathering's);
- the per-area arithmetic (saturation, escalation, mitigation share, score, level) is
  ``scoring``'s own functions, in Python; the structural component is ``scoring.structural``;
- contributions rank by (-weight, str(id)), as ``scoring._component`` does.

Record ids must be unique within a kind (events, signals, engagements): ``score_area`` adds up
records that share an id, this does not.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from . import scoring
from .scoring import Component, IndicatorRecord, ScoreConfig

Stored = tuple[float, str, dict]  # (score, level, stored components) of one area


def stored(c: Component, keep: int) -> dict:
    """A component as stored: points, raw, detail, and the largest ``keep`` contributions
    rounded to 3 decimals (``n`` counts them all)."""
    return {
        "points": c.points,
        "raw": c.raw,
        "n": len(c.contributions),
        "contributions": [[i, round(p, 3)] for i, p in c.contributions[:keep]],
        **({"detail": dict(c.detail)} if c.detail else {}),
    }


class _Index(dict):
    """Values -> numbers; ``new(value)`` numbers a value met for the first time."""

    def __init__(self, new: Callable) -> None:
        super().__init__()
        self.new = new

    def __missing__(self, value):
        number = self[value] = self.new(value)
        return number

    def numbers(self, values: Sequence) -> np.ndarray:
        return np.fromiter(map(self.__getitem__, values), dtype=np.int64, count=len(values))


class _Codes:
    """Names (forms, verifications, actions) as small integers."""

    def __init__(self) -> None:
        self.names: list[str] = []
        self.index = _Index(self._new)

    def _new(self, name: str) -> int:
        self.names.append(name)
        return len(self.names) - 1

    def codes(self, names: Sequence[str]) -> np.ndarray:
        return self.index.numbers(names)


@dataclass
class Kind:
    """The records of one kind as columns (records in gathering order) and their rows (one per
    record and area it counts for, record by record)."""

    ids: list
    age: np.ndarray  # days before the scores' day (negative: after it)
    row_record: np.ndarray
    row_area: np.ndarray
    columns: dict[str, np.ndarray] = field(default_factory=dict)
    rank: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))  # of str(id)


@dataclass
class Records:
    areas: list[Hashable]
    sources: tuple[str, ...]  # bit i of a sources mask stands for sources[i]
    events: Kind  # columns: form, verification (codes), fatalities, sources (mask)
    signals: Kind  # columns: strength, sources (mask)
    engagements: Kind  # columns: action (code)
    indicators: list[list[IndicatorRecord]]  # per area
    forms: list[str]
    verifications: list[str]
    actions: list[str]
    # What the windows share: rows per source, the structural component per area and source.
    cache: dict = field(default_factory=dict, repr=False)


class Builder:
    """Collects records into ``Records``: ``targets(code)`` names the areas a record located at
    ``code`` counts for (those not among ``areas`` are left out)."""

    def __init__(
        self,
        areas: Sequence[Hashable],
        sources: Sequence[str],
        now: dt.date,
        targets: Callable[[Any], Sequence[Hashable]],
    ) -> None:
        self.areas = list(areas)
        self.area_index = {a: i for i, a in enumerate(self.areas)}
        self.sources = tuple(sources)
        self.bits = {s: 1 << i for i, s in enumerate(self.sources)}
        self.today = now.toordinal()
        self._targets = targets
        self._located = _Index(self._location)  # location -> row of _target_rows
        self._target_rows: list[list[int]] = []
        self._ages = _Index(self._age)
        self._forms, self._verifications, self._actions = _Codes(), _Codes(), _Codes()
        self._chunks: dict[str, list[tuple[list, np.ndarray, np.ndarray, dict]]] = {
            "events": [],
            "signals": [],
            "engagements": [],
        }
        self._indicators: list[list[IndicatorRecord]] = [[] for _ in self.areas]

    def mask(self, sources: Iterable[str]) -> int:
        out = 0
        for s in sources:
            out |= self.bits.get(s, 0)
        return out

    def _location(self, code: Hashable) -> int:
        """A new location: its row of target areas."""
        self._target_rows.append(
            [self.area_index[t] for t in self._targets(code) if t in self.area_index]
        )
        return len(self._target_rows) - 1

    def _age(self, day: dt.date | str) -> int:
        date = dt.date.fromisoformat(day) if isinstance(day, str) else day
        return self.today - date.toordinal()

    def _add(self, kind: str, ids: list, days: Sequence, locations: Sequence, columns) -> None:
        ages, where = self._ages.numbers(days), self._located.numbers(locations)
        self._chunks[kind].append((ids, ages, where, columns))

    def events(
        self,
        ids: list,
        days: Sequence[dt.date | str],
        forms: Sequence[str],
        verifications: Sequence[str],
        fatalities: Sequence[int],
        source_masks: Sequence[int],
        locations: Sequence[Hashable],
    ) -> None:
        """Events as columns (``days`` dates or ISO dates, ``source_masks`` from ``mask``),
        after those added before."""
        self._add(
            "events",
            ids,
            days,
            locations,
            {
                "form": self._forms.codes(forms),
                "verification": self._verifications.codes(verifications),
                "fatalities": np.fromiter(fatalities, dtype=np.int64, count=len(ids)),
                "sources": np.fromiter(source_masks, dtype=np.int64, count=len(ids)),
            },
        )

    def event(self, location: Hashable, e: scoring.EventRecord) -> None:
        self.events(
            [e.id],
            [e.date],
            [e.form],
            [e.verification],
            [e.fatalities],
            [self.mask(e.sources)],
            [location],
        )

    def signal(self, location: Hashable, s: scoring.SignalRecord) -> None:
        columns = {
            "strength": np.array([float(s.strength)], dtype=np.float64),
            "sources": np.array([self.mask(s.sources)], dtype=np.int64),
        }
        self._add("signals", [s.id], [s.date], [location], columns)

    def engagement(self, location: Hashable, g: scoring.EngagementRecord) -> None:
        columns = {"action": self._actions.codes([g.action])}
        self._add("engagements", [g.id], [g.date], [location], columns)

    def indicators(self, area: Hashable, records: Iterable[IndicatorRecord]) -> None:
        self._indicators[self.area_index[area]] = list(records)

    def _kind(self, kind: str, names: Sequence[str]) -> Kind:
        chunks = self._chunks[kind]
        ids = [i for c in chunks for i in c[0]]
        age = np.concatenate([c[1] for c in chunks] or [np.zeros(0, dtype=np.int64)])
        where = np.concatenate([c[2] for c in chunks] or [np.zeros(0, dtype=np.int64)])
        columns = {
            n: np.concatenate([c[3][n] for c in chunks])
            if chunks
            else np.zeros(0, dtype=np.float64 if n == "strength" else np.int64)
            for n in names
        }
        # Rows record by record: a matrix of each record's areas (-1 pads), read row-major.
        width = max((len(r) for r in self._target_rows), default=0)
        table = np.full((len(self._target_rows) or 1, max(width, 1)), -1, dtype=np.int64)
        for i, r in enumerate(self._target_rows):
            table[i, : len(r)] = r
        grid = table[where]
        record = np.broadcast_to(np.arange(len(ids))[:, None], grid.shape)
        keep = grid.ravel() >= 0
        return Kind(ids, age, record.ravel()[keep], grid.ravel()[keep], columns)

    def build(self) -> Records:
        kinds = (
            self._kind("events", ("form", "verification", "fatalities", "sources")),
            self._kind("signals", ("strength", "sources")),
            self._kind("engagements", ("action",)),
        )
        # One ranking of str(id) across the kinds (mitigation mixes events and engagements).
        names = np.array([str(i) for k in kinds for i in k.ids] or [""], dtype=np.str_)
        rank = np.unique(names, return_inverse=True)[1].ravel()
        start = 0
        for k in kinds:
            k.rank = rank[start : start + len(k.ids)]
            start += len(k.ids)
        events, signals, engagements = kinds
        return Records(
            self.areas,
            self.sources,
            events,
            signals,
            engagements,
            self._indicators,
            self._forms.names,
            self._verifications.names,
            self._actions.names,
        )


def _powers(d: float, n: int) -> np.ndarray:
    """``d ** age`` for each whole age 0 .. n - 1, as Python computes it."""
    return np.array([d**age for age in range(max(n, 1))], dtype=np.float64)


@dataclass
class _Top:
    """The rows behind one component's contributions: per area, how many have a positive
    weight (``n``) and the first ``keep`` of them by (-weight, str(id)), area by area."""

    n: list[int]
    offsets: list[int]  # area i's rows are rows[offsets[i]:offsets[i + 1]]
    area: np.ndarray
    weight: np.ndarray
    ids: list


@dataclass
class _Ranked:
    """Rows of a component with a positive weight, by area, then largest weight, then str(id):
    the rows of one source are some of them, already in that order."""

    row: np.ndarray  # which of the rows given to _ranked
    area: np.ndarray
    weight: np.ndarray
    record: np.ndarray


def _ranked(area, record, weight, kind: Kind) -> _Ranked:
    row = np.flatnonzero(weight > 0)
    row = row[np.lexsort((kind.rank[record[row]], -weight[row], area[row]))]
    return _Ranked(row, area[row], weight[row], record[row])


def _top(ranked: _Ranked, kind: Kind, n_areas: int, keep: int, has=True) -> _Top:
    """The contributions' rows of the ranked rows that ``has`` keeps (True: all)."""
    area, weight, record = ranked.area, ranked.weight, ranked.record
    if has is not True:
        mine = has[ranked.row]
        area, weight, record = area[mine], weight[mine], record[mine]
    counts = np.bincount(area, minlength=n_areas)
    first = np.cumsum(counts) - counts
    chosen = (np.arange(len(area)) - first[area]) < keep
    area, weight, record = area[chosen], weight[chosen], record[chosen]
    kept = np.minimum(counts, keep)
    offsets = np.concatenate(([0], np.cumsum(kept))).tolist()
    ids = kind.ids
    return _Top(counts.tolist(), offsets, area, weight, [ids[r] for r in record.tolist()])


def _contributions(top: _Top, parts: list[tuple[float, float]]) -> list[tuple[int, list]]:
    """Per area (n, stored contributions) of a component of (points, total weight) per area:
    as ``scoring._component``, none when the points are 0 or the weights add up to nothing."""
    points = np.array([p for p, _ in parts], dtype=np.float64)
    totals = np.array([t for _, t in parts], dtype=np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        shares = round3(points[top.area] * top.weight / totals[top.area]).tolist()
    pairs = list(map(list, zip(top.ids, shares, strict=True)))  # [id, share], row by row
    out: list[tuple[int, list]] = []
    o = top.offsets
    for i, (p, t) in enumerate(parts):
        if p == 0.0 or t <= 0:
            out.append((0, []))
        else:
            out.append((top.n[i], pairs[o[i] : o[i + 1]]))
    return out


def round3(x: np.ndarray) -> np.ndarray:
    """``round(v, 3)`` of each value, as Python rounds (the decimal nearest to the exact binary
    value, ties to even; then the float nearest to that decimal). ``rint(v * 1000) / 1000``
    is that except where ``v * 1000`` lies so close to a half that the product's own rounding
    may have moved it across (and for values that are not finite or beyond 2**49): those few
    take Python's ``round``."""
    y = x * 1000.0
    out = np.rint(y) / 1000.0  # k / 1000 rounds as the decimal k / 1000 read back does
    with np.errstate(invalid="ignore"):
        clear = np.abs(np.abs(y - np.floor(y)) - 0.5) > np.abs(y) * 2.0**-49
    for i in np.flatnonzero(~clear).tolist():
        out[i] = round(float(x[i]), 3)
    return out


def _sum(area, weight, n_areas: int) -> list[float]:
    """Per area the sum of its rows' weights, added in row order (0.0 where none)."""
    return np.bincount(area, weight, minlength=n_areas).astype(np.float64).tolist()


def _count(area, n_areas: int) -> list[int]:
    return np.bincount(area, minlength=n_areas).tolist()


def score(
    records: Records, cfg: ScoreConfig, sources: Sequence[str | None], keep: int
) -> dict[str | None, list[Stored]]:
    """For each of ``sources`` (None: overall) the score, level and stored components (as
    ``stored`` makes them of ``score_area``'s) of every area, in ``records.areas`` order."""
    w = _Window(records, cfg, keep)
    return {source: w.score(source) for source in sources}


class _Window:
    """What one configuration makes of the records, for every source: each record's weights
    and whether it counts, and the mitigation component (the same for every source)."""

    def __init__(self, records: Records, cfg: ScoreConfig, keep: int) -> None:
        self.records, self.cfg, self.keep = records, cfg, keep
        self.n = n = len(records.areas)
        ev, sig, eng = records.events, records.signals, records.engagements
        esc_days, base_end = cfg.escalation_days, cfg.escalation_days + cfg.baseline_days
        horizon = max(cfg.recent_days, base_end, cfg.engagement_days)

        # Events (score_area's order of tests, as masks).
        age = ev.age
        ver = _table(records.verifications, cfg.verification_weight)[ev.columns["verification"]]
        valid = (age >= 0) & (age < horizon) & (ver > 0.0)
        forms = records.forms
        code = forms.index("pencegahan") if "pencegahan" in forms else -1
        prevention = ev.columns["form"] == code
        sv = _table(forms, cfg.form_severity)[ev.columns["form"]] * ver
        incident = valid & ~prevention & (sv > 0.0)
        rows = ev.row_record  # from records to their rows
        self.in_recent = (incident & (age < cfg.recent_days))[rows]
        self.in_escalation = (incident & (age < esc_days))[rows]
        self.in_baseline = (incident & (age >= esc_days) & (age < base_end))[rows]
        self.sv_row = sv[rows]
        distinct, inverse = np.unique(ev.columns["fatalities"], return_inverse=True)
        factor = np.array(
            [1.0 + 0.5 * math.log1p(f) if f > 0 else 1.0 for f in distinct.tolist()] or [1.0]
        )[inverse.ravel()]
        d_event = 0.5 ** (1.0 / cfg.halflife_days)
        decay = _powers(d_event, horizon)[np.clip(age, 0, horizon - 1)]
        self.w_event = (sv * factor * decay)[rows]

        # Mitigation: events of form pencegahan (any source), then engagement.
        eng_days = cfg.engagement_days
        decay_eng = _powers(0.5 ** (1.0 / cfg.engagement_halflife_days), eng_days)
        held = valid & prevention & (age < eng_days)
        w_held = cfg.engagement_weight.get("pencegahan", 0.0) * ver
        w_held = w_held * decay_eng[np.clip(age, 0, eng_days - 1)]
        g_ok = (eng.age >= 0) & (eng.age < eng_days)
        w_g = _table(records.actions, cfg.engagement_weight)[eng.columns["action"]]
        w_g = w_g * decay_eng[np.clip(eng.age, 0, eng_days - 1)]
        m_kind, m_area, m_weight = _joined((ev, held, w_held), (eng, g_ok, w_g))
        self.m_sum, self.m_n = _sum(m_area, m_weight, n), _count(m_area[m_weight > 0], n)
        m_ranked = _ranked(m_area, np.arange(len(m_area)), m_weight, m_kind)
        self.m_top = _top(m_ranked, m_kind, n, keep)

        # Signals.
        hate_days = cfg.hate_days
        strength = np.minimum(np.maximum(sig.columns["strength"], 0.0), 1.0)
        d_hate = 0.5 ** (1.0 / cfg.hate_halflife_days)
        w_sig = strength * _powers(d_hate, hate_days)[np.clip(sig.age, 0, hate_days - 1)]
        s_ok = (sig.age >= 0) & (sig.age < hate_days) & (w_sig > 0)
        self.w_sig, self.s_ok = w_sig[sig.row_record], s_ok[sig.row_record]

        # The contributions' rows of every source, ranked once.
        ev_rows, sig_rows = (ev.row_area, ev.row_record), (sig.row_area, sig.row_record)
        self.e_ranked = _ranked(*ev_rows, np.where(self.in_recent, self.w_event, 0.0), ev)
        self.x_ranked = _ranked(*ev_rows, np.where(self.in_escalation, self.sv_row, 0.0), ev)
        self.h_ranked = _ranked(*sig_rows, np.where(self.s_ok, self.w_sig, 0.0), sig)

    def _has(self, name: str, source: str | None) -> np.ndarray | bool:
        """Which rows of the kind ``name`` bear on ``source`` (True: all)."""
        if source is None:
            return True
        key = ("rows", name, source)
        has = self.records.cache.get(key)
        if has is None:
            kind: Kind = getattr(self.records, name)
            bit = 1 << self.records.sources.index(source) if source in self.records.sources else 0
            has = self.records.cache[key] = ((kind.columns["sources"] & bit) != 0)[kind.row_record]
        return has

    def _structural(self, i: int, source: str | None) -> tuple[Component, dict]:
        key = ("structural", i, source, self.cfg.structural_cap, self.keep)
        found = self.records.cache.get(key)
        if found is None:
            c = scoring.structural(self.records.indicators[i], self.cfg, source)
            found = self.records.cache[key] = (c, stored(c, self.keep))
        return found

    def score(self, source: str | None) -> list[Stored]:
        cfg, n, keep = self.cfg, self.n, self.keep
        ev, sig = self.records.events, self.records.signals
        ev_has = self._has("events", source)

        rows = self.in_recent & ev_has
        area, weight = ev.row_area[rows], self.w_event[rows]
        e_sum, e_n = _sum(area, weight, n), _count(area, n)
        e_top = _top(self.e_ranked, ev, n, keep, ev_has)

        rows = self.in_escalation & ev_has
        recent = _sum(ev.row_area[rows], self.sv_row[rows], n)
        x_top = _top(self.x_ranked, ev, n, keep, ev_has)
        rows = self.in_baseline & ev_has
        baseline = _sum(ev.row_area[rows], self.sv_row[rows], n)

        sig_has = self._has("signals", source)
        rows = self.s_ok & sig_has
        area, weight = sig.row_area[rows], self.w_sig[rows]
        h_sum, h_n = _sum(area, weight, n), _count(area, n)
        h_top = _top(self.h_ranked, sig, n, keep, sig_has)

        # Per area, score_area's arithmetic; a sum over no records is its int 0 (stored raw).
        parts: dict[str, list[tuple[float, float]]] = {c: [] for c in _SHARED}
        scalars = []
        for i in range(n):
            e_raw = e_sum[i] if e_n[i] else 0
            e_points = scoring._saturate(e_raw, cfg.events_cap, cfg.events_scale)
            x_points, ratio, rate = scoring.escalation(recent[i], baseline[i], cfg)
            st, st_stored = self._structural(i, source)
            h_raw = h_sum[i] if h_n[i] else 0
            h_points = scoring._saturate(h_raw, cfg.hate_cap, cfg.hate_scale)
            m_raw = self.m_sum[i] if self.m_n[i] else 0
            share = scoring.mitigation_share(m_raw, cfg)
            positive = e_points + x_points + st.points + h_points
            parts["events"].append((e_points, e_raw))
            parts["escalation"].append((x_points, recent[i]))
            parts["hate_speech"].append((h_points, h_raw))
            parts["mitigation"].append((-share * positive, m_raw))
            scalars.append((st_stored, ratio, rate, share))
        tops = dict(zip(_SHARED, (e_top, x_top, h_top, self.m_top), strict=True))
        shared = {c: _contributions(tops[c], parts[c]) for c in _SHARED}

        out = []
        for i in range(n):
            st_stored, ratio, rate, share = scalars[i]
            e_points, e_raw = parts["events"][i]
            x_points, x_total = parts["escalation"][i]
            h_points, h_raw = parts["hate_speech"][i]
            m_points, m_raw = parts["mitigation"][i]
            components = {
                "events": _stored(e_points, e_raw, shared["events"][i], {"n": e_n[i]}),
                "escalation": _stored(
                    x_points,
                    ratio,
                    shared["escalation"][i],
                    {"recent": x_total, "baseline_rate": rate, "ratio": ratio},
                ),
                "structural": st_stored,
                "hate_speech": _stored(h_points, h_raw, shared["hate_speech"][i]),
                "mitigation": _stored(m_points, m_raw, shared["mitigation"][i], {"share": share}),
            }
            score = scoring.total((e_points, x_points, st_stored["points"], h_points, m_points))
            out.append((score, cfg.level(score), components))
        return out


_SHARED = ("events", "escalation", "hate_speech", "mitigation")  # from rows, not structural


def _stored(points: float, raw: float, shared: tuple[int, list], detail=None) -> dict:
    return {
        "points": points,
        "raw": raw,
        "n": shared[0],
        "contributions": shared[1],
        **({"detail": detail} if detail else {}),
    }


def _table(names: Sequence[str], weights) -> np.ndarray:
    return np.array([weights.get(n, 0.0) for n in names] or [0.0], dtype=np.float64)


def _joined(*parts: tuple[Kind, np.ndarray, np.ndarray]) -> tuple[Kind, np.ndarray, np.ndarray]:
    """The rows of several kinds' records that count (kind, which records, their weights),
    one kind after the other, as one kind with a record per row (ids and ranks of those
    records), and each row's area and weight (those not above 0 as 0.0, which adds nothing)."""
    ids: list = []
    rank, area, weight = [], [], []
    for kind, counts, w in parts:
        rows = counts[kind.row_record]
        record = kind.row_record[rows]
        ids.extend(kind.ids[r] for r in record.tolist())
        rank.append(kind.rank[record])
        area.append(kind.row_area[rows])
        weight.append(w[record])
    w_all = np.concatenate(weight)
    joined = Kind(ids, np.zeros(len(ids), dtype=np.int64), np.zeros(0), np.zeros(0))
    joined.rank = np.concatenate(rank)
    return joined, np.concatenate(area), np.where(w_all > 0, w_all, 0.0)
