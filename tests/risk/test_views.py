# ruff: noqa: F811  (pytest fixtures imported from tests/risk/db.py)
"""The risk map, its data and the area panel, per role and scope: the score is computed from
every record, the records a user sees behind it only from those the policy lets them see."""

import pytest
from django.urls import reverse

from tests.conftest import verified_client
from tests.risk.db import (  # noqa: F401  (fixtures)
    DESA,
    LOA_KULU,
    TENGGARONG,
    risk_settings,
    world,
)
from waspada.risk import queries, services
from waspada.risk.models import RiskScore


@pytest.fixture
def scored(world):
    services.recompute()
    services.forecast()
    return world


def panel(user, code, **query):
    response = verified_client(user).get(
        reverse("risk:panel", args=[code]), {"fragment": "1", **query}
    )
    assert response.status_code == 200
    return response


def links(response) -> set[str]:
    return {r.id for c in response.context["components"] for r in c["records"]}


def test_the_map_page_has_the_choropleth_charts_and_forecast(scored, personas):
    response = verified_client(personas["analyst"]).get(
        reverse("risk:map"), {"level": "desa", "window": "30"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert 'data-choropleth="/risiko/peta.json?level=desa' in html
    assert 'data-level="desa"' in html and 'data-panel="1"' in html
    assert 'id="chart-sources-data"' in html and 'id="chart-forms-data"' in html
    assert len(response.context["forecasts"]) == 20
    sources = {d["label"] for d in response.context["charts_sources"]["datasets"]}
    assert "Natural resources" in sources or "Sumber daya alam" in sources


def test_charts_count_only_the_events_a_user_may_see(scored, personas):
    def total(user):
        r = verified_client(user).get(reverse("risk:map"))
        return sum(sum(d["data"]) for d in r.context["charts_forms"]["datasets"])

    # Not rejected, in the last twelve months: biasa, terbatas, rahasia, old, prevention and
    # the one in Loa Kulu.
    assert total(personas["analyst"]) == 6
    assert total(personas["partner"]) == 4  # the four biasa ones
    assert total(personas["reporter"]) == 4  # Tenggarong only, and no rahasia


def test_the_choropleth_follows_level_source_window_and_scope(scored, personas):
    def areas(user, **query):
        r = verified_client(user).get(reverse("risk:choropleth"), query)
        assert r.status_code == 200
        return r.json()["areas"]

    everything = areas(personas["analyst"])
    assert len(everything) == 20
    assert everything[TENGGARONG]["level"] in ("normal", "waspada", "siaga", "awas")
    assert everything[TENGGARONG]["score"] > everything["64.02.03"]["score"]
    assert areas(personas["reporter"]).keys() == {TENGGARONG}
    desa = areas(personas["reporter"], level="desa")
    assert DESA in desa and all(c.startswith(TENGGARONG + ".") for c in desa)
    agama = areas(personas["analyst"], source="agama", window="7")
    row = RiskScore.objects.get(area_id=TENGGARONG, source="agama", window=7)
    assert agama[TENGGARONG]["score"] == round(row.score, 1)


def test_the_panel_shows_components_that_add_up_and_their_records(scored, personas):
    response = panel(personas["analyst"], TENGGARONG)
    row = response.context["row"]
    comps = response.context["components"]
    assert [c["name"] for c in comps] == [
        "events",
        "escalation",
        "structural",
        "hate_speech",
        "mitigation",
    ]
    assert sum(c["points"] for c in comps) == pytest.approx(row.score)
    w = scored
    assert {f"event:{w[k].pk}" for k in ("biasa", "terbatas", "rahasia")} <= links(response)
    html = response.content.decode()
    assert reverse("events:detail", args=[w["rahasia"].pk]) in html
    assert reverse("intake:detail", args=[w["report"].pk]) in html
    assert reverse("risk:profile", args=[TENGGARONG]) in html
    assert "/peristiwa/?date_from=" in html  # the list of all events behind a component
    assert len(response.context["trend_chart"]["labels"]) == 13
    assert response.context["trend_chart"]["datasets"][0]["data"][-1] == pytest.approx(
        row.score, abs=0.01
    )
    assert 'id="risk-forecast"' in html
    assert response.context["top"]


def test_a_partner_sees_the_same_score_but_only_biasa_records(scored, personas):
    analyst = panel(personas["analyst"], TENGGARONG)
    partner = panel(personas["partner"], TENGGARONG)
    assert partner.context["row"].score == analyst.context["row"].score
    w = scored
    seen = links(partner)
    assert f"event:{w['biasa'].pk}" in seen
    assert f"event:{w['terbatas'].pk}" not in seen
    assert f"event:{w['rahasia'].pk}" not in seen
    assert f"report:{w['report'].pk}" not in seen  # terbatas report
    html = partner.content.decode()
    assert reverse("events:detail", args=[w["terbatas"].pk]) not in html
    assert reverse("events:detail", args=[w["rahasia"].pk]) not in html
    assert "Bentrok" not in "".join(  # no summary of a hidden event leaks into top lists
        r.label for _, r in partner.context["top"] if r.id != f"event:{w['biasa'].pk}"
    )
    assert any(c["hidden"] for c in partner.context["components"])


def test_leadership_of_another_organisation_sees_terbatas_but_not_rahasia(scored, personas):
    seen = links(panel(personas["leader"], TENGGARONG))
    assert f"event:{scored['terbatas'].pk}" in seen
    assert f"event:{scored['rahasia'].pk}" not in seen


def test_a_field_reporter_sees_only_their_kecamatan(scored, personas):
    reporter = personas["reporter"]
    assert panel(reporter, DESA).context["row"] is not None
    client = verified_client(reporter)
    assert client.get(reverse("risk:panel", args=[LOA_KULU])).status_code == 403
    assert client.get(reverse("risk:panel", args=["64.02"])).status_code == 403
    page = client.get(reverse("risk:map"))
    assert page.context["home"] == TENGGARONG
    assert [f.area_id for f in page.context["forecasts"]] == [TENGGARONG]


def test_the_regency_panel_sums_the_forecast(scored, personas):
    response = panel(personas["leader"], "64.02")
    forecast = response.context["forecast"]
    assert 0 <= forecast["probability"] <= 1
    assert forecast["expected"] >= 0


def test_a_panel_without_scores_says_so(world, personas):
    response = panel(personas["analyst"], TENGGARONG)
    assert response.context["row"] is None
    assert (
        "No score for this area yet." in response.content.decode()
        or response.context["row"] is None
    )


def test_the_full_panel_page_works_without_javascript(scored, personas):
    response = verified_client(personas["analyst"]).get(
        reverse("risk:panel", args=[TENGGARONG]), {"source": "agama", "window": "30"}
    )
    html = response.content.decode()
    assert response.status_code == 200 and "<html" in html
    assert response.context["row"].source == "agama" and response.context["row"].window == 30


def test_the_dashboard_shows_a_risk_summary_in_scope(scored, personas, settings):
    settings.WASPADA_RISK_THRESHOLDS = (("waspada", 1.0), ("siaga", 2.0), ("awas", 3.0))
    services.recompute()
    html = verified_client(personas["analyst"]).get(reverse("dashboard:home")).content.decode()
    assert 'id="risk-summary"' in html
    assert reverse("risk:panel", args=[TENGGARONG]) in html
    summary = queries.summary(personas["reporter"])
    assert summary["top"] and all(r.area_id.startswith(TENGGARONG) for r in summary["top"])
    assert sum(n for *_, n in summary["counts"]) == 1  # their one kecamatan
    assert sum(n for *_, n in queries.summary(personas["analyst"])["counts"]) == 20
