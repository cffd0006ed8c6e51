"""The batch scorer gives every area what ``scoring.score_area`` gives it, to the last bit: the
score, the level and the stored components (compared as the JSON the recompute stores)."""

import datetime as dt
import json
import math
import random

import numpy as np

from waspada.areas.models import Level
from waspada.risk import batch, config, gathering
from waspada.risk import scoring as S

NOW = dt.date(2026, 11, 28)
REGENCY = "64.02"
LEVELS = {
    REGENCY: Level.KABUPATEN,
    "64.02.01": Level.KECAMATAN,
    "64.02.02": Level.KECAMATAN,
    "64.02.01.2001": Level.DESA,
    "64.02.01.2002": Level.DESA,
    "64.02.02.2001": Level.DESA,
}
# Where records lie: the areas, a desa whose kecamatan is not scored, somewhere unknown, nowhere.
LOCATIONS = (*LEVELS, "64.02.03.2001", "99.99", None)
SOURCES = ("agama", "etnis", "ekonomi", "sumber_daya_alam")
# Ages on the edges of the windows (7, 30, 60, 90 days; the 395-day horizon) and after today.
EDGES = (-3, -1, 0, 1, 6, 7, 8, 13, 14, 29, 30, 31, 59, 60, 61, 89, 90, 91, 364, 394, 395, 396)


def targets(code):
    return gathering._targets(code, LEVELS, REGENCY)


def day(rng):
    age = rng.choice(EDGES) if rng.random() < 0.4 else rng.randrange(-5, 420)
    return NOW - dt.timedelta(days=age)


def some_sources(rng):
    return tuple(rng.sample(SOURCES, rng.choice([0, 1, 1, 2, 3])))


def random_world(rng):
    """Located records of every kind, with ties in weight (same day, form and verification)."""
    events, signals, engagements = [], [], []
    for k in range(rng.randrange(300)):
        prefix = "report" if rng.random() < 0.15 else "event"
        e = S.EventRecord(
            f"{prefix}:{k}",
            day(rng),
            rng.choice([*S.FORMS, "pencegahan", "lainnya"]),
            rng.choice([*S.VERIFICATION_WEIGHT, "laporan", "?"]),
            rng.choice([0, 0, 0, 1, 2, 7]),
            some_sources(rng),
        )
        events.append((rng.choice(LOCATIONS), e))
    for k in range(rng.randrange(40)):
        strength = rng.choice([0.0, 0.5, 0.5, 1.0, 1.3, -0.2, rng.random()])
        s = S.SignalRecord(f"{rng.choice(['report', 'article'])}:{k}", day(rng), strength)
        signals.append(
            (rng.choice(LOCATIONS), S.SignalRecord(s.id, s.date, s.strength, some_sources(rng)))
        )
    for k in range(rng.randrange(30)):
        g = S.EngagementRecord(f"engagement:{k}", day(rng), rng.choice([*S.ENGAGEMENT_WEIGHT, "x"]))
        engagements.append((rng.choice(LOCATIONS[:-1]), g))
    indicators = {}
    for code in LEVELS:
        if rng.random() < 0.7:
            indicators[code] = [
                S.IndicatorRecord(
                    f"profile:{code}:{k}",
                    f"ind{k}",
                    rng.choice([0.0, 0.5, 1.0, 1.2, rng.random()]),
                    rng.choice([1.0, 0.5, 0.0, rng.random() * 2]),
                    some_sources(rng) if rng.random() < 0.3 else (),
                )
                for k in range(rng.randrange(1, 6))
            ]
    return events, signals, engagements, indicators


def per_area(located):
    out = {code: [] for code in LEVELS}
    for code, record in located:
        for t in targets(code):
            if t in out:
                out[t].append(record)
    return out


def as_json(score, level, components):
    return json.dumps([score, level, components], separators=(",", ":"))


def reference(code, world, cfg, source, keep, by_source=False):
    events, signals, engagements, indicators = world
    ev, sig, eng = per_area(events)[code], per_area(signals)[code], per_area(engagements)[code]
    if by_source and source is not None:  # as the recompute handed them before: source first
        ev = [e for e in ev if e.form != "pencegahan" and source in e.sources] + [
            e for e in ev if e.form == "pencegahan"
        ]
        sig = [s for s in sig if source in s.sources]
    s = S.score_area(code, NOW, ev, sig, indicators.get(code, []), eng, cfg, source=source)
    return as_json(s.score, s.level, {c.name: batch.stored(c, keep) for c in s.components})


def build(world):
    events, signals, engagements, indicators = world
    builder = batch.Builder(list(LEVELS), SOURCES, NOW, targets)
    for code, e in events[: len(events) // 2]:
        builder.event(code, e)
    rest = events[len(events) // 2 :]  # the rest as columns, as the gathering reads them
    builder.events(
        [e.id for _, e in rest],
        [e.date for _, e in rest],
        [e.form for _, e in rest],
        [e.verification for _, e in rest],
        [e.fatalities for _, e in rest],
        [builder.mask(e.sources) for _, e in rest],
        [code for code, _ in rest],
    )
    for code, s in signals:
        builder.signal(code, s)
    for code, g in engagements:
        builder.engagement(code, g)
    for code, records in indicators.items():
        builder.indicators(code, records)
    return builder.build()


CONFIGS = [config.config_for(w, S.ScoreConfig()) for w in (7, 30, 90)] + [
    S.ScoreConfig(
        thresholds=(("waspada", 5.0), ("siaga", 10.0), ("awas", 20.0)),
        recent_days=45,
        halflife_days=11.0,
        escalation_days=40,
        structural_cap=10.0,
        events_cap=50.0,
        engagement_days=20,
        hate_days=120,
    )
]


def test_the_batch_scores_are_score_areas_to_the_last_bit():
    rng = random.Random(21)
    for _ in range(40):
        world = random_world(rng)
        records = build(world)
        keep = rng.choice([1, 3, 40])
        for cfg in CONFIGS:
            scored = batch.score(records, cfg, (None, *SOURCES, "politik"), keep)
            for source, rows in scored.items():
                for code, (score, level, components) in zip(LEVELS, rows, strict=True):
                    got = as_json(score, level, components)
                    assert got == reference(code, world, cfg, source, keep), (code, source, cfg)
                    assert got == reference(code, world, cfg, source, keep, by_source=True)


def test_no_records_score_zero_everywhere():
    records = batch.Builder(list(LEVELS), SOURCES, NOW, targets).build()
    cfg = S.ScoreConfig()
    for rows in batch.score(records, cfg, (None, "agama"), 40).values():
        for code, row in zip(LEVELS, rows, strict=True):
            s = S.score_area(code, NOW, config=cfg)
            assert row == (s.score, s.level, {c.name: batch.stored(c, 40) for c in s.components})
            assert row[0] == 0.0 and row[1] == "normal"


def test_the_property_test_sees_what_it_means_to():
    """The random worlds reach every branch worth comparing: points in every component, cut
    contribution lists, ties in weight, mitigation, records on both sides of the edges."""
    rng = random.Random(21)
    seen = set()
    for _ in range(40):
        world = random_world(rng)
        records = build(world)
        for score, _, components in batch.score(records, CONFIGS[2], (None,), 3)[None]:
            for name, c in components.items():
                if c["points"]:
                    seen.add(name)
                if c["n"] > 3:
                    seen.add("cut")
                weights = [p for _, p in c["contributions"]]
                if len(set(weights)) < len(weights):
                    seen.add("tie")
            if score >= 25:
                seen.add("waspada")
    assert seen >= {*S.COMPONENTS, "cut", "tie", "waspada"}


def test_round3_rounds_as_python_rounds():
    rng = random.Random(3)
    values = [rng.uniform(-50, 50) for _ in range(20000)]
    values += [rng.random() * 10 ** rng.randint(-9, 9) * rng.choice([1, -1]) for _ in range(20000)]
    halves = [(k + 0.5) / 1000 for k in range(-3000, 3000)]  # ties, as near as floats get
    values += halves + [math.nextafter(h, d) for h in halves for d in (-math.inf, math.inf)]
    values += [0.0, -0.0, -0.0004, 5e-324, 2.0**49 + 0.5, 1e300, math.inf, -math.inf, math.nan]
    got = batch.round3(np.array(values)).tolist()
    assert [repr(v) for v in got] == [repr(round(v, 3)) for v in values]
