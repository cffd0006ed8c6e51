"""Default rules, severity, cumulative casualties, re-notification and the escalation clock,
with real analyses of report texts (``waspada.nlp.analyze``)."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from waspada.alerts import engine, services
from waspada.alerts.defaults import DEFAULT_RULES
from waspada.alerts.models import Alert, Message, Rule

from .conftest import make_event, subscribe
from .test_rules import analysed_report

LOA_IPUH = "64.02.06.1002"  # a kelurahan of Tenggarong
KILLING = (
    "Seorang warga tewas dibacok dalam bentrok antar kelompok pemuda di Kelurahan Loa Ipuh, "
    "Tenggarong, tadi malam. Pemicunya sengketa lahan."
)
TWO_MORE = "Dua warga lagi meninggal dunia setelah bentrok susulan di Kelurahan Loa Ipuh pagi ini."
DROWNING = "Seorang anak tewas tenggelam di Sungai Mahakam dekat Kelurahan Loa Ipuh sore tadi."


@pytest.fixture
def defaults(db):
    call_command("load_default_rules")
    return {r.default_key: r for r in Rule.objects.exclude(default_key="")}


def test_setup_creates_the_default_rules_once_and_never_overwrites_an_edit(defaults):
    assert set(defaults) == {spec["default_key"] for spec in DEFAULT_RULES}
    assert {r.kind for r in defaults.values()} == {
        "urgent_event",
        "risk_level",
        "hate_speech",
        "event_count",
    }
    severe = defaults["severe_incident"]
    severe.min_severity = 5
    severe.save()
    call_command("load_default_rules")
    assert Rule.objects.count() == len(DEFAULT_RULES)
    assert Rule.objects.get(pk=severe.pk).min_severity == 5


def test_a_killing_raises_siaga_and_two_more_deaths_raise_awas_and_tell_everyone_again(
    personas, orgs, defaults
):
    subscribe(orgs["polres"], "email", "polres@kukar.test")
    subscribe(personas["leader"], "email", "bupati@kukar.test", tier=2)
    first = analysed_report(KILLING, area_id=LOA_IPUH)
    assert (first.reading.severity, first.reading.fatalities) == (5, 1)
    [alert] = engine.report_analysed(first)
    assert (alert.level, alert.area_id, alert.fatalities, alert.desa) == (
        "siaga",
        "64.02.06",
        1,
        [LOA_IPUH],
    )
    assert Message.objects.filter(alert=alert).count() == 1
    # Nobody acknowledged: it went to tier 2 after its window.
    [escalated] = services.escalate_due(now=timezone.now() + timedelta(minutes=31))
    assert escalated.tier == 2 and Message.objects.filter(alert=alert).count() == 2

    # A retried task evaluates the same report again: nothing changes, nobody is told.
    engine.report_analysed(first)
    alert.refresh_from_db()
    assert (alert.fatalities, alert.occurrences, Message.objects.filter(alert=alert).count()) == (
        1,
        1,
        2,
    )

    second = analysed_report(TWO_MORE, area_id=LOA_IPUH)
    assert second.reading.fatalities == 2
    [again] = engine.report_analysed(second)
    assert again.pk == alert.pk
    assert (again.level, again.fatalities, again.tier) == ("awas", 3, 2)
    assert {c["what"] for c in again.changes} >= {"level", "fatalities"}
    news = Message.objects.filter(alert=alert).order_by("pk")[2:]
    assert sorted(m.address for m in news) == ["bupati@kukar.test", "polres@kukar.test"]
    assert all(m.subject.startswith("[AWAS]") for m in news)
    assert all("3" in m.text and "SIAGA" in m.text for m in news)  # what changed
    # The tier-2 clock starts again from this message.
    assert again.escalated_at is None and again.notified_at is not None
    assert services.escalate_due(now=timezone.now() + timedelta(minutes=10)) == []


def test_a_death_that_is_not_conflict_raises_nothing(personas, defaults):
    report = analysed_report(DROWNING, area_id=LOA_IPUH)
    assert report.reading.fatalities == 1 and report.reading.severity < 3
    assert engine.report_analysed(report) == []


def test_an_acknowledged_alert_with_news_is_new_again(personas, defaults):
    subscribe(personas["analyst"], "email", "analis@kukar.test")
    [alert] = engine.report_analysed(analysed_report(KILLING, area_id=LOA_IPUH))
    assert services.acknowledge(alert, personas["analyst"], "web")
    alert.refresh_from_db()
    assert alert.status == "diakui"
    [alert] = engine.report_analysed(analysed_report(TWO_MORE, area_id=LOA_IPUH))
    assert (alert.status, alert.acknowledged_at) == ("baru", None)
    assert services.acknowledge(alert, personas["analyst"], "link")
    alert.refresh_from_db()
    assert alert.status == "diakui"


def test_spread_to_a_second_desa_raises_awas(personas, defaults):
    event = make_event(personas["analyst"], area="64.02.06.1001", form="bentrok", injured=2)
    [alert] = engine.event_changed(event)
    assert (alert.level, alert.fatalities, alert.injured) == ("siaga", 0, 2)
    other = make_event(personas["analyst"], area=LOA_IPUH, form="bentrok", injured=1)
    [alert] = engine.event_changed(other)
    assert alert.level == "awas" and len(alert.desa) == 2 and alert.injured == 3


def test_an_event_coded_from_a_report_replaces_its_count(personas, defaults):
    from waspada.events import services as events

    report = analysed_report(KILLING, area_id=LOA_IPUH)
    [alert] = engine.report_analysed(report)
    event = events.create_event(
        user=personas["analyst"],
        reports=[report],
        event_date=timezone.localdate(),
        area_id=LOA_IPUH,
        form="bentrok",
        fatalities=1,
        summary="Bentrok pemuda, satu tewas.",
        sources=["sumber_daya_alam"],
    )
    events.verify(event, user=personas["analyst"])
    [alert] = engine.event_changed(event)
    assert alert.fatalities == 1 and set(alert.tallies) == {f"event:{event.pk}"}


def test_the_message_says_where_when_what_and_the_toll_in_local_time(personas, defaults):
    sub = subscribe(personas["analyst"], "email", "analis@kukar.test")
    report = analysed_report(KILLING, area_id=LOA_IPUH)
    [alert] = engine.report_analysed(report)
    message = Message.objects.get(alert=alert)
    local = timezone.localtime(report.received_at, timezone.get_default_timezone())
    assert f"{local:%H:%M} WITA" in message.text
    assert "Kelurahan Loa Ipuh" in message.text and "Kecamatan Tenggarong" in message.text
    assert "Seorang warga tewas dibacok" in message.text  # what happened, one sentence
    assert "Pemicunya" not in message.text
    assert "1 meninggal" in message.text
    assert "Siaga" in message.text and "/peringatan/akui/" in message.link
    assert message.payload["fatalities"] == 1 and message.payload["desa"] == [LOA_IPUH]

    # English for a subscriber who reads English.
    sub.language = "en"
    sub.save()
    english = services.compose(alert, personas["analyst"], "en")
    assert "Where: Kelurahan Loa Ipuh, Kecamatan Tenggarong" in english["text"]
    assert "1 dead" in english["text"] and "Unverified report" in english["subject"]


def test_no_casualties_line_when_none_was_stated(personas, orgs):
    from waspada.alerts.models import Rule as R

    rule = R.objects.create(
        name="kerusuhan",
        kind="urgent_event",
        forms=["kerusuhan", "perusakan", "bentrok"],
        include_reports=True,
    )
    report = analysed_report(
        "Massa merusak kantor desa di Kelurahan Loa Ipuh, Tenggarong siang ini.", area_id=LOA_IPUH
    )
    assert report.reading.fatalities is None and report.reading.injured is None
    [alert] = engine.report_analysed(report)
    assert alert.rule == rule and alert.fatalities is None
    text = services.compose(alert)["text"]
    assert "meninggal" not in text and "Korban" not in text


def test_matching_is_one_query_whatever_the_number_of_subscriptions(
    personas, orgs, django_assert_max_num_queries
):
    from waspada.alerts.matching import candidates

    for n in range(40):
        subscribe(orgs["polres"], "email", f"p{n}@kukar.test", sources=["sumber_daya_alam"])
    subscribe(orgs["polres"], "email", "agama@kukar.test", sources=["agama"])
    alert = Alert.objects.create(
        rule=None,
        area_id="64.02.06",
        level="siaga",
        title="t",
        reason="r",
        sources=["sumber_daya_alam"],
    )
    with django_assert_max_num_queries(1):
        found = list(candidates(alert, 1).values_list("pk", flat=True))
    assert len(found) == 40
