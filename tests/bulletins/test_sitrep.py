"""Situation reports: what the reader may see, as HTML and as PDF."""

from django.urls import reverse

from tests.alerts.conftest import make_event
from waspada.alerts.models import Alert


def test_the_weekly_report_counts_what_the_reader_may_see(personas, client_for):
    analyst = personas["analyst"]
    make_event(analyst, form="bentrok", fatalities=2, summary="Bentrok di Tenggarong")
    make_event(analyst, form="unjuk_rasa", area="64.02.02", summary="Unjuk rasa")
    make_event(analyst, form="kerusuhan", classification="rahasia", summary="Rahasia sekali")
    Alert(level="siaga", title="Peringatan uji", reason="r", area_id="64.02.06").save()
    report = client_for(analyst).get(reverse("bulletins:sitrep")).context["report"]
    assert (report.events, report.fatalities, len(report.alerts)) == (3, 2, 1)
    assert report.by_kecamatan[0][:2] == ("Tenggarong", 2)
    leader = client_for(personas["leader"]).get(reverse("bulletins:sitrep"))
    assert leader.context["report"].events == 2  # the rahasia event is Kesbangpol's own
    assert "Rahasia sekali" not in leader.content.decode()


def test_the_monthly_report_starts_on_the_first(personas, client_for):
    response = client_for(personas["leader"]).get(
        reverse("bulletins:sitrep"), {"period": "monthly", "end": "2026-11-20"}
    )
    report = response.context["report"]
    assert (str(report.start), str(report.end)) == ("2026-11-01", "2026-11-20")


def test_the_pdf_is_a_pdf(personas, client_for):
    make_event(personas["analyst"], form="bentrok", fatalities=1, summary="Bentrok – warga")
    response = client_for(personas["leader"]).get(reverse("bulletins:sitrep_pdf"))
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-") and len(response.content) > 1000
    assert "laporan-situasi-" in response["Content-Disposition"]
