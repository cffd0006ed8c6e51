"""The nowcast: the forecast and the scores take a verified event or a severe report within
minutes of it (the hand-offs of waspada/pipeline.py enqueue the work), not at the nightly
refit; the public bulletin's levels are those of the map."""

import datetime as dt

import pytest
from django.utils import timezone

from waspada.risk.models import RiskForecast, RiskScore

TENGGARONG, LOA_IPUH = "64.02.06", "64.02.06.1002"
KILLING = (
    "Seorang warga tewas dibacok dalam bentrok antar kelompok pemuda di Kelurahan Loa Ipuh, "
    "Tenggarong, tadi malam."
)


@pytest.fixture
def immediate(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.WASPADA_RISK_WINDOWS = (7, 30, 90)
    return settings


def clash(personas, days_ago=0, verify=True):
    from waspada.areas.models import Area
    from waspada.events import services

    event = services.create_event(
        user=personas["analyst"],
        event_date=timezone.localdate() - dt.timedelta(days=days_ago),
        area=Area.objects.get(code=LOA_IPUH),
        form="bentrok",
        relevance="incident",
        summary="Bentrok antar kelompok pemuda",
        sources=["sumber_daya_alam"],
    )
    if verify:
        services.verify(event, user=personas["analyst"])
    return event


def p_of(code):
    return RiskForecast.objects.get(area_id=code).probability


@pytest.mark.django_db(transaction=True)
def test_three_verified_clashes_raise_the_forecast_at_once(immediate, personas):
    clash(personas, days_ago=300)  # each change commits, as in production
    before = p_of(TENGGARONG)
    for _ in range(3):
        clash(personas)
    after = RiskForecast.objects.get(area_id=TENGGARONG)
    assert after.last_30_days == 3
    assert after.probability > before + 0.1, (before, after.probability)


@pytest.mark.django_db(transaction=True)
def test_a_severe_report_counts_before_anyone_codes_it(immediate, personas):
    from waspada.intake.drafts import Draft, Raw, validate
    from waspada.intake.services import store

    report = store(
        validate(Draft(channel="web", raw=Raw(body=KILLING.encode()), text=KILLING))
    ).report
    report.refresh_from_db()
    assert report.reading.severity == 5 and report.area_id == LOA_IPUH
    score = RiskScore.objects.get(area_id=TENGGARONG, source="", window=90)
    contributions = [i for i, _ in score.components["events"]["contributions"]]
    assert f"report:{report.pk}" in contributions
    assert RiskForecast.objects.get(area_id=TENGGARONG).last_30_days == 1

    # Once an analyst codes the event from it, the event counts instead (not both).
    from waspada.events import services

    services.create_event(
        user=personas["analyst"],
        reports=[report],
        event_date=timezone.localdate(),
        area_id=LOA_IPUH,
        form="bentrok",
        relevance="incident",
        fatalities=1,
        summary="Bentrok pemuda",
        sources=["sumber_daya_alam"],
    )
    score = RiskScore.objects.get(area_id=TENGGARONG, source="", window=90)
    contributions = [i for i, _ in score.components["events"]["contributions"]]
    assert f"report:{report.pk}" not in contributions
    assert RiskForecast.objects.get(area_id=TENGGARONG).last_30_days == 1


def test_a_report_that_is_not_severe_does_not_refit_the_forecast(
    immediate, personas, django_capture_on_commit_callbacks
):
    from waspada.intake.drafts import Draft, Raw, validate
    from waspada.intake.services import store

    text = "Warga Loa Ipuh mengadakan musyawarah soal batas lahan, suasana tenang."
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        store(validate(Draft(channel="web", raw=Raw(body=text.encode()), text=text)))
    assert not any(getattr(c, "__name__", "") == "_enqueue_forecast" for c in callbacks)
    assert not RiskForecast.objects.exists()
