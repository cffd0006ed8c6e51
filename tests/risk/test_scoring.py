import datetime as dt
import math
import random

import pytest

from waspada.risk import scoring as S

NOW = dt.date(2026, 11, 28)


def days_ago(n):
    return NOW - dt.timedelta(days=n)


def random_area(rng, n_events=60):
    events = [
        S.EventRecord(
            f"e{i}",
            days_ago(rng.randrange(-10, 500)),
            rng.choice(S.FORMS),
            rng.choice(["terverifikasi", "belum", "ditolak", "duplikat", "?"]),
            rng.choice([0, 0, 1, 5]),
            tuple(rng.sample(["agama", "etnis", "ekonomi", "sumber_daya_alam"], rng.randint(0, 2))),
        )
        for i in range(rng.randrange(n_events))
    ]
    signals = [
        S.SignalRecord(f"s{i}", days_ago(rng.randrange(-5, 90)), rng.random(), ("agama",))
        for i in range(rng.randrange(10))
    ]
    indicators = [
        S.IndicatorRecord(f"i{i}", f"ind{i}", rng.random() * 1.2 - 0.1, rng.random() * 2)
        for i in range(rng.randrange(6))
    ]
    engagements = [
        S.EngagementRecord(
            f"g{i}", days_ago(rng.randrange(-5, 90)), rng.choice(list(S.ENGAGEMENT_WEIGHT))
        )
        for i in range(rng.randrange(8))
    ]
    return events, signals, indicators, engagements


def test_components_sum_to_the_score_for_every_area():
    rng = random.Random(11)
    for n in range(300):
        events, signals, indicators, engagements = random_area(rng)
        for source in (None, "agama", "ekonomi"):
            s = S.score_area(n, NOW, events, signals, indicators, engagements, source=source)
            assert [c.name for c in s.components] == list(S.COMPONENTS)
            assert s.score == sum(c.points for c in s.components)
            assert 0.0 <= s.score <= 100.0
            assert s.level == S.ScoreConfig().level(s.score)


def test_every_component_names_its_records_and_shares_its_points_among_them():
    rng = random.Random(5)
    for _ in range(100):
        events, signals, indicators, engagements = random_area(rng)
        ids = {r.id for r in (*events, *signals, *indicators, *engagements)}
        s = S.score_area("x", NOW, events, signals, indicators, engagements)
        for c in s.components:
            assert set(c.record_ids) <= ids
            assert [i for i, _ in c.contributions] == list(c.record_ids)
            if c.points:
                assert c.record_ids, c.name
                assert math.isclose(sum(p for _, p in c.contributions), c.points, rel_tol=1e-9)
            else:
                assert c.record_ids == ()


def test_a_verified_clash_counts_more_than_an_unverified_one_and_a_rejected_not_at_all():
    def events_points(verification):
        e = S.EventRecord(1, days_ago(1), "bentrok", verification)
        return S.score_area("x", NOW, [e]).component("events").points

    assert events_points("terverifikasi") > events_points("belum") > 0
    assert events_points("ditolak") == events_points("duplikat") == 0


def test_severity_and_recency_order_the_events():
    riot = S.EventRecord("riot", days_ago(2), "kerusuhan", "terverifikasi")
    dispute = S.EventRecord("dispute", days_ago(2), "sengketa", "terverifikasi")
    old_riot = S.EventRecord("old", days_ago(40), "kerusuhan", "terverifikasi")
    c = S.score_area("x", NOW, [dispute, old_riot, riot]).component("events")
    assert c.record_ids == ("riot", "old", "dispute")


def test_records_after_now_and_before_the_windows_are_ignored():
    future = S.EventRecord(1, NOW + dt.timedelta(days=1), "bentrok", "terverifikasi")
    ancient = S.EventRecord(2, days_ago(2000), "bentrok", "terverifikasi")
    s = S.score_area("x", NOW, [future, ancient])
    assert s.score == 0.0 and s.level == "normal"


def test_escalation_compares_with_the_areas_own_baseline():
    calm_then_busy = [S.EventRecord(i, days_ago(i), "bentrok", "terverifikasi") for i in range(5)]
    always_busy = calm_then_busy + [
        S.EventRecord(100 + i, days_ago(31 + 5 * i), "bentrok", "terverifikasi") for i in range(66)
    ]
    rising = S.score_area("x", NOW, calm_then_busy).component("escalation")
    steady = S.score_area("x", NOW, always_busy).component("escalation")
    assert rising.points > 10 and set(rising.record_ids) == {0, 1, 2, 3, 4}
    assert steady.points == 0.0 and steady.record_ids == ()
    assert steady.detail["ratio"] <= 1.0


def test_structural_is_the_weighted_mean_of_the_indicators():
    inds = [
        S.IndicatorRecord("pov", "poverty", 0.5, 1.0),
        S.IndicatorRecord("mine", "mining", 1.0, 3.0),
    ]
    c = S.score_area("x", NOW, indicators=inds).component("structural")
    assert c.points == pytest.approx(20 * (0.5 + 3.0) / 4.0)
    assert dict(c.contributions) == pytest.approx({"mine": 15.0, "pov": 2.5})


def test_hate_speech_signals_raise_the_score():
    sig = [S.SignalRecord("s1", days_ago(1), 0.9)]
    c = S.score_area("x", NOW, signals=sig).component("hate_speech")
    assert c.points > 0 and c.record_ids == ("s1",)


def test_engagement_mitigates_a_share_of_the_risk_and_never_below_zero():
    events = [S.EventRecord(i, days_ago(i), "bentrok", "terverifikasi") for i in range(6)]
    talks = [S.EngagementRecord(f"g{i}", days_ago(i), "dialog") for i in range(30)]
    prevention = [S.EventRecord("p1", days_ago(3), "pencegahan", "terverifikasi")]
    base = S.score_area("x", NOW, events)
    helped = S.score_area("x", NOW, events + prevention, engagements=talks)
    m = helped.component("mitigation")
    assert m.points < 0 and "p1" in m.record_ids
    assert helped.score < base.score
    assert helped.score >= (1 - S.ScoreConfig().mitigation_max) * base.score - 1e-9
    assert S.score_area("x", NOW, engagements=talks).score == 0.0


def test_a_source_score_uses_that_sources_records_only():
    events = [
        S.EventRecord(1, days_ago(1), "bentrok", "terverifikasi", sources=("agama",)),
        S.EventRecord(2, days_ago(1), "blokade", "terverifikasi", sources=("sumber_daya_alam",)),
    ]
    inds = [S.IndicatorRecord("c", "concessions", 1.0, sources=("sumber_daya_alam",))]
    agama = S.score_area("x", NOW, events, indicators=inds, source="agama")
    assert agama.component("events").record_ids == (1,)
    assert agama.component("structural").points == 0.0
    sda = S.score_area("x", NOW, events, indicators=inds, source="sumber_daya_alam")
    assert sda.component("events").record_ids == (2,)
    assert sda.component("structural").record_ids == ("c",)


def test_levels_follow_configurable_thresholds():
    cfg = S.ScoreConfig()
    assert [cfg.level(x) for x in (0, 24.9, 25, 49.9, 50, 75, 100)] == [
        "normal",
        "normal",
        "waspada",
        "waspada",
        "siaga",
        "awas",
        "awas",
    ]
    strict = S.ScoreConfig(thresholds=(("waspada", 10.0), ("siaga", 20.0), ("awas", 30.0)))
    assert strict.level(25) == "siaga"
    events = [S.EventRecord(i, days_ago(i), "kerusuhan", "terverifikasi", 2) for i in range(8)]
    s = S.score_area("x", NOW, events, config=strict)
    assert s.level == strict.level(s.score) == "awas"
    with pytest.raises(ValueError, match="ascending"):
        S.ScoreConfig(thresholds=(("waspada", 50.0), ("siaga", 20.0)))
    with pytest.raises(ValueError, match="at most 100"):
        S.ScoreConfig(events_cap=90.0)


def test_level_changes_are_detectable():
    calm = S.score_area("x", NOW)
    busy = S.score_area(
        "x", NOW, [S.EventRecord(i, days_ago(i), "kerusuhan", "terverifikasi") for i in range(9)]
    )
    assert not S.level_changed(None, calm)
    assert S.level_changed(calm, busy) and S.level_changed(None, busy)


def test_score_areas_and_as_dict():
    recs = {
        "64.02.06": S.AreaRecords(
            events=[S.EventRecord(1, days_ago(3), "bentrok", "terverifikasi")]
        ),
        "64.02.02": S.AreaRecords(),
    }
    scores = S.score_areas(recs, NOW)
    assert scores["64.02.06"].score > scores["64.02.02"].score == 0.0
    d = scores["64.02.06"].as_dict()
    assert d["components"]["events"]["records"] == [1]
    assert sum(c["points"] for c in d["components"].values()) == d["score"]
