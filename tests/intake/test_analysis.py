"""The hand-off to analysis: every stored report is read by the NLP pipeline, the analysis is
kept and read back as a typed ``Analysis`` (``Report.reading``); the queue uses the urgency."""

import pytest

from waspada.intake import services, tasks
from waspada.intake.drafts import Draft, Raw, validate
from waspada.intake.models import Channel, Report
from waspada.nlp import Analysis, analyze

TEXT = "Warga Desa Loa Ipuh memblokade jalan tambang, dua orang luka"


def store(text, **extra):
    return services.store(
        validate(Draft(channel=Channel.API, raw=Raw(b"{}"), text=text, **extra))
    ).report


def test_the_real_pipeline_analyses_a_report(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        report = store(TEXT)
    report.refresh_from_db()
    assert report.analysed_at is not None
    reading = report.reading
    assert isinstance(reading, Analysis)
    # kept whole, read with its channel against the day it came in
    assert reading == analyze(TEXT, published_at=report.received_at, channel=report.channel)
    assert report.urgency == reading.urgency
    # The place found in the text gives the report its area when it had none.
    assert reading.primary_place and report.area_id == reading.primary_place


def test_an_unanalysed_report_has_no_reading(db):
    assert store("Isu hoaks").reading is None


def test_a_follow_up_text_is_read_again(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        report = store("Ada keributan")
    first = Report.objects.get(pk=report.pk).analysed_at
    with django_capture_on_commit_callbacks(execute=True):
        services._add_followup(
            report, Draft(channel=Channel.API, raw=Raw(b"{}"), text="dua orang tewas")
        )
    report.refresh_from_db()
    assert report.analysed_at > first and report.reading.fatalities == 2


def test_the_analysis_task_is_committed_with_the_report(db, settings):
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }
    report = store(TEXT)  # no commit yet: the task row is part of the same transaction
    task = DBTaskResult.objects.get(task_path="waspada.intake.tasks.analyse_report")
    assert task.args_kwargs["args"] == [report.pk] and task.status == "READY"


def test_the_analysis_is_handed_on_in_the_transaction_that_stores_it(db, settings):
    """With the database queue, the report rules' task is a row written with the analysis."""
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }
    report = store(TEXT)
    assert tasks.analyse_report.call(report.pk) is True
    rules = DBTaskResult.objects.get(task_path="waspada.alerts.tasks.evaluate_report")
    assert rules.args_kwargs["kwargs"] == {"report_id": report.pk}
    assert DBTaskResult.objects.filter(task_path="waspada.risk.tasks.recompute_scores").exists()


def test_a_missing_report_is_not_analysed(db):
    assert tasks.analyse_report.call(10**9) is False


@pytest.mark.parametrize(
    "stored",
    [
        # an analysis of an older version: fields it did not have take their defaults
        {"relevance": "incident", "form": "bentrok", "sources": [{"name": "agama"}]},
        # a newer one: fields this version does not know are ignored
        {"relevance": "incident", "form": "bentrok", "sources": [{"name": "agama"}], "new": 1},
        # null lists and objects read as empty
        {
            "relevance": "incident",
            "form": "bentrok",
            "sources": [{"name": "agama", "score": 0.9}],
            "places": None,
            "hate_speech": None,
        },
    ],
)
def test_a_stored_analysis_of_another_version_still_reads(db, stored):
    report = store("Bentrok")
    Report.objects.filter(pk=report.pk).update(analysis=stored)
    reading = Report.objects.get(pk=report.pk).reading
    assert (reading.relevance, reading.form, reading.source_names) == (
        "incident",
        "bentrok",
        ["agama"],
    )
    assert reading.places == [] and reading.hate_speech == {} and reading.fatalities is None


def test_the_area_risk_orders_reports_within_their_severity(db, django_capture_on_commit_callbacks):
    from django.utils import timezone

    from waspada.areas.models import Area
    from waspada.nlp import urgency
    from waspada.risk import config
    from waspada.risk.models import RiskScore

    with django_capture_on_commit_callbacks(execute=True):
        calm = store(TEXT)
    kecamatan = Area.objects.get(code=Report.objects.get(pk=calm.pk).kecamatan_code)
    RiskScore.objects.update_or_create(
        area=kecamatan,
        source="",
        window=config.headline_window(),
        defaults={
            "level_of_area": "kecamatan",
            "score": 90.0,
            "level": "awas",
            "as_of": timezone.localdate(),
            "computed_at": timezone.now(),
        },
    )
    with django_capture_on_commit_callbacks(execute=True):
        tense = store(TEXT)
    calm.refresh_from_db()
    tense.refresh_from_db()
    assert tense.urgency == urgency(tense.reading, area_risk=0.9) > calm.urgency
    # ... but never above a report of a higher severity
    assert tense.urgency < (tense.reading.severity + 1) / 6
