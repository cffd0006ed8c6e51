"""The risk score of an area, 0-100, as the exact sum of components that name their records.

Pure Python (no Django): the caller (a task, a view, a benchmark) hands in plain records.

Components (points; the positive ones can reach 100 together):

- ``events`` (up to 40): incidents of the last ``recent_days``, each weighted by its form's
  severity x its verification x (1 + log(1 + deaths)/2) x a recency decay (half-life
  ``halflife_days``); points = cap x (1 - exp(-weight / scale)), so a few serious verified
  incidents fill most of it and more add less and less.
- ``escalation`` (up to 20): the severity-weighted count of the last ``escalation_days`` against
  the area's own rate over the ``baseline_days`` before (both with a prior of half an event);
  points grow with the ratio above 1 and are 0 when the area is calmer than its baseline.
- ``structural`` (up to 20): the weighted mean of the area's vulnerability indicators, each
  already scaled to 0-1 (poverty, concessions, boundary disputes ...), times the cap.
- ``hate_speech`` (up to 20): hate-speech/provocation signals from the analysis (strength 0-1)
  with a short recency decay, saturating like ``events``.
- ``mitigation`` (0 or negative): recent engagement (dialogue, mediation, patrols ...; also
  events of form ``pencegahan``) takes off up to ``mitigation_max`` (30 %) of the sum of the
  positive components, so the score stays within 0-100 without clipping.

``score`` is the sum of the five components' points, in that order, and the level is the
highest configured threshold it reaches (``normal`` below all). Each component's
``contributions`` share its points among its records in proportion to their weights.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

FORMS = (
    "unjuk_rasa",
    "kerusuhan",
    "bentrok",
    "kekerasan",
    "perusakan",
    "blokade",
    "ancaman",
    "ujaran_kebencian",
    "sengketa",
    "pencegahan",
)
FORM_SEVERITY: dict[str, float] = {
    "kerusuhan": 1.0,
    "bentrok": 1.0,
    "kekerasan": 0.9,
    "perusakan": 0.8,
    "blokade": 0.6,
    "ancaman": 0.5,
    "unjuk_rasa": 0.3,
    "ujaran_kebencian": 0.3,
    "sengketa": 0.2,
    "pencegahan": 0.0,  # not an incident: counts as engagement (mitigation)
}
VERIFICATION_WEIGHT: dict[str, float] = {
    "terverifikasi": 1.0,
    "belum": 0.5,
    "laporan": 0.3,  # a severe report no event was coded from yet (the nowcast)
    "ditolak": 0.0,
    "duplikat": 0.0,
}
ENGAGEMENT_WEIGHT: dict[str, float] = {
    "dialog": 1.0,
    "mediasi": 1.0,
    "sosialisasi": 0.6,
    "koordinasi": 0.5,
    "patroli": 0.5,
    "bantuan": 0.5,
    "pemantauan": 0.3,
    "penegakan_hukum": 0.5,
    "pencegahan": 0.8,  # an event of form pencegahan
}
LEVELS = ("normal", "waspada", "siaga", "awas")
COMPONENTS = ("events", "escalation", "structural", "hate_speech", "mitigation")


@dataclass(frozen=True, slots=True)
class EventRecord:
    id: Hashable
    date: dt.date
    form: str
    verification: str = "belum"
    fatalities: int = 0
    sources: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class SignalRecord:
    """A hate-speech/provocation signal (a report or article the analysis flagged)."""

    id: Hashable
    date: dt.date
    strength: float = 1.0  # 0-1, e.g. the classifier's probability
    sources: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class IndicatorRecord:
    """A structural indicator of the area's profile, scaled to 0-1 (1 = most vulnerable)."""

    id: Hashable
    name: str
    value: float
    weight: float = 1.0
    sources: tuple[str, ...] = ()  # empty: bears on every source


@dataclass(frozen=True, slots=True)
class EngagementRecord:
    id: Hashable
    date: dt.date
    action: str = "dialog"


@dataclass(frozen=True)
class ScoreConfig:
    recent_days: int = 90
    halflife_days: float = 30.0
    events_cap: float = 40.0
    events_scale: float = 3.0
    escalation_days: int = 30
    baseline_days: int = 365
    escalation_cap: float = 20.0
    escalation_scale: float = 2.0
    escalation_prior: float = 0.5
    structural_cap: float = 20.0
    hate_cap: float = 20.0
    hate_days: int = 60
    hate_halflife_days: float = 14.0
    hate_scale: float = 3.0
    engagement_days: int = 60
    engagement_halflife_days: float = 30.0
    mitigation_max: float = 0.3
    mitigation_scale: float = 2.0
    # lowest score of each level above normal, ascending
    thresholds: tuple[tuple[str, float], ...] = (("waspada", 25.0), ("siaga", 50.0), ("awas", 75.0))
    form_severity: Mapping[str, float] = field(default_factory=lambda: dict(FORM_SEVERITY))
    verification_weight: Mapping[str, float] = field(
        default_factory=lambda: dict(VERIFICATION_WEIGHT)
    )
    engagement_weight: Mapping[str, float] = field(default_factory=lambda: dict(ENGAGEMENT_WEIGHT))

    def __post_init__(self):
        caps = self.events_cap + self.escalation_cap + self.structural_cap + self.hate_cap
        caps_each = (self.events_cap, self.escalation_cap, self.structural_cap, self.hate_cap)
        if caps > 100.0 + 1e-9 or min(caps_each) < 0:
            raise ValueError("the positive caps must be >= 0 and add up to at most 100")
        if not 0.0 <= self.mitigation_max <= 1.0:
            raise ValueError("mitigation_max must lie in 0-1")
        values = [v for _, v in self.thresholds]
        if values != sorted(values) or len(set(values)) != len(values):
            raise ValueError("thresholds must be strictly ascending")
        if any(name not in LEVELS[1:] for name, _ in self.thresholds):
            raise ValueError(f"threshold names must be among {', '.join(LEVELS[1:])}")

    def level(self, score: float) -> str:
        level = "normal"
        for name, lowest in self.thresholds:
            if score >= lowest:
                level = name
        return level


@dataclass(frozen=True)
class Component:
    name: str
    points: float
    raw: float  # the weight before scaling to points
    record_ids: tuple  # the records behind the points, largest share first
    contributions: tuple[tuple[Hashable, float], ...] = ()  # (record id, points), sums to points
    detail: Mapping[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class AreaScore:
    area: Hashable
    score: float
    level: str
    components: tuple[Component, ...]
    source: str | None = None

    def component(self, name: str) -> Component:
        for c in self.components:
            if c.name == name:
                return c
        raise KeyError(name)

    def as_dict(self) -> dict:
        return {
            "area": self.area,
            "source": self.source,
            "score": self.score,
            "level": self.level,
            "components": {
                c.name: {
                    "points": c.points,
                    "raw": c.raw,
                    "records": list(c.record_ids),
                    "contributions": [[i, p] for i, p in c.contributions],
                    **({"detail": dict(c.detail)} if c.detail else {}),
                }
                for c in self.components
            },
        }


def total(values: Iterable[float]) -> float:
    """The plain left-to-right sum (0 when empty), as ``sum`` adds floats up to Python 3.11
    (3.12's ``sum`` compensates): ``batch`` adds in the same order and must match it."""
    out: float = 0
    for v in values:
        out += v
    return out


def _saturate(raw: float, cap: float, scale: float) -> float:
    return cap * (1.0 - math.exp(-raw / scale)) if raw > 0 else 0.0


def escalation(recent: float, baseline: float, cfg: ScoreConfig) -> tuple[float, float, float]:
    """(points, ratio, baseline rate) of the escalation component from the severity-weighted
    sums of the last ``escalation_days`` and of the ``baseline_days`` before."""
    baseline_rate = baseline * cfg.escalation_days / cfg.baseline_days
    prior = cfg.escalation_prior
    ratio = (recent + prior) / (baseline_rate + prior)
    return _saturate(ratio - 1.0, cfg.escalation_cap, cfg.escalation_scale), ratio, baseline_rate


def mitigation_share(m_raw: float, cfg: ScoreConfig) -> float:
    """The share of the positive points that engagement of weight ``m_raw`` takes off."""
    return cfg.mitigation_max * (1.0 - math.exp(-m_raw / cfg.mitigation_scale)) if m_raw else 0.0


def _component(name, points, raw, weights: dict, detail=None) -> Component:
    """Share ``points`` among the records in proportion to their weights."""
    total_ = total(weights.values())
    if points == 0.0 or total_ <= 0:
        return Component(name, points, raw, (), (), detail or {})
    ranked = sorted(weights.items(), key=lambda kv: (-kv[1], str(kv[0])))
    contributions = tuple((i, points * w / total_) for i, w in ranked if w > 0)
    return Component(
        name, points, raw, tuple(i for i, _ in contributions), contributions, detail or {}
    )


def _has_source(record_sources: Sequence[str], source: str | None) -> bool:
    return source is None or source in record_sources


def score_area(
    area: Hashable,
    now: dt.date,
    events: Iterable[EventRecord] = (),
    signals: Iterable[SignalRecord] = (),
    indicators: Iterable[IndicatorRecord] = (),
    engagements: Iterable[EngagementRecord] = (),
    config: ScoreConfig | None = None,
    source: str | None = None,
) -> AreaScore:
    """The score of one area on day ``now`` (records after ``now`` are ignored), overall or for
    one conflict ``source`` (events, signals and indicators tagged with it)."""
    cfg = config or ScoreConfig()
    sev_of, ver_of = cfg.form_severity, cfg.verification_weight
    eng_of = cfg.engagement_weight
    today = now.toordinal()
    d_event = 0.5 ** (1.0 / cfg.halflife_days)
    d_eng = 0.5 ** (1.0 / cfg.engagement_halflife_days)
    d_hate = 0.5 ** (1.0 / cfg.hate_halflife_days)
    esc_days, base_end = cfg.escalation_days, cfg.escalation_days + cfg.baseline_days
    horizon = max(cfg.recent_days, base_end, cfg.engagement_days)

    ev_w: dict = {}
    esc_w: dict = {}
    eng_w: dict = {}
    recent_sum = baseline_sum = 0.0
    for e in events:
        age = today - e.date.toordinal()
        if age < 0 or age >= horizon:
            continue
        ver = ver_of.get(e.verification, 0.0)
        if ver <= 0.0:
            continue
        if e.form == "pencegahan":
            if age < cfg.engagement_days:
                w = eng_of.get("pencegahan", 0.0) * ver * d_eng**age
                if w > 0:
                    eng_w[e.id] = eng_w.get(e.id, 0.0) + w
            continue
        if source is not None and source not in e.sources:
            continue
        sv = sev_of.get(e.form, 0.0) * ver
        if sv <= 0.0:
            continue
        if age < cfg.recent_days:
            f = 1.0 + 0.5 * math.log1p(e.fatalities) if e.fatalities > 0 else 1.0
            ev_w[e.id] = ev_w.get(e.id, 0.0) + sv * f * d_event**age
        if age < esc_days:
            recent_sum += sv
            esc_w[e.id] = esc_w.get(e.id, 0.0) + sv
        elif age < base_end:
            baseline_sum += sv

    raw = total(ev_w.values())
    events_c = _component(
        "events", _saturate(raw, cfg.events_cap, cfg.events_scale), raw, ev_w, {"n": len(ev_w)}
    )

    esc_points, ratio, baseline_rate = escalation(recent_sum, baseline_sum, cfg)
    escalation_c = _component(
        "escalation",
        esc_points,
        ratio,
        esc_w,
        {"recent": recent_sum, "baseline_rate": baseline_rate, "ratio": ratio},
    )

    structural_c = structural(indicators, cfg, source)

    hate_w: dict = {}
    for s in signals:
        age = today - s.date.toordinal()
        if age < 0 or age >= cfg.hate_days or not _has_source(s.sources, source):
            continue
        w = min(max(float(s.strength), 0.0), 1.0) * d_hate**age
        if w > 0:
            hate_w[s.id] = hate_w.get(s.id, 0.0) + w
    h_raw = total(hate_w.values())
    hate_c = _component(
        "hate_speech", _saturate(h_raw, cfg.hate_cap, cfg.hate_scale), h_raw, hate_w
    )

    for g in engagements:
        age = today - g.date.toordinal()
        if age < 0 or age >= cfg.engagement_days:
            continue
        w = eng_of.get(g.action, 0.0) * d_eng**age
        if w > 0:
            eng_w[g.id] = eng_w.get(g.id, 0.0) + w
    m_raw = total(eng_w.values())
    share = mitigation_share(m_raw, cfg)
    positive = events_c.points + escalation_c.points + structural_c.points + hate_c.points
    mitigation_c = _component("mitigation", -share * positive, m_raw, eng_w, {"share": share})

    components = (events_c, escalation_c, structural_c, hate_c, mitigation_c)
    score = total(c.points for c in components)
    return AreaScore(area, score, cfg.level(score), components, source)


def structural(
    indicators: Iterable[IndicatorRecord], cfg: ScoreConfig, source: str | None = None
) -> Component:
    """The structural component: the weighted mean of the indicators that bear on ``source``
    (those tagged with no source bear on all), times the cap."""
    ind_w: dict = {}
    wsum = 0.0
    for ind in indicators:
        if ind.sources and source is not None and source not in ind.sources:
            continue
        w = max(float(ind.weight), 0.0)
        wsum += w
        v = min(max(float(ind.value), 0.0), 1.0)
        if w * v > 0:
            ind_w[ind.id] = ind_w.get(ind.id, 0.0) + w * v
    s_raw = total(ind_w.values()) / wsum if wsum > 0 else 0.0
    return _component("structural", cfg.structural_cap * s_raw, s_raw, ind_w)


@dataclass
class AreaRecords:
    """Everything known about one area, for ``score_areas``."""

    events: list[EventRecord] = field(default_factory=list)
    signals: list[SignalRecord] = field(default_factory=list)
    indicators: list[IndicatorRecord] = field(default_factory=list)
    engagements: list[EngagementRecord] = field(default_factory=list)


def score_areas(
    records: Mapping[Hashable, AreaRecords],
    now: dt.date,
    config: ScoreConfig | None = None,
    source: str | None = None,
) -> dict[Hashable, AreaScore]:
    """Score every area of ``records`` (area -> its records)."""
    cfg = config or ScoreConfig()
    return {
        area: score_area(
            area, now, r.events, r.signals, r.indicators, r.engagements, cfg, source=source
        )
        for area, r in records.items()
    }


def level_changed(before: AreaScore | None, after: AreaScore) -> bool:
    """True when the level moved (what alerts react to); a first score counts when not normal."""
    if before is None:
        return after.level != "normal"
    return before.level != after.level
