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


def _pdf_pages(data: bytes) -> list[str]:
    import io

    from pypdf import PdfReader

    return [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]


def test_every_pdf_page_is_marked_and_times_are_local(personas, client_for):
    import datetime as dt

    from django.utils import timezone

    analyst = personas["analyst"]
    for i in range(40):  # enough for more than one page
        make_event(analyst, form="bentrok", fatalities=1, summary=f"Bentrok warga nomor {i}")
    make_event(analyst, form="bentrok", classification="terbatas", summary="Bentrok terbatas")
    raised = timezone.now().replace(hour=1, minute=30, second=0, microsecond=0)
    Alert(
        level="siaga", title="Peringatan uji", reason="r", area_id="64.02.06", raised_at=raised
    ).save()
    response = client_for(personas["leader"]).get(reverse("bulletins:sitrep_pdf"))
    pages = _pdf_pages(response.content)
    assert len(pages) > 1
    assert all(page.count("TERBATAS") >= 2 for page in pages)  # top and bottom
    text = "\n".join(pages)
    local = timezone.localtime(raised)
    assert f"{local:%H:%M} WITA" in text and local.hour == 9  # UTC+8
    assert "Tanggapan" in text and "Tingkat risiko per kecamatan" in text
    assert dt.date.today().year >= 2026


def test_the_page_has_the_map_the_marking_and_the_response(personas, client_for):
    from datetime import date

    from waspada.areas.models import Area
    from waspada.cases.services import open_case
    from waspada.community.services import record_engagement

    analyst = personas["analyst"]
    make_event(analyst, form="bentrok", summary="Bentrok di Tenggarong")
    open_case(
        user=analyst,
        title="Sengketa batas desa",
        area=Area.objects.get(code="64.02.06"),
        classification="terbatas",
    )
    record_engagement(user=analyst, date=date.today(), area=Area.objects.get(code="64.02.06"))
    html = client_for(personas["leader"]).get(reverse("bulletins:sitrep")).content.decode()
    assert html.count('class="marking"') == 2 and "TERBATAS" in html
    assert html.count("<path ") == 20  # the kecamatan of Kutai Kartanegara
    assert "Sengketa batas desa" in html
    assert "1 kegiatan di 1 kecamatan" in html
    assert "Tidak ada peringatan dalam periode ini." in html


def test_subscribed_leaders_get_last_weeks_pdf_once(personas, client_for, mailoutbox):
    import datetime as dt

    from django.utils import timezone

    from waspada.bulletins.sitrep_delivery import send_weekly, week_to_send

    leader = personas["leader"]
    leader.email = "dandim@example.test"
    leader.save()
    client = client_for(leader)
    client.post(reverse("bulletins:sitrep_subscription"), {"active": "1"})
    # Monday 06:00 WITA: still the week before last; 08:00: last week.
    monday = dt.datetime(2026, 11, 30, 8, 0, tzinfo=timezone.get_current_timezone())
    assert week_to_send(monday) == dt.date(2026, 11, 29)
    assert week_to_send(monday.replace(hour=6)) == dt.date(2026, 11, 22)
    assert send_weekly(monday) == 1
    assert send_weekly(monday + dt.timedelta(hours=1)) == 0  # once a week
    (mail,) = mailoutbox
    assert mail.to == ["dandim@example.test"] and "29-11-2026" in mail.subject
    name, data, kind = mail.attachments[0]
    assert kind == "application/pdf" and data.startswith(b"%PDF-")
    assert "laporan-situasi-20261123-20261129" in name
    client.post(reverse("bulletins:sitrep_subscription"), {"active": "0"})
    assert send_weekly(monday + dt.timedelta(days=7)) == 0
