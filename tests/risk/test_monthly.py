# ruff: noqa: F811  (pytest fixtures imported from tests/risk/db.py)
"""The risk page's monthly charts: counted by the database per month, cached until any event
changes (the events' change stamp), and never stale."""

from tests.risk.db import (  # noqa: F401  (fixtures)
    LOA_KULU,
    TENGGARONG,
    days_ago,
    make_event,
    risk_settings,
)
from waspada.risk import queries


def totals(data: dict, kind: str) -> dict[str, list[int]]:
    return {d["key"]: d["data"] for d in data[f"by_{kind}"]}


def test_counts_per_month_by_form_and_source(db, personas, risk_settings):
    make_event(personas, TENGGARONG, 1, form="bentrok", sources=("agama", "ekonomi"))
    make_event(personas, TENGGARONG, 2, form="bentrok")
    make_event(personas, LOA_KULU, 40, form="unjuk_rasa")
    make_event(personas, LOA_KULU, 500, form="unjuk_rasa")  # older than twelve months
    make_event(personas, LOA_KULU, 3, form="kerusuhan", verification="ditolak")  # rejected
    data = queries.events_by_month(personas["analyst"])
    assert data["labels"][-1] == days_ago(0).strftime("%Y-%m")
    month = data["labels"].index(days_ago(1).strftime("%Y-%m"))
    earlier = data["labels"].index(days_ago(40).strftime("%Y-%m"))
    forms = totals(data, "form")
    assert forms["bentrok"][month] == 2 and sum(forms["bentrok"]) == 2
    assert forms["unjuk_rasa"][earlier] == 1 and sum(forms["unjuk_rasa"]) == 1
    assert "kerusuhan" not in forms
    sources = totals(data, "source")
    assert sum(sources["agama"]) == 1 and sum(sources["sumber_daya_alam"]) == 2


def test_a_new_event_shows_at_once_and_scope_is_kept(db, personas, risk_settings):
    make_event(personas, TENGGARONG, 1)
    before = sum(map(sum, totals(queries.events_by_month(personas["analyst"]), "form").values()))
    make_event(personas, TENGGARONG, 1)
    after = sum(map(sum, totals(queries.events_by_month(personas["analyst"]), "form").values()))
    assert (before, after) == (1, 2)
    make_event(personas, LOA_KULU, 1)
    # The Loa Kulu analyst sees Loa Kulu's event only; the cache holds each view apart.
    scoped = queries.events_by_month(personas["outsider_analyst"])
    assert sum(map(sum, totals(scoped, "form").values())) == 1
    from waspada.areas.models import Area

    tenggarong = Area.objects.get(code=TENGGARONG)
    in_area = queries.events_by_month(personas["analyst"], area=tenggarong)
    assert sum(map(sum, totals(in_area, "form").values())) == 2
