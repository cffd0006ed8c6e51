# ruff: noqa: F811  (pytest fixtures imported from tests/risk/db.py)
"""Scores in the database: every area, window and source; components that add up and name
their records; levels, thresholds and level changes; the recompute task and its triggers."""

import datetime as dt

import pytest
from django.db import transaction

from tests.risk.db import (  # noqa: F401  (fixtures)
    DESA,
    DESA_LOA_KULU,
    LOA_KULU,
    TENGGARONG,
    TODAY,
    make_event,
    risk_settings,
    world,
)
from waspada.areas.models import Area
from waspada.risk import config, gathering, queries, scoring, services
from waspada.risk.models import RiskLevelChange, RiskRun, RiskScore
from waspada.risk.signals import risk_level_changed

SOURCES = 8


def row(code, source="", window=90):
    return RiskScore.objects.get(area_id=code, source=source, window=window)


def ids(r, component):
    return [i for i, _ in r.components[component]["contributions"]]


def test_every_area_gets_a_score_per_window_and_source(world):
    result = services.recompute()
    n_areas = Area.objects.in_regency().filter(level__in=["kecamatan", "desa"]).count() + 1
    assert result.rows == RiskScore.objects.count() == n_areas * 3 * (1 + SOURCES)
    assert set(RiskScore.objects.values_list("window", flat=True)) == {7, 30, 90}
    assert RiskRun.objects.get(kind="scores").rows == result.rows


def test_components_sum_to_the_score_for_every_area(world):
    services.recompute()
    for r in RiskScore.objects.all():
        assert set(r.components) == set(scoring.COMPONENTS)  # (jsonb keeps no key order)
        total = sum(c["points"] for c in r.components.values())
        assert r.score == pytest.approx(total, abs=1e-9), r
        assert 0.0 <= r.score <= 100.0
        assert r.level == scoring.ScoreConfig().level(r.score)


def test_every_component_links_its_records(world, personas):
    """Each component with points names records, and each record opens as a link for a user
    who may see everything behind it (the events' own analyst)."""
    services.recompute()
    analyst = personas["analyst"]
    scored = RiskScore.objects.exclude(score=0)
    assert scored.exists()
    for r in scored:
        for name, c in r.components.items():
            if c["points"] != 0:
                assert c["contributions"], (r, name)
                assert c["n"] >= len(c["contributions"])
        resolved = queries._resolve(
            analyst, [i for c in r.components.values() for i, _ in c["contributions"]]
        )
        for c in r.components.values():
            for i, _ in c["contributions"]:
                assert i in resolved and resolved[i].url, (r, i)


def test_records_count_for_their_desa_kecamatan_and_the_regency(world):
    services.recompute()
    w = world
    desa, kec, regency = row(DESA), row(TENGGARONG), row("64.02")
    assert ids(desa, "events") == [f"event:{w['biasa'].pk}"]
    assert set(ids(kec, "events")) == {f"event:{w[k].pk}" for k in ("biasa", "terbatas", "rahasia")}
    assert f"event:{w['loa_kulu'].pk}" in ids(row(LOA_KULU), "events")
    assert f"event:{w['loa_kulu'].pk}" not in ids(kec, "events")
    assert len(ids(regency, "events")) == 4
    # A rejected event counts nowhere; the old one only in the baseline of escalation.
    everywhere = {
        i
        for r in RiskScore.objects.all()
        for c in r.components.values()
        for i, _ in c["contributions"]
    }
    assert f"event:{w['rejected'].pk}" not in everywhere
    assert f"event:{w['old'].pk}" not in everywhere
    # The prevention activity mitigates; the hate-speech report is a signal.
    assert ids(kec, "mitigation") == [f"event:{w['prevention'].pk}"]
    assert kec.components["mitigation"]["points"] < 0
    assert ids(desa, "hate_speech") == [f"report:{w['report'].pk}"]
    assert ids(kec, "hate_speech") == [f"report:{w['report'].pk}"]


def test_a_score_per_source_uses_the_records_of_that_source(world):
    services.recompute()
    agama = row(TENGGARONG, "agama")
    assert ids(agama, "events") == [f"event:{world['terbatas'].pk}"]
    assert ids(agama, "hate_speech") == [f"report:{world['report'].pk}"]
    assert ids(row(TENGGARONG, "ekonomi"), "events") == []
    # Indicators bear on their sources only: boundary disputes on batas_wilayah.
    assert f"profile:{TENGGARONG}:boundary_disputes" in ids(
        row(TENGGARONG, "batas_wilayah"), "structural"
    )
    assert f"profile:{TENGGARONG}:boundary_disputes" not in ids(agama, "structural")


def test_a_short_window_sees_only_recent_events(world):
    services.recompute()
    seven = ids(row(TENGGARONG, window=7), "events")
    assert f"event:{world['biasa'].pk}" in seven
    assert f"event:{world['rahasia'].pk}" not in seven  # ten days ago


def test_profiles_are_inherited_and_averaged(world):
    services.recompute()
    # A desa without a profile takes its kecamatan's indicators ...
    assert f"profile:{TENGGARONG}:poverty" in ids(row(DESA), "structural")
    # ... a kecamatan without one the mean of its desa's, the regency the mean of all.
    assert f"profile:{DESA_LOA_KULU}:poverty" in ids(row(LOA_KULU), "structural")
    assert row(LOA_KULU).components["structural"]["points"] == pytest.approx(
        row(DESA_LOA_KULU).components["structural"]["points"]
    )
    regency = ids(row("64.02"), "structural")
    assert f"profile:{TENGGARONG}:poverty" in regency
    assert f"profile:{DESA_LOA_KULU}:poverty" in regency
    assert row("64.02.03").components["structural"]["points"] == 0  # no profile anywhere


def test_levels_follow_the_configured_thresholds(world, settings):
    settings.WASPADA_RISK_THRESHOLDS = (("waspada", 1.0), ("siaga", 2.0), ("awas", 3.0))
    services.recompute()
    assert row(TENGGARONG).level == "awas"
    assert row("64.02.03").level == "normal"
    settings.WASPADA_RISK_THRESHOLDS = (("waspada", 97.0), ("siaga", 98.0), ("awas", 99.0))
    services.recompute()
    assert row(TENGGARONG).level == "normal"


def test_a_level_change_is_recorded_and_handed_on_after_commit(
    world, settings, django_capture_on_commit_callbacks
):
    heard = []

    def receiver(sender, change_ids, **kwargs):
        heard.append(change_ids)

    risk_level_changed.connect(receiver)
    try:
        settings.WASPADA_RISK_THRESHOLDS = (("waspada", 1.0), ("siaga", 2.0), ("awas", 3.0))
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            services.recompute()
        assert heard == []  # nothing is said before the scores are committed
        for cb in callbacks:
            cb()
        change = RiskLevelChange.objects.get(area_id=TENGGARONG, source="")
        assert (change.old_level, change.new_level, change.rising) == ("normal", "awas", True)
        assert change.score == pytest.approx(row(TENGGARONG).score)
        [said] = heard  # once per recomputation, with every change it recorded
        assert sorted(said) == sorted(RiskLevelChange.objects.values_list("pk", flat=True))
        # Only the headline (longest) window raises changes; a second run with no change
        # records nothing more.
        n = RiskLevelChange.objects.count()
        assert not RiskLevelChange.objects.exclude(
            area_id__in=RiskScore.objects.filter(window=90)
            .exclude(level="normal")
            .values("area_id")
        ).exists()
        with django_capture_on_commit_callbacks(execute=True):
            services.recompute()
        assert RiskLevelChange.objects.count() == n and len(heard) == 1
        settings.WASPADA_RISK_THRESHOLDS = (("waspada", 97.0), ("siaga", 98.0), ("awas", 99.0))
        with django_capture_on_commit_callbacks(execute=True):
            services.recompute()
        back = RiskLevelChange.objects.filter(area_id=TENGGARONG, source="").first()
        assert (back.old_level, back.new_level, back.rising) == ("awas", "normal", False)
        assert back.pk in heard[-1]
    finally:
        risk_level_changed.disconnect(receiver)


def test_the_risk_level_rules_are_enqueued_with_the_scores(world, settings):
    """With the database queue, the alerts' task is a row of the transaction that stored the
    changes: a crash after the commit cannot lose them."""
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }
    settings.WASPADA_RISK_THRESHOLDS = (("waspada", 1.0), ("siaga", 2.0), ("awas", 3.0))
    with pytest.raises(RuntimeError), transaction.atomic():
        services.recompute()
        raise RuntimeError("the transaction does not commit")
    assert not DBTaskResult.objects.filter(task_path__startswith="waspada.alerts").exists()
    services.recompute()
    [task] = DBTaskResult.objects.filter(task_path="waspada.alerts.tasks.evaluate_risk_changes")
    assert sorted(task.args_kwargs["kwargs"]["change_ids"]) == sorted(
        RiskLevelChange.objects.values_list("pk", flat=True)
    )


def test_a_change_to_an_event_enqueues_one_recompute_on_commit(
    risk_settings, personas, django_capture_on_commit_callbacks
):
    from waspada.events.services import verify

    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        event = make_event(personas, TENGGARONG, 1, form="perusakan")
        verify(event, user=personas["analyst"])
        make_event(personas, LOA_KULU, 2)
    risk_callbacks = [
        c for c in callbacks if getattr(c, "__module__", "") == "waspada.risk.triggers"
    ]
    # one recompute of the scores and one of the forecast (the nowcast), however many changes
    assert sorted(c.__name__ for c in risk_callbacks) == ["_enqueue", "_enqueue_forecast"]
    assert RiskScore.objects.exists()  # the immediate backend ran the task


def test_the_task_recomputes(world):
    from waspada.risk.tasks import recompute_scores

    result = recompute_scores.enqueue()
    assert result.return_value["rows"] == RiskScore.objects.count() > 0


def test_the_nightly_job_is_registered():
    from waspada.ops import periodic

    assert "risk.nightly" in periodic.registered()


def test_an_engagement_counts_for_its_desa_kecamatan_and_the_regency(world, personas):
    from waspada.community.services import record_engagement

    mediation = record_engagement(
        user=personas["analyst"],
        date=TODAY - dt.timedelta(days=1),
        area=Area.objects.get(code=DESA),
        type="mediasi",
    )
    services.recompute()
    for code in (DESA, TENGGARONG, "64.02"):
        assert ids(row(code), "mitigation").count(f"engagement:{mediation.pk}") == 1
    assert f"engagement:{mediation.pk}" not in ids(row(LOA_KULU), "mitigation")


def test_engagement_activities_of_the_community_app_mitigate(world, personas):
    from waspada.community.services import record_engagement

    mediation = record_engagement(
        user=personas["analyst"],
        date=TODAY - dt.timedelta(days=3),
        area=Area.objects.get(code=TENGGARONG),
        type="mediasi",
        classification="rahasia",
    )
    services.recompute()
    assert f"engagement:{mediation.pk}" in ids(row(TENGGARONG), "mitigation")
    assert f"engagement:{mediation.pk}" in ids(row("64.02"), "mitigation")
    # The panel links it for those who may read it, and only for them.
    seen = queries._resolve(personas["analyst"], [f"engagement:{mediation.pk}"])
    assert seen[f"engagement:{mediation.pk}"].url.endswith(f"/{mediation.pk}/")
    assert queries._resolve(personas["partner"], [f"engagement:{mediation.pk}"]) == {}


def test_recorded_engagement_and_analysed_texts_ask_for_one_recompute(world, personas, settings):
    """The hand-offs of waspada/pipeline.py: each change that bears on the scores enqueues a
    recomputation in its own transaction, one while one is waiting."""
    from django_tasks_db.models import DBTaskResult

    from waspada.community.services import record_engagement
    from waspada.intake.signals import report_analysed
    from waspada.media.signals import article_analysed

    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }
    waiting = DBTaskResult.objects.filter(task_path="waspada.risk.tasks.recompute_scores")
    changes = [
        lambda: record_engagement(
            user=personas["analyst"], date=TODAY, area=Area.objects.get(code=TENGGARONG)
        ),
        lambda: report_analysed.announce(report_id=world["report"].pk),
        lambda: article_analysed.announce(article_id=1),
    ]
    for change in changes:
        waiting.delete()
        change()
        change()
        assert waiting.filter(status="READY").count() == 1


def test_the_stored_scores_are_score_areas_of_each_areas_own_records(world, personas, settings):
    """What the recompute stores (all areas at once, from columns) is, to the bit, what
    ``score_area`` makes of the records ``gather`` gathers for one area (the panel's trend):
    the two gatherings share their filters and the order they add the records up in."""
    from waspada.intake.models import Report

    for k in range(4):  # ties: the same day, form and verification
        make_event(personas, DESA, 1 + k % 2, sources=("agama", "etnis"))
        make_event(personas, DESA_LOA_KULU, 40, form="ancaman", verification="belum")
    severe = world["report"]  # now also read as a severe incident no event was coded from
    reading = {**severe.analysis, "relevance": "incident", "severity": 5, "fatalities": 1}
    Report.objects.filter(pk=severe.pk).update(analysis=reading)
    services.recompute()
    keep = settings.WASPADA_RISK_STORED_RECORDS
    seen = set()
    for code in (DESA, TENGGARONG, LOA_KULU, DESA_LOA_KULU, "64.02"):
        for window in config.windows():
            cfg = config.config_for(window)
            rec = gathering.gather(TODAY, cfg, within=code).records[code]
            for source in (None, *services.SOURCES):
                s = scoring.score_area(
                    code,
                    TODAY,
                    rec.events,
                    rec.signals,
                    rec.indicators,
                    rec.engagements,
                    cfg,
                    source=source,
                )
                r = row(code, source or "", window)
                assert (r.score, r.level) == (s.score, s.level), (code, source, window)
                assert r.components == services.stored_components(s, keep)
                seen.update(c.name for c in s.components if c.points)
    assert f"report:{severe.pk}" in ids(row(DESA), "events")
    assert seen == set(scoring.COMPONENTS)  # every component had points somewhere
