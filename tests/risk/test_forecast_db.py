# ruff: noqa: F811  (pytest fixtures imported from tests/risk/db.py)
"""The 30-day forecast per kecamatan from the Event table."""

import datetime as dt

from tests.risk.db import LOA_KULU, TENGGARONG, TODAY, risk_settings  # noqa: F401
from waspada.accounts.models import Role
from waspada.areas.models import Area
from waspada.events.models import Event
from waspada.risk import services
from waspada.risk.models import RiskForecast


def _seed(personas, months: int):
    """Tenggarong: an incident or two in most 30-day blocks; Loa Kulu: now and then."""
    org = personas["analyst"].organisation
    rows = []
    for k in range(months):
        day = TODAY - dt.timedelta(days=30 * k + 3)
        for _ in range(1 + k % 2):
            rows.append((TENGGARONG, day))
        if k % 6 == 0:
            rows.append((LOA_KULU, day))
    areas = {c: Area.objects.get(code=c) for c in (TENGGARONG, LOA_KULU)}
    Event.objects.bulk_create(
        Event(
            event_date=d,
            area=areas[c],
            kecamatan_code=c,
            form="bentrok",
            summary="uji",
            organisation=org,
            verification="terverifikasi",
        )
        for c, d in rows
    )


def test_a_long_history_gets_a_fitted_model(risk_settings, personas):
    assert personas["analyst"].role == Role.ANALYST
    _seed(personas, 36)
    rows = {r.area_id: r for r in services.forecast()}
    assert len(rows) == Area.objects.kecamatan_of_regency().count() == 20
    assert RiskForecast.objects.count() == 20
    t, lk, quiet = rows[TENGGARONG], rows[LOA_KULU], rows["64.02.03"]
    assert "history only" not in t.model and "features=" in t.model
    assert t.probability > lk.probability > quiet.probability
    for r in rows.values():
        assert 0.0 <= r.probability <= 1.0 and r.expected >= r.probability - 1e-9
        assert (r.start, r.end) == (TODAY + dt.timedelta(days=1), TODAY + dt.timedelta(days=30))
    assert t.last_30_days == 1


def test_a_short_history_falls_back_to_the_history_baseline(risk_settings, personas):
    _seed(personas, 4)
    rows = {r.area_id: r for r in services.forecast()}
    assert rows[TENGGARONG].model.startswith("history only")
    assert rows[TENGGARONG].expected > rows["64.02.03"].expected


def test_no_incidents_no_forecast(risk_settings, db):
    assert services.forecast() == []
    assert RiskForecast.objects.count() == 0
