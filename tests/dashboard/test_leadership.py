"""The leadership summary (/pimpinan/): what changed since the last visit and this week."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from waspada.alerts.models import Acknowledgement, Alert
from waspada.areas.models import Area
from waspada.cases.services import add_action, open_case
from waspada.community.services import record_engagement
from waspada.intake.models import Report
from waspada.nlp.analysis import Analysis
from waspada.risk.models import RiskForecast, RiskLevelChange

TENGGARONG = "64.02.06"
LOA_KULU = "64.02.02"

pytestmark = pytest.mark.django_db


def _report(text, severity, code=TENGGARONG, classification="terbatas"):
    report = Report(
        channel="web",
        text=text,
        area=Area.objects.get(code=code),
        classification=classification,
        analysis=Analysis(relevance="incident", severity=severity).as_dict(),
    )
    report.save()
    return report


@pytest.fixture
def world(personas):
    now = timezone.now()
    tenggarong = Area.objects.get(code=TENGGARONG)
    RiskLevelChange.objects.create(
        area=tenggarong, old_level="waspada", new_level="siaga", score=61, at=now
    )
    alert = Alert.objects.create(
        level="awas",
        title="Bentrok antarwarga di Tenggarong",
        reason="Uji",
        area=tenggarong,
        organisation=personas["analyst"].organisation,
    )
    Alert.objects.create(level="waspada", title="Ketegangan ringan", reason="Uji", area=tenggarong)
    Acknowledgement.objects.create(alert=alert, user=personas["analyst"], via="web")
    _report("Dua orang tewas dalam bentrok", 5)
    _report("Warga berkumpul dengan tenang", 1)
    case = open_case(
        user=personas["analyst"],
        title="Sengketa lahan plasma",
        area=tenggarong,
        classification="terbatas",
    )
    add_action(
        case,
        user=personas["analyst"],
        type="mediasi",
        date=dt.date.today() - dt.timedelta(10),
        description="Mediasi",
        follow_up_due=dt.date.today() - dt.timedelta(days=3),
    )
    record_engagement(user=personas["analyst"], date=dt.date.today(), area=tenggarong)
    RiskForecast.objects.create(
        area=tenggarong,
        start=dt.date.today(),
        end=dt.date.today() + dt.timedelta(30),
        probability=0.42,
        expected=0.8,
        computed_at=now,
    )
    return alert


def test_it_shows_what_changed_for_a_leader(world, personas, client_for):
    client = client_for(personas["leader"])
    page = client.get(reverse("dashboard:leadership"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Bentrok antarwarga di Tenggarong" in html
    assert "analis1" in html  # who acknowledged
    alerts = html.split('id="brief-alerts"')[1].split("</section>")[0]
    assert "Ketegangan ringan" in alerts and alerts.count('class="bad"') == 1  # not acknowledged
    assert "Dua orang tewas" in html  # severity 5
    assert "Warga berkumpul" not in html  # severity 1
    assert "Sengketa lahan plasma" in html  # overdue action
    assert "Siaga" in html  # the level change
    assert "42%" in html  # forecast
    quiet = html.split('id="brief-quiet"')[1].split("</section>")[0]
    assert "Loa Kulu" in quiet and f"/{TENGGARONG}/" not in quiet


def test_it_marks_only_what_is_new_since_the_last_visit(world, personas, client_for):
    client = client_for(personas["leader"])
    first = client.get(reverse("dashboard:leadership")).content.decode()
    assert 'class="new"' in first
    second = client.get(reverse("dashboard:leadership")).content.decode()
    assert 'class="new"' not in second
    _report("Rumah dibakar massa", 4)
    third = client.get(reverse("dashboard:leadership")).content.decode()
    assert third.count('class="new"') == 1 and "Rumah dibakar massa" in third


def test_it_shows_only_what_the_reader_may_see(world, personas, client_for):
    # The Loa Kulu analyst sees nothing of Tenggarong; the partner may not open the page.
    page = client_for(personas["outsider_analyst"]).get(reverse("dashboard:leadership"))
    html = page.content.decode()
    assert "Bentrok antarwarga" not in html and "Dua orang tewas" not in html
    assert "Sengketa lahan plasma" not in html
    assert client_for(personas["partner"]).get(reverse("dashboard:leadership")).status_code == 403


def test_leaders_land_on_their_summary_and_need_two_factor(personas, client):
    leader = personas["leader"]
    assert leader.requires_two_factor
    client.force_login(leader)
    response = client.get(reverse("dashboard:leadership"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:otp_setup"))


def test_the_dashboard_sends_a_leader_on(personas, client_for):
    client = client_for(personas["leader"])
    assert client.get(reverse("dashboard:home"))["Location"] == reverse("dashboard:leadership")
    assert client.get(reverse("dashboard:home") + "?peta=1").status_code == 200
