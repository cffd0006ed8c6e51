"""The analysts' triage queue and actions, and who may see what."""

import re

import pytest

from waspada.accounts.models import Classification
from waspada.intake import services
from waspada.intake.drafts import Draft, Raw, validate
from waspada.intake.models import Channel, Report, Status

from .conftest import BOT_TOKEN


def make(text, *, channel=Channel.PUBLIC, area="64.02.06.1002", urgency=None, **extra):
    draft = Draft(channel=channel, raw=Raw(b"{}"), text=text, area_code=area, **extra)
    report = services.store(validate(draft)).report
    if urgency is not None:
        Report.objects.filter(pk=report.pk).update(urgency=urgency)
    return Report.objects.get(pk=report.pk)


@pytest.fixture
def reports(db):
    return {
        "calm": make("Rapat koordinasi FKUB", urgency=0.1),
        "hot": make("Bentrok, dua orang luka", urgency=0.9),
        "unanalysed": make("Isu hoaks"),
        "loa_kulu": make("Sengketa batas desa", area="64.02.02", urgency=0.5),
    }


def codes(response):
    """The tracking codes of the queue's rows, in the order the page shows them."""
    return re.findall(r'<tr><td><a href="/laporan/\d+/">([^<]+)</a>', response.content.decode())


def test_the_queue_is_ordered_by_urgency_then_time(reports, personas, client_for):
    response = client_for(personas["analyst"]).get("/laporan/triase/")
    assert codes(response) == [
        reports[k].tracking_code for k in ("hot", "loa_kulu", "calm", "unanalysed")
    ]


def test_the_queue_filters(reports, personas, client_for):
    client = client_for(personas["analyst"])
    assert codes(client.get("/laporan/triase/?kecamatan=64.02.02")) == [
        reports["loa_kulu"].tracking_code
    ]
    assert codes(client.get("/laporan/triase/?channel=sms")) == []
    services.change_status(
        reports["calm"], Status.DITOLAK, actor=personas["analyst"], reason="bukan konflik"
    )
    assert reports["calm"].tracking_code not in codes(client.get("/laporan/triase/"))
    assert codes(client.get("/laporan/triase/?status=ditolak")) == [reports["calm"].tracking_code]
    assert len(codes(client.get("/laporan/triase/?classification=terbatas"))) == 3


def test_an_analyst_sees_only_the_area_in_scope(reports, personas, client_for):
    response = client_for(personas["outsider_analyst"]).get("/laporan/triase/")
    assert codes(response) == [reports["loa_kulu"].tracking_code]
    assert (
        client_for(personas["outsider_analyst"]).get(f"/laporan/{reports['hot'].pk}/").status_code
        == 403
    )


@pytest.mark.parametrize("persona", ["reporter", "partner", "leader"])
def test_others_have_no_queue(personas, client_for, persona):
    assert client_for(personas[persona]).get("/laporan/triase/").status_code == 403


def test_actions_duplicate_reject_classify_note(reports, personas, client_for):
    client = client_for(personas["analyst"])
    hot, calm = reports["hot"], reports["calm"]
    url = f"/laporan/{calm.pk}/tindak/"
    client.post(url, {"action": "duplicate", "duplicate_of": hot.tracking_code.lower()})
    calm.refresh_from_db()
    assert calm.status == Status.DUPLIKAT and calm.duplicate_of == hot
    client.post(url, {"action": "reject", "reason": ""})
    calm.refresh_from_db()
    assert calm.status == Status.DUPLIKAT  # a rejection needs a reason
    client.post(url, {"action": "reject", "reason": "Bukan konflik sosial"})
    client.post(url, {"action": "classify", "classification": Classification.RAHASIA})
    client.post(url, {"action": "note", "note": "Dicek ke Babinsa"})
    calm.refresh_from_db()
    assert (calm.status, calm.status_reason) == (Status.DITOLAK, "Bukan konflik sosial")
    assert calm.classification == Classification.RAHASIA
    assert calm.organisation == personas["analyst"].organisation
    assert [e.kind for e in calm.log.all()] == ["status", "status", "classify", "note"]
    page = client.get(f"/laporan/{calm.pk}/").content.decode()
    assert "Dicek ke Babinsa" in page
    for action in ("status", "reject", "duplicate", "classify", "note"):
        assert f'name="action" value="{action}"' in page


def test_a_reporter_cannot_act_but_sees_their_own_report(db, personas, client_for):
    reporter = personas["reporter"]
    mine = make(
        "Laporan Babinsa",
        channel=Channel.WEB,
        created_by=reporter,
        organisation=reporter.organisation,
        classification=Classification.RAHASIA,
    )
    client = client_for(reporter)
    assert client.get(f"/laporan/{mine.pk}/").status_code == 200
    assert (
        client.post(f"/laporan/{mine.pk}/tindak/", {"action": "note", "note": "x"}).status_code
        == 403
    )
    assert [r.pk for r in client.get("/laporan/").context["page"]] == [mine.pk]


def test_the_signed_in_form_stores_a_report_of_the_user(db, personas, client_for):
    client = client_for(personas["reporter"])
    assert client.get("/laporan/baru/").status_code == 200
    response = client.post(
        "/laporan/baru/",
        {
            "text": "Patroli menemukan spanduk provokatif",
            "area": "64.02.06.1002",
            "classification": "biasa",
            "lat": "-0,4203",
            "lon": "116,9927",
        },
    )
    report = Report.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/laporan/{report.pk}/"
    assert report.channel == Channel.WEB and report.created_by == personas["reporter"]
    assert report.lat == -0.4203 and not report.anonymous
    bad = client.post("/laporan/baru/", {"text": "", "classification": "biasa"})
    assert bad.status_code == 400


def test_a_status_change_is_sent_back_to_the_telegram_reporter(
    db, personas, outside, client_for, django_capture_on_commit_callbacks
):
    outside.routes[f"/bot{BOT_TOKEN}/sendMessage"] = (200, "application/json", {"ok": True})
    report = make(
        "Bentrok",
        channel=Channel.TELEGRAM,
        reply_to={"chat_id": 55},
        sender_id="55",
        message_id="u1",
    )
    client = client_for(personas["analyst"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/laporan/{report.pk}/tindak/",
            {"action": "status", "status": "terverifikasi", "notify": "on"},
        )
    [sent] = outside.requests_to("/sendMessage")
    assert sent.json()["chat_id"] == 55
    assert report.tracking_code in sent.json()["text"]
    assert report.log.filter(kind="reply").exists()


def test_the_cached_queue_follows_every_change_to_reports(reports, personas, client_for):
    """The queue's count, page and rows are cached under the reports' change stamp: a report
    stored, a bulk update and a deletion each show at once, whatever code made them."""
    from waspada.intake import stamp

    client = client_for(personas["analyst"])
    first = codes(client.get("/laporan/triase/"))
    assert first == codes(client.get("/laporan/triase/"))  # the cached page, the same
    version = stamp.current()
    new = make("Blokade jalan tambang", urgency=0.95)
    assert stamp.current() != version
    assert codes(client.get("/laporan/triase/")) == [new.tracking_code, *first]
    Report.objects.filter(pk=reports["calm"].pk).update(urgency=0.99)  # no save(), no signal
    assert codes(client.get("/laporan/triase/"))[0] == reports["calm"].tracking_code
    Report.objects.filter(pk=new.pk).delete()
    assert new.tracking_code not in codes(client.get("/laporan/triase/"))
    client.cookies.load({"django_language": "en"})
    assert "not analysed yet" in client.get("/laporan/triase/").content.decode()


def test_the_filter_bar_shows_the_chosen_filters(reports, personas, client_for):
    """The bar's HTML is kept per language and query: each query shows its own choices."""
    client = client_for(personas["analyst"])
    page = client.get("/laporan/triase/?channel=sms&since=2026-01-05").content.decode()
    assert '<option value="sms" selected>' in page
    assert 'value="2026-01-05"' in page
    page = client.get("/laporan/triase/?channel=api").content.decode()
    assert '<option value="sms" selected>' not in page
    assert '<option value="api" selected>' in page
