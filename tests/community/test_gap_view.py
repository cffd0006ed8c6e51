"""The engagement-gap page and its map data, with risk levels from the risk app's scores
where it keeps them; and the dashboard's response panel."""

import datetime as dt

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import timezone

from waspada.community.services import record_engagement, risk_levels

from .conftest import LOA_KULU, TENGGARONG


def _score(code, level, window=90, source=""):
    try:
        RiskScore = apps.get_model("risk", "RiskScore")
    except LookupError:
        pytest.skip("the risk app keeps no scores in this tree")
    from waspada.areas.models import Area

    return RiskScore.objects.create(
        area=Area.objects.get(code=code),
        level_of_area="kecamatan",
        source=source,
        window=window,
        score=80,
        level=level,
        as_of=timezone.localdate(),
        computed_at=timezone.now(),
    )


def test_risk_levels_read_the_overall_score_of_the_longest_window(db):
    _score(TENGGARONG, "waspada", window=30)
    _score(TENGGARONG, "awas", window=90)
    _score(TENGGARONG, "normal", window=365, source="agama")
    assert risk_levels([TENGGARONG, LOA_KULU]) == {TENGGARONG: "awas"}


def test_the_gap_page_lists_high_risk_areas_without_recent_engagement(personas, area, client_for):
    _score(TENGGARONG, "awas")
    _score(LOA_KULU, "siaga")
    today = timezone.localdate()
    record_engagement(
        user=personas["analyst"], date=today - dt.timedelta(days=3), area=area(LOA_KULU)
    )
    client = client_for(personas["leader"])
    page = client.get(reverse("community:gap")).content.decode()
    assert page.index(">Tenggarong<") < page.index(">Loa Kulu<")  # the awas gap first
    assert 'class="high-gap" data-code="64.02.06"' in page
    assert 'class="" data-code="64.02.02"' in page
    data = client.get(reverse("community:gap_data")).json()["areas"]
    assert data[TENGGARONG]["high_risk_gap"] and data[TENGGARONG]["days_since"] is None
    assert not data[LOA_KULU]["gap"] and data[LOA_KULU]["days_since"] == 3
    assert len(data) == 20  # every kecamatan of Kukar
    desa = client.get(reverse("community:gap_data") + "?level=desa").json()["areas"]
    assert len(desa) > 200


def test_scoped_analysts_see_the_gap_of_their_kecamatan_only(personas, client_for):
    data = client_for(personas["outsider_analyst"]).get(reverse("community:gap_data")).json()
    assert list(data["areas"]) == [LOA_KULU]


def test_the_dashboard_shows_overdue_actions_cases_by_phase_and_coverage(
    personas, area, client_for
):
    from waspada.cases.services import add_action, open_case

    today = timezone.localdate()
    case = open_case(
        user=personas["analyst"],
        title="Kasus A",
        area=area(TENGGARONG),
        phase="penghentian",
        classification="terbatas",
    )
    open_case(
        user=personas["analyst"],
        title="Kasus B",
        area=area(TENGGARONG),
        phase="penghentian",
        classification="terbatas",
    )
    add_action(
        case,
        user=personas["analyst"],
        type="patroli",
        date=today,
        description="Patroli",
        follow_up_due=today - dt.timedelta(days=1),
    )
    record_engagement(user=personas["analyst"], date=today, area=area(TENGGARONG))
    page = client_for(personas["analyst"]).get(reverse("dashboard:home")).content.decode()
    assert '<strong data-phase="penghentian">2</strong>' in page
    assert '<strong data-phase="pencegahan">0</strong>' in page
    assert "1 overdue action" in page and f"/kasus/{case.pk}/#action-" in page
    assert "1 of 20 kecamatan, 1 activity." in page
    # The partner sees neither terbatas case.
    partner = client_for(personas["partner"]).get(reverse("dashboard:home")).content.decode()
    assert '<strong data-phase="penghentian">0</strong>' in partner


def test_the_dashboard_names_high_risk_kecamatan_without_recent_engagement(personas, client_for):
    _score(TENGGARONG, "siaga")
    page = (
        client_for(personas["leader"]).get(reverse("dashboard:home") + "?peta=1").content.decode()
    )
    assert "1 high-risk kecamatan without recent engagement" in page and "Tenggarong" in page
    reporter = client_for(personas["reporter"]).get(reverse("dashboard:home")).content.decode()
    assert "high-risk-gaps" not in reporter  # the gap is for analysts and leadership
