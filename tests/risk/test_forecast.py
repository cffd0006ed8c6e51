import dataclasses
import datetime as dt

import numpy as np
import pytest

from waspada.risk import forecast as fc
from waspada.risk.eventtable import Event, read_event_table


def ev(i, y, m, prov, reg="", deaths=0):
    admin = (prov, f"{prov} / {reg}" if reg else "")
    return Event(str(i), dt.date(y, m, 10), admin, deaths)


def test_panel_counts_units_and_parents():
    evs = [
        ev(1, 2020, 1, "A", "a1"),
        ev(2, 2020, 1, "A", "a1"),
        ev(3, 2020, 3, "A", "a2", deaths=4),
        ev(4, 2020, 3, "A"),  # no regency: counts for province A only
        ev(5, 2020, 2, "B", "b1"),
    ]
    p = fc.build_panel(evs, "kabupaten")
    assert p.units == ["A / a1", "A / a2", "B / b1"]
    assert p.label(0) == "2020-01" and p.n_periods == 3
    assert p.counts.tolist() == [[2, 0, 0], [0, 0, 1], [0, 1, 0]]
    assert p.deaths[1].tolist() == [0, 0, 4]
    assert p.dropped == 1
    assert p.parent_counts[p.parent_index[0]].tolist() == [2, 0, 2]
    assert p.national.tolist() == [2, 1, 2]
    prov = fc.build_panel(evs, "provinsi")
    assert prov.units == ["A", "B"]
    assert prov.counts.tolist() == [[2, 0, 2], [0, 1, 0]]


def test_features_at_t_read_only_periods_before_t():
    evs = [ev(1, 2020, 1, "A", "a1"), ev(2, 2020, 3, "A", "a1"), ev(3, 2020, 3, "A", "a2")]
    p = fc.build_panel(evs, "admin2")
    X = fc.features(p)
    names = fc.FEATURE_NAMES
    last, since = names.index("last"), names.index("since")
    assert X.shape == (2, 4, len(names))
    assert X[0, :, last].tolist() == pytest.approx(np.log1p([0, 1, 0, 1]).tolist())
    assert X[0, 2, since] == pytest.approx(np.log1p(2))
    parent_last = names.index("parent_last")
    assert X[1, 3, parent_last] == pytest.approx(np.log1p(1))  # a1's event, a2 left out


def _forecasts(table_events, units, periods):
    p = fc.build_panel(table_events, "admin2", units=units, start="2010-01")
    cfg = fc.ModelConfig(groups=("own", "parent", "national", "fatal", "season"), C=0.5)
    return (
        fc.model_forecasts(p, periods, cfg, refit_every=12),
        fc.no_change_forecasts(p, periods),
        fc.history_forecasts(p, periods),
    )


def test_no_look_ahead_a_forecast_ignores_data_after_its_period(ucdp_csv):
    """Forecasts for periods up to t are unchanged when events after t are removed, moved,
    multiplied or added (the set of units, a gazetteer, held fixed)."""
    table = read_event_table(ucdp_csv)
    units = sorted({e.unit(2) for e in table.events})
    cut = dt.date(2013, 7, 1)  # period index 42 from 2010-01
    t = 42
    periods = list(range(20, t + 1))
    before = [e for e in table.events if e.date < cut]
    after = [e for e in table.events if e.date >= cut]
    altered = (
        before
        + [dataclasses.replace(e, admin=table.events[0].admin, fatalities=50) for e in after]
        + [dataclasses.replace(e, date=e.date.replace(year=2016)) for e in after for _ in range(3)]
    )
    a = _forecasts(table.events, units, periods)
    b = _forecasts(before, units, periods)
    c = _forecasts(altered, units, periods)
    for fa, fb, fcc in zip(a, b, c, strict=True):
        np.testing.assert_array_equal(fa.p, fb.p)
        np.testing.assert_array_equal(fa.mu, fb.mu)
        np.testing.assert_array_equal(fa.p, fcc.p)


def test_the_event_in_period_t_itself_is_not_used(ucdp_csv):
    table = read_event_table(ucdp_csv)
    units = sorted({e.unit(2) for e in table.events})
    t = 42  # 2013-07
    in_t = [e for e in table.events if (e.date.year, e.date.month) == (2013, 7)]
    assert in_t
    others = [e for e in table.events if e not in in_t]
    a = _forecasts(table.events, units, [t])
    b = _forecasts(others, units, [t])
    for fa, fb in zip(a, b, strict=True):
        np.testing.assert_array_equal(fa.p, fb.p)


def test_the_model_is_deterministic(ucdp_csv):
    table = read_event_table(ucdp_csv)
    p = fc.build_panel(table, "admin2")
    f1 = fc.model_forecasts(p, range(30, 60))
    f2 = fc.model_forecasts(fc.build_panel(read_event_table(ucdp_csv), "admin2"), range(30, 60))
    np.testing.assert_array_equal(f1.p, f2.p)
    np.testing.assert_array_equal(f1.mu, f2.mu)


def test_probabilities_and_counts_are_coherent(ucdp_csv):
    p = fc.build_panel(read_event_table(ucdp_csv), "admin2")
    f = fc.model_forecasts(p, range(30, 84))
    assert ((f.p > 0) & (f.p < 1)).all()
    assert (f.mu >= f.p).all()
    h = fc.history_forecasts(p, range(30, 84))
    assert ((h.p >= 0) & (h.p < 1)).all()


def test_an_active_unit_is_ranked_above_a_quiet_one():
    evs = [ev(i, 2010 + m // 12, m % 12 + 1, "A", "hot") for i, m in enumerate(range(0, 48, 2))]
    evs += [ev(100 + m, 2010 + m // 12, m % 12 + 1, "A", "hot") for m in range(40, 48)]
    evs += [ev(200, 2010, 5, "A", "cold")]
    p = fc.build_panel(evs, "admin2")
    nxt = fc.next_period(p, fc.ModelConfig(groups=("own",)))
    hot, cold = p.units.index("A / hot"), p.units.index("A / cold")
    assert nxt.p[0, hot] > 0.5 > nxt.p[0, cold]


def test_fit_glm_reaches_the_penalised_optimum():
    rng = np.random.default_rng(0)
    Z = rng.normal(size=(400, 3))
    y = (rng.random(400) < 1 / (1 + np.exp(-(Z @ [1.0, -2.0, 0.5] - 1)))).astype(float)
    w = np.ones(400)
    for family, target in (("logistic", y), ("poisson", rng.poisson(np.exp(Z @ [0.3, 0, -0.2])))):
        beta = fc.fit_glm(Z, target.astype(float), w, 2.0, family)
        eta = beta[0] + Z @ beta[1:]
        mu = 1 / (1 + np.exp(-eta)) if family == "logistic" else np.exp(eta)
        grad = np.r_[np.sum(mu - target), Z.T @ (mu - target) + 2.0 * beta[1:]]
        assert np.abs(grad).max() < 1e-6


def test_select_config_picks_by_brier_on_the_given_periods(ucdp_csv):
    p = fc.build_panel(read_event_table(ucdp_csv), "admin2")
    grid = [fc.ModelConfig(groups=("own",), C=c) for c in (1e-4, 1.0)]
    best, scored = fc.select_config(p, range(12, 40), grid)
    assert best == min(scored, key=lambda s: s[1])[0]
    assert len(scored) == 2


def test_a_kecamatan_forecast_from_area_codes():
    """How the risk app will call it: events located by Kemendagri code, the gazetteer's
    kecamatan as units (some without any event), a forecast for the next month."""
    rng = np.random.default_rng(1)
    kec = [f"64.02.{i:02d}" for i in range(1, 21)]
    evs = []
    for m in range(36):
        for k in kec[:5]:
            for _ in range(rng.poisson(1.5 if k == "64.02.01" else 0.2)):
                evs.append(
                    Event.from_area_code(
                        f"{m}{k}", dt.date(2024 + m // 12, m % 12 + 1, 5), k + ".2001"
                    )
                )
    p = fc.build_panel(evs, "kecamatan", units=kec)
    assert p.counts.shape == (20, 36)
    f, cfg = fc.forecast_next_period(p, tune_periods=12)
    assert f.p.shape == (1, 20) and (f.mu >= f.p).all()
    assert int(np.argmax(f.p[0])) == 0
    assert f.p[0, 19] < f.p[0, 0]


def test_the_baselines_by_hand():
    evs = [ev(1, 2020, 1, "A", "a"), ev(2, 2020, 3, "A", "a"), ev(3, 2020, 3, "A", "a")]
    evs += [ev(4, 2020, 2, "A", "b")]
    p = fc.build_panel(evs, "admin2")  # a: [1, 0, 2], b: [0, 1, 0]
    nc = fc.no_change_forecasts(p, [3])
    assert nc.p.tolist() == [[1.0, 0.0]] and nc.mu.tolist() == [[2.0, 0.0]]
    h = fc.history_forecasts(p, [3])
    # means 1 and 1/3; variances 2/3 and 2/9: no excess over Poisson, so k = inf (Poisson);
    # shrunk by one pseudo-month towards the mean over units, 2/3
    mu = [(3 + 2 / 3) / 4, (1 + 2 / 3) / 4]
    assert h.mu[0].tolist() == pytest.approx(mu)
    assert h.p[0].tolist() == pytest.approx([1 - np.exp(-m) for m in mu])
