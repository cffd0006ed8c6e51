"""Events coded with names, not codes; a wrong link undone; reports follow their events."""

import pytest
from django.urls import reverse

from waspada.events import services
from waspada.events.models import EventHistory
from waspada.intake.models import ReportLog, Status
from waspada.intake.services import status_message

pytestmark = pytest.mark.django_db


def _form(**extra):
    return {
        "event_date": "2026-11-02",
        "time_precision": 1,
        "area": "Rapak Lambur",
        "relevance": "incident",
        "form": "bentrok",
        "fatalities": 0,
        "injured": 0,
        "displaced": 0,
        "summary": "Bentrok antarwarga",
        "classification": "biasa",
        **extra,
    }


def test_the_event_form_takes_a_desa_by_name(personas, client_for, make_report):
    report = make_report("Bentrok di Rapak Lambur")
    client = client_for(personas["analyst"])
    response = client.post(reverse("events:create") + f"?report={report.pk}", _form())
    assert response.status_code == 302
    event = report.events.get()
    assert event.area_id == "64.02.06.2012"
    report.refresh_from_db()
    assert report.status == Status.DIPROSES  # an event was coded from it


def test_an_unknown_name_is_refused_with_a_clear_message(personas, client_for):
    client = client_for(personas["analyst"])
    response = client.post(reverse("events:create"), _form(area="Kampung Antah Berantah"))
    assert response.status_code == 200
    assert "Tidak ada desa, kelurahan atau kecamatan" in response.content.decode()


def test_the_event_picker_finds_by_number_and_words(personas, client_for, make_event):
    event = make_event(personas["analyst"])
    client = client_for(personas["analyst"])
    by_number = client.get(reverse("events:search"), {"q": f"#{event.pk}"}).json()["results"]
    by_words = client.get(reverse("events:search"), {"q": "antarwarga"}).json()["results"]
    assert [r["value"] for r in by_number] == [event.pk] == [r["value"] for r in by_words]
    outsider = client_for(personas["outsider_analyst"])
    assert outsider.get(reverse("events:search"), {"q": "antarwarga"}).json()["results"] == []


def test_reports_follow_verification_and_rejection(personas, make_event, make_report):
    report = make_report("Bentrok di pasar")
    event = make_event(personas["analyst"], reports=[report])
    report.refresh_from_db()
    assert report.status == Status.DIPROSES
    services.verify(event, user=personas["analyst"])
    report.refresh_from_db()
    assert report.status == Status.TERVERIFIKASI
    assert "terverifikasi" in status_message(report).lower()
    assert "peristiwa yang Anda laporkan telah diverifikasi" in status_message(report)
    assert "verified" in status_message(report, "en")
    services.reject(event, user=personas["analyst"], reason="Bukan konflik")
    report.refresh_from_db()
    assert report.status == Status.DITOLAK and report.status_reason


def test_a_wrong_link_is_undone(personas, client_for, make_event, make_report):
    report = make_report("Laporan yang salah dikaitkan")
    event = make_event(personas["analyst"])
    client = client_for(personas["analyst"])
    client.post(reverse("events:attach", args=[event.pk]), {"report": report.pk})
    report.refresh_from_db()
    assert report.status == Status.DIPROSES
    page = client.get(reverse("events:detail", args=[event.pk])).content.decode()
    assert reverse("events:detach", args=[event.pk]) in page
    response = client.post(reverse("events:detach", args=[event.pk]), {"report": report.pk})
    assert response.status_code == 302
    assert not event.reports.filter(pk=report.pk).exists()
    assert EventHistory.objects.filter(event=event, action="detach").exists()
    report.refresh_from_db()
    assert report.status == Status.DIPROSES
    assert ReportLog.objects.filter(report=report, kind="status").count() == 1  # no churn
    # A field reporter may not unlink.
    other = make_report("Lagi")
    services.attach_reports(event, [other], user=personas["analyst"])
    reporter = client_for(personas["reporter"])
    assert (
        reporter.post(reverse("events:detach", args=[event.pk]), {"report": other.pk}).status_code
        == 403
    )


def test_the_tracking_page_says_what_the_status_means(personas, client, make_event, make_report):
    report = make_report("Bentrok di pasar")
    services.verify(make_event(personas["analyst"], reports=[report]), user=personas["analyst"])
    page = client.get(reverse("intake:track_code", args=[report.tracking_code])).content.decode()
    assert "peristiwa yang Anda laporkan telah diverifikasi" in page


def test_a_report_is_linked_from_its_own_page_and_unlinked_there(
    personas, client_for, make_event, make_report
):
    report = make_report("Bentrok di pasar")
    event = make_event(personas["analyst"])
    client = client_for(personas["analyst"])
    page = client.get(reverse("intake:detail", args=[report.pk])).content.decode()
    assert 'id="link-event"' in page and reverse("events:search") in page
    response = client.post(reverse("events:link"), {"report": report.pk, "event": f"#{event.pk}"})
    assert response["Location"] == reverse("intake:detail", args=[report.pk])
    assert list(report.events.all()) == [event]
    client.post(reverse("events:detach", args=[event.pk]), {"report": report.pk, "next": "report"})
    assert not report.events.exists()
    # A number the user may not see links nothing.
    hidden = make_event(personas["analyst"], classification="rahasia")
    outsider = client_for(personas["outsider_analyst"])
    outsider.post(reverse("events:link"), {"report": report.pk, "event": hidden.pk})
    assert not report.events.exists()


def test_the_report_page_says_the_status_in_words(personas, client_for, make_event, make_report):
    report = make_report("Bentrok di pasar")
    event = make_event(personas["analyst"], reports=[report])
    analyst = client_for(personas["analyst"]).get(reverse("intake:detail", args=[report.pk]))
    html = analyst.content.decode()
    assert f"Baru → Diproses (mengikuti peristiwa #{event.pk})" in html
    assert "baru → diproses" not in html
    # The reporter reads what the status means on the report's own page.
    mine = client_for(personas["reporter"]).get(reverse("intake:detail", args=[report.pk]))
    assert "sebuah peristiwa telah dicatat dari laporan Anda" in mine.content.decode()
