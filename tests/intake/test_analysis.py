"""The hand-off to analysis: every stored report gets analysed; the queue uses the urgency."""

import importlib.util

import pytest

from waspada.intake import services, tasks
from waspada.intake.drafts import Draft, Raw, validate
from waspada.intake.models import Channel, Report

HAS_NLP = importlib.util.find_spec("waspada.nlp") is not None and hasattr(
    importlib.import_module("waspada.nlp"), "analyze"
)


def store(text, **extra):
    return services.store(
        validate(Draft(channel=Channel.API, raw=Raw(b"{}"), text=text, **extra))
    ).report


@pytest.mark.skipif(not HAS_NLP, reason="waspada.nlp.analyze is not installed")
def test_the_real_pipeline_analyses_a_report(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        report = store("Warga Desa Loa Ipuh memblokade jalan tambang, dua orang luka")
    report.refresh_from_db()
    assert report.analysed_at is not None
    assert report.analysis["relevance"] in ("incident", "tension", "prevention", "none")
    assert isinstance(report.urgency, float)
    # The place found in the text gives the report its area when it had none.
    if report.analysis.get("primary_place"):
        assert report.area_id == report.analysis["primary_place"]


def test_without_the_pipeline_the_task_does_nothing(db, monkeypatch):
    monkeypatch.setattr(tasks, "_analyzer", lambda: None)
    report = store("Isu hoaks")
    assert tasks.analyse_report.call(report.pk) is False
    assert Report.objects.get(pk=report.pk).analysed_at is None


def test_an_analysis_dataclass_is_stored_as_json_with_its_urgency(db, monkeypatch):
    from dataclasses import dataclass, field

    @dataclass
    class Analysis:
        relevance: str = "incident"
        urgency: float = 0.75
        places: list = field(default_factory=lambda: [{"code": "64.02.02"}])
        primary_place: str = "64.02.02"

    monkeypatch.setattr(tasks, "_analyzer", lambda: lambda text, published_at=None: Analysis())
    report = store("Bentrok")
    assert tasks.analyse_report.call(report.pk) is True
    report.refresh_from_db()
    assert report.analysis["relevance"] == "incident" and report.urgency == 0.75
    assert report.kecamatan_code == "64.02.02"


def test_the_safety_net_requeues_old_unanalysed_reports(db, monkeypatch):
    from datetime import timedelta

    from django.utils import timezone

    monkeypatch.setattr(tasks, "_analyzer", lambda: lambda text, published_at=None: {})
    old, new = store("lama"), store("baru")  # no commit here: neither hand-off ran
    Report.objects.filter(pk=old.pk).update(received_at=timezone.now() - timedelta(hours=1))
    assert tasks.analyse_pending.call() == 1  # tasks run at once in these tests
    assert Report.objects.get(pk=old.pk).analysed_at is not None
    assert Report.objects.get(pk=new.pk).analysed_at is None


@pytest.mark.parametrize(
    ("analysis", "urgency"),
    [
        ({"urgency": 0.8}, 0.8),
        ({"urgency": {"score": 3}}, 3.0),
        ({"relevance": "none"}, None),
    ],
)
def test_urgency_is_read_under_the_names_it_may_have(analysis, urgency):
    assert tasks.urgency_of(analysis) == urgency
