"""Rules raise alerts; one open alert per rule and area; who is told; throttling."""

from datetime import timedelta

import pytest
from django.utils import timezone

from waspada.alerts import engine, services
from waspada.alerts.models import Alert, Message, RuleVersion
from waspada.areas.models import Area

from .conftest import make_event, make_rule, subscribe

TENGGARONG, LOA_KULU = "64.02.06", "64.02.02"


@pytest.fixture
def tenggarong(db):
    return Area.objects.get(code=TENGGARONG)


def test_a_risk_level_reaching_the_rule_raises_an_alert(personas, tenggarong):
    rule = make_rule("risk_level", "siaga")
    subscribe(personas["analyst"], "email", "analis@kukar.test")
    [alert] = engine.risk_level_changed(
        area=tenggarong, source="agama", old="waspada", new="siaga", score=61.0
    )
    assert (alert.level, alert.area_id, alert.rule, alert.sources) == (
        "siaga",
        TENGGARONG,
        rule,
        ["agama"],
    )
    assert "61" in alert.reason and alert.evidence[0]["url"] == f"/wilayah/{TENGGARONG}/"
    assert Message.objects.filter(alert=alert, address="analis@kukar.test").count() == 1


def test_a_lower_level_or_a_fall_raises_nothing(personas, tenggarong):
    make_rule("risk_level", "siaga")
    assert (
        engine.risk_level_changed(
            area=tenggarong, source=None, old="normal", new="waspada", score=30
        )
        == []
    )
    assert (
        engine.risk_level_changed(area=tenggarong, source=None, old="awas", new="siaga", score=55)
        == []
    )


def test_a_rule_limited_to_areas_and_sources_ignores_others(personas, tenggarong):
    make_rule("risk_level", "waspada", areas=[Area.objects.get(code=LOA_KULU)], sources=["agama"])
    assert (
        engine.risk_level_changed(
            area=tenggarong, source="agama", old="normal", new="awas", score=90
        )
        == []
    )
    loa_kulu = Area.objects.get(code=LOA_KULU)
    assert (
        engine.risk_level_changed(area=loa_kulu, source="etnis", old="normal", new="awas", score=90)
        == []
    )
    assert (
        len(
            engine.risk_level_changed(
                area=loa_kulu, source="agama", old="normal", new="awas", score=90
            )
        )
        == 1
    )


def test_one_open_alert_per_rule_and_area_is_updated_not_duplicated(personas, tenggarong):
    make_rule("risk_level", "waspada", throttle_minutes=60)
    subscribe(personas["analyst"], "email", "analis@kukar.test")
    [first] = engine.risk_level_changed(
        area=tenggarong, source=None, old="normal", new="waspada", score=30
    )
    [again] = engine.risk_level_changed(
        area=tenggarong, source=None, old="normal", new="waspada", score=31
    )
    assert again.pk == first.pk and again.occurrences == 2
    assert Message.objects.filter(alert=first).count() == 1  # throttled
    [raised] = engine.risk_level_changed(
        area=tenggarong, source=None, old="waspada", new="awas", score=80
    )
    assert raised.pk == first.pk and raised.level == "awas"
    assert Message.objects.filter(alert=first).count() == 2  # a raised level is news
    Alert.objects.filter(pk=first.pk).update(status="ditutup")
    [fresh] = engine.risk_level_changed(
        area=tenggarong, source=None, old="normal", new="waspada", score=30
    )
    assert fresh.pk != first.pk


def test_an_urgent_event_raises_an_alert_for_its_kecamatan(personas):
    make_rule("urgent_event", "awas", min_fatalities=1)
    event = make_event(personas["analyst"], area="64.02.06.1001", form="sengketa", fatalities=2)
    [alert] = engine.event_changed(event)
    assert alert.area_id == TENGGARONG and alert.level == "awas"
    assert alert.evidence[0] == {
        "type": "event",
        "id": event.pk,
        "url": f"/peristiwa/{event.pk}/",
        "label": alert.evidence[0]["label"],
    }
    assert engine.event_changed(make_event(personas["analyst"], form="sengketa")) == []


def test_n_events_within_the_window_raise_an_alert(personas):
    make_rule("event_count", "waspada", count=3, forms=["unjuk_rasa", "blokade"])
    for _ in range(2):
        assert engine.event_changed(make_event(personas["analyst"], form="blokade")) == []
    [alert] = engine.event_changed(make_event(personas["analyst"], form="unjuk_rasa"))
    assert len(alert.evidence) == 3


def test_a_hate_speech_surge_counts_events_and_flagged_reports(personas):
    from waspada.intake.models import Report

    make_rule("hate_speech", "waspada", count=3, window_hours=48)
    for n in range(2):
        Report.objects.create(
            channel="web",
            text=f"ujaran {n}",
            area_id=TENGGARONG,
            analysis={"hate_speech_labels": ["HS"]},
        )
    [alert] = engine.event_changed(make_event(personas["analyst"], form="ujaran_kebencian"))
    assert {e["type"] for e in alert.evidence} == {"event", "report"}


def test_old_events_coded_or_imported_now_raise_nothing(personas):
    make_rule("urgent_event", "siaga")
    old = make_event(personas["analyst"], form="kerusuhan")
    old.event_date = timezone.localdate() - timedelta(days=400)
    assert engine.event_changed(old) == []


def test_unverified_and_rejected_events_raise_nothing(personas):
    make_rule("urgent_event", "siaga")
    assert (
        engine.event_changed(make_event(personas["analyst"], form="kerusuhan", verify=False)) == []
    )
    rejected = make_event(
        personas["analyst"], form="kerusuhan", verify=False, verification="ditolak"
    )
    assert engine.event_changed(rejected) == []


def test_rules_are_versioned(personas):
    rule = make_rule("urgent_event", "siaga")
    rule.level = "awas"
    rule.save()
    assert rule.version == 2
    assert list(RuleVersion.objects.filter(rule=rule).values_list("version", "data__level")) == [
        (2, "awas"),
        (1, "siaga"),
    ]


def test_subscribers_get_what_matches_level_area_source_and_quiet_hours(personas, orgs, tenggarong):
    from datetime import time

    make_rule("risk_level", "waspada")
    analyst, leader, reporter = personas["analyst"], personas["leader"], personas["reporter"]
    subscribe(analyst, "email", "a@kukar.test", min_level="siaga")
    subscribe(leader, "email", "l@kukar.test", areas=[Area.objects.get(code=LOA_KULU)])
    subscribe(reporter, "email", "r@kukar.test", sources=["agama"])
    subscribe(orgs["polres"], "email", "polres@kukar.test")
    now = timezone.localtime()
    quiet = subscribe(
        personas["admin"],
        "email",
        "admin@kukar.test",
        quiet_start=(now - timedelta(hours=1)).time(),
        quiet_end=(now + timedelta(hours=1)).time(),
    )
    [alert] = engine.risk_level_changed(
        area=tenggarong, source="etnis", old="normal", new="waspada", score=30
    )
    assert set(Message.objects.filter(alert=alert).values_list("address", flat=True)) == {
        "polres@kukar.test"
    }
    services.raise_alert(
        rule=alert.rule,
        area=tenggarong,
        level="awas",
        title="t",
        reason="r",
        evidence=[],
        sources=["agama"],
    )
    assert set(Message.objects.filter(alert=alert).values_list("address", flat=True)) == {
        "polres@kukar.test",
        "a@kukar.test",
        "r@kukar.test",
        "admin@kukar.test",
    }
    assert quiet.quiet_start != time(0)


def test_a_partner_subscribed_to_a_rahasia_events_area_receives_nothing(personas, orgs):
    make_rule("urgent_event", "siaga")
    make_rule("risk_level", "waspada")
    subscribe(personas["partner"], "email", "mitra@fkub.test", min_level="normal")
    subscribe(orgs["fkub"], "webhook", "http://127.0.0.1:9/fkub", min_level="normal")
    subscribe(orgs["polres"], "email", "polres@kukar.test", min_level="normal")
    subscribe(personas["analyst"], "email", "analis@kukar.test", min_level="normal")
    event = make_event(
        personas["analyst"],
        form="kerusuhan",
        classification="rahasia",
        summary="Informasi intelijen",
    )
    [alert] = engine.event_changed(event)
    [risk] = engine.risk_level_changed(
        area=Area.objects.get(code=TENGGARONG), source=None, old="normal", new="siaga", score=60
    )
    assert alert.classification == risk.classification == "rahasia"
    # Only the owning organisation's analyst hears of it; no organisation-wide channel does.
    assert set(Message.objects.values_list("address", flat=True)) == {"analis@kukar.test"}


RIOT = (
    "Kerusuhan pecah di pasar Tenggarong setelah isu penistaan agama, massa membakar kios, "
    "dua orang tewas"
)


def analysed_report(text, **fields):
    """A report with the real analysis of ``text`` (as ``intake.tasks.analyse_report`` keeps
    it)."""
    from waspada.intake.models import Report
    from waspada.nlp import analyze

    return Report.objects.create(
        channel="web", text=text, analysis=analyze(text).as_dict(), **fields
    )


def test_a_report_the_analysis_reads_as_urgent_raises_an_alert_when_the_rule_says_so(
    personas, orgs
):
    rule = make_rule("urgent_event", "siaga", forms=["kerusuhan"])
    subscribe(orgs["polres"], "email", "polres@kukar.test")
    report = analysed_report(RIOT, area_id="64.02.06.1001", classification="terbatas")
    assert report.reading.form == "kerusuhan"
    assert engine.report_analysed(report) == []  # reports count only where the rule says so
    rule.include_reports = True
    rule.save()
    [alert] = engine.report_analysed(report)
    assert (alert.area_id, alert.classification) == (TENGGARONG, "terbatas")
    assert alert.evidence[0]["type"] == "report"
    assert report.reading.fatalities == alert.fatalities == 2
    assert Message.objects.filter(alert=alert, address="polres@kukar.test").exists()


def test_a_report_alert_carries_the_sources_the_analysis_found(personas, orgs):
    """The analysis names its sources ``name``; the alert must carry them, and a subscriber
    who follows other sources must not hear of it."""
    make_rule("urgent_event", "siaga", forms=["kerusuhan"], include_reports=True)
    subscribe(orgs["polres"], "email", "agama@kukar.test", sources=["agama"])
    subscribe(orgs["kodim"], "email", "lahan@kukar.test", sources=["sumber_daya_alam"])
    report = analysed_report(RIOT, area_id="64.02.06.1001")
    found = report.reading.source_names
    assert "agama" in found and "sumber_daya_alam" not in found
    [alert] = engine.report_analysed(report)
    assert alert.sources == sorted(found)
    addresses = set(Message.objects.filter(alert=alert).values_list("address", flat=True))
    assert addresses == {"agama@kukar.test"}


def test_a_report_rule_limited_to_sources_ignores_reports_of_others(personas):
    make_rule("urgent_event", "siaga", forms=["kerusuhan"], include_reports=True, sources=["etnis"])
    report = analysed_report(RIOT, area_id="64.02.06.1001")
    assert "etnis" not in report.reading.source_names
    assert engine.report_analysed(report) == []
