"""The whole flow through every hand-off of waspada/pipeline.py, as in production: a report
comes in through the API, the real worker runs the database queue (no periodic jobs, so that
nothing but the hand-offs moves the flow on), the real NLP reads the report, the report rules
raise an alert that reaches a webhook on loopback, the risk scores are recomputed with the
report in them, and the level they move raises the risk-level alert. Break any hand-off and
one of the checks below fails."""

import pytest
from django_tasks_db.models import DBTaskResult

from tests.alerts.conftest import make_rule, subscribe
from tests.alerts.servers import Service
from waspada.alerts.engine import URGENT_FORMS
from waspada.alerts.models import Alert, Message
from waspada.api.models import ApiToken
from waspada.intake.models import Report
from waspada.nlp import Analysis
from waspada.ops.worker import WaspadaWorker
from waspada.risk.models import RiskLevelChange, RiskRun, RiskScore

TENGGARONG, DESA = "64.02.06", "64.02.06.1001"
SECRET = "polres-hook-secret"
TEXT = (
    "Dasar kafir anjing, usir semua orang Kristen dari Tenggarong! Massa mengamuk dan "
    "membakar gereja, dua orang tewas"
)


@pytest.fixture
def hook(settings):
    settings.WASPADA_HTTP_ALLOW_PRIVATE = True
    server = Service().start()
    server.hooks["/hook"] = SECRET
    yield server
    server.stop()


def run_the_queue(rounds=20) -> list[str]:
    """Run the real worker's batches (without the periodic jobs) until the queue is empty."""
    worker = WaspadaWorker(once=True)
    for _ in range(rounds):
        if not DBTaskResult.objects.filter(status="READY").exists():
            break
        worker._batch_worker().run()
    return list(DBTaskResult.objects.order_by("enqueued_at").values_list("task_path", flat=True))


@pytest.mark.django_db(transaction=True)
def test_a_report_flows_to_an_alert_on_a_webhook_and_into_the_risk_scores(
    settings, client, personas, orgs, hook
):
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }
    settings.WASPADA_RISK_THRESHOLDS = (("waspada", 1.0), ("siaga", 2.0), ("awas", 3.0))
    urgent = make_rule("urgent_event", "siaga", include_reports=True)
    risen = make_rule("risk_level", "waspada")
    subscribe(orgs["polres"], "webhook", f"{hook.url}/hook", secret=SECRET, sources=["agama"])
    subscribe(orgs["kodim"], "webhook", f"{hook.url}/lahan", sources=["sumber_daya_alam"])

    # 1. A report comes in through the API: stored, its analysis task committed with it.
    token = ApiToken.issue(personas["reporter"], "Aplikasi Babinsa")[1]
    response = client.post(
        "/api/v1/reports/",
        {"text": TEXT, "area_code": DESA},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Token {token}",
    )
    assert response.status_code == 201, response.content
    report = Report.objects.get()
    assert report.reading is None

    ran = run_the_queue()

    # 2. The real NLP read it; the analysis is kept and read back typed.
    report.refresh_from_db()
    reading = report.reading
    assert isinstance(reading, Analysis) and "agama" in reading.source_names
    assert reading.form in URGENT_FORMS and "HS" in reading.hate_speech_labels

    # 3. The report rules raised an alert carrying the analysis' sources, and it reached the
    #    webhook subscribed to that source (signed, once), not the one for another source.
    alert = Alert.objects.get(rule=urgent)
    assert (alert.area_id, alert.sources) == (TENGGARONG, sorted(reading.source_names))
    assert alert.evidence[0] == {
        "type": "report",
        "id": report.pk,
        "url": f"/laporan/{report.pk}/",
        "label": "laporan",
    }
    delivered = [h.json() for h in hook.to("/hook")]
    assert alert.pk in [d["alert"] for d in delivered]
    assert next(d for d in delivered if d["alert"] == alert.pk)["sources"] == alert.sources
    assert hook.bad_signatures == 0
    assert "sumber_daya_alam" not in alert.sources
    assert alert.pk not in [h.json()["alert"] for h in hook.to("/lahan")]

    # 4. The risk scores were recomputed after the analysis, with the report in them.
    run = RiskRun.objects.get(kind="scores")
    assert run.started_at >= report.analysed_at
    score = RiskScore.objects.get(area_id=TENGGARONG, source="", window=90)
    hate = [i for i, _ in score.components["hate_speech"]["contributions"]]
    assert f"report:{report.pk}" in hate

    # 5. The level it moved raised the risk-level alert, delivered the same way.
    assert RiskLevelChange.objects.filter(area_id=TENGGARONG, source="").exists()
    risk_alert = Alert.objects.get(rule=risen, area_id=TENGGARONG)
    assert risk_alert.pk in [h.json()["alert"] for h in hook.to("/hook")]
    assert set(
        Message.objects.filter(address__endswith="/hook").values_list("status", flat=True)
    ) == {"sent"}

    # Each step ran as its own task, in order, and none failed.
    assert not DBTaskResult.objects.exclude(status="SUCCESSFUL").exists()
    steps = [
        "waspada.intake.tasks.analyse_report",
        "waspada.alerts.tasks.evaluate_report",
        "waspada.risk.tasks.recompute_scores",
        "waspada.alerts.tasks.evaluate_risk_changes",
    ]
    assert [path for path in ran if path in steps] == steps
    assert "waspada.alerts.tasks.deliver_message" in ran
