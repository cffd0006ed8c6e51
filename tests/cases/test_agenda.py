"""The generated agenda of a Tim Terpadu meeting: rules on records, then from the database."""

import datetime as dt
import io

from django.urls import reverse
from pypdf import PdfReader

from waspada.cases import services
from waspada.cases.agenda import AlertRecord, CaseRecord, build_agenda
from waspada.cases.models import Action, Meeting

LAST = dt.date(2026, 11, 1)
TODAY = dt.date(2026, 11, 15)


def case(id, opened, status="ditangani", priority=2, due=None, overdue=0):
    return CaseRecord(
        id=id,
        title=f"kasus {id}",
        status=status,
        phase="pencegahan",
        priority=priority,
        opened_on=opened,
        due_date=due,
        overdue_actions=overdue,
    )


def test_alerts_since_the_last_meeting_come_first_highest_level_first():
    alerts = [
        AlertRecord(1, "waspada", "a1", dt.date(2026, 11, 3)),
        AlertRecord(2, "awas", "a2", dt.date(2026, 11, 10)),
        AlertRecord(3, "siaga", "a3", dt.date(2026, 10, 20)),
    ]  # before the last meeting
    items = build_agenda([], alerts, since=LAST, today=TODAY)
    assert [(i.section, i.ref) for i in items] == [("alerts", 2), ("alerts", 1), ("other", None)]


def test_new_cases_then_open_cases_late_first_closed_never():
    cases = [
        case(1, dt.date(2026, 10, 1), priority=3),
        case(2, dt.date(2026, 10, 1), priority=1),
        case(3, dt.date(2026, 10, 5), priority=3, overdue=1),
        case(4, dt.date(2026, 10, 5), priority=3, due=dt.date(2026, 11, 10)),
        case(5, dt.date(2026, 11, 5), priority=2),
        case(6, dt.date(2026, 11, 2), priority=1),
        case(7, dt.date(2026, 10, 1), status="selesai"),
    ]
    items = build_agenda(cases, since=LAST, today=TODAY)
    assert [(i.section, i.ref) for i in items] == [
        ("new_cases", 6),
        ("new_cases", 5),
        ("open_cases", 4),
        ("open_cases", 3),
        ("open_cases", 2),
        ("open_cases", 1),
        ("other", None),
    ]
    late = {i.ref: i.notes for i in items}
    assert "overdue_actions:1" in late[3] and "overdue_since:2026-11-10" in late[4]


def test_without_an_earlier_meeting_every_open_case_is_new():
    items = build_agenda([case(1, dt.date(2025, 1, 1))], since=None, today=TODAY)
    assert [(i.section, i.ref) for i in items] == [("new_cases", 1), ("other", None)]


def test_a_meeting_is_prepared_from_the_open_cases_in_the_database(make_case, personas, client_for):
    old = make_case("Kasus lama")
    Meeting.objects.create(date=dt.date(2000, 1, 1))  # a much earlier meeting
    services.add_action(
        old,
        user=personas["analyst"],
        type="dialog",
        date=dt.date(2026, 1, 1),
        description="d",
        follow_up_due=dt.date(2026, 1, 5),
    )
    closed = make_case("Kasus selesai")
    services.close(closed, user=personas["analyst"], outcome="damai")
    hidden = make_case("Kasus rahasia Polres", classification="rahasia")
    hidden.organisation = personas["outsider_analyst"].organisation
    hidden.save()
    client = client_for(personas["analyst"])
    preview = client.get(reverse("cases:meeting_new")).content.decode()
    assert "Kasus lama" in preview and "Kasus selesai" not in preview
    assert "Kasus rahasia Polres" not in preview
    response = client.post(
        reverse("cases:meeting_new"),
        {
            "date": "2026-11-20",
            "place": "Ruang rapat Kesbangpol",
            "chair": "Sekda",
            "classification": "terbatas",
        },
    )
    meeting = Meeting.objects.latest("pk")
    assert response["Location"] == f"/kasus/rapat/{meeting.pk}/"
    assert meeting.agenda_since == dt.date(2000, 1, 1)
    assert [(i["section"], i["ref"]) for i in meeting.agenda] == [
        ("new_cases", old.pk),
        ("other", None),
    ]
    assert "overdue_actions:1" in meeting.agenda[0]["notes"]
    assert Action.objects.count() == 1


def test_decisions_become_actions_and_the_minutes_come_as_html_and_pdf(
    make_case, personas, orgs, client_for
):
    case = make_case("Konflik tapal batas Desa A dan Desa B")
    client = client_for(personas["analyst"])
    client.post(
        reverse("cases:meeting_new"),
        {
            "date": "2026-11-20",
            "place": "Aula Kantor Bupati",
            "chair": "Bupati",
            "classification": "terbatas",
        },
    )
    meeting = Meeting.objects.get()
    client.post(
        reverse("cases:meeting_attend", args=[meeting.pk]),
        {"name": "Dandim 0906/KKR", "position": "Dandim", "organisation": orgs["kodim"].pk},
    )
    client.post(
        reverse("cases:meeting_attend", args=[meeting.pk]),
        {"name": "Kapolres Kukar", "organisation": orgs["polres"].pk},
    )
    client.post(
        reverse("cases:meeting_decide", args=[meeting.pk]),
        {
            "text": "Fasilitasi pertemuan kedua kepala desa",
            "case": case.pk,
            "action_type": "mediasi",
            "organisation": orgs["kesbangpol"].pk,
            "due": "2026-11-27",
        },
    )
    client.post(
        reverse("cases:meeting_decide", args=[meeting.pk]),
        {"text": "Rapat berikutnya bulan Desember"},
    )
    client.post(
        reverse("cases:meeting_notes", args=[meeting.pk]),
        {"notes": "Situasi di perbatasan kondusif."},
    )
    action = Action.objects.get()
    assert action.case == case and action.type == "mediasi"
    assert action.follow_up_due == dt.date(2026, 11, 27) and action.decision.meeting == meeting
    case.refresh_from_db()
    assert case.status == "ditangani"

    html = client.get(reverse("cases:meeting_minutes", args=[meeting.pk])).content.decode()
    for text in (
        "Dandim 0906/KKR",
        "Kapolres Kukar",
        "Konflik tapal batas",
        "Fasilitasi pertemuan kedua",
        "Rapat berikutnya",
        "Situasi di perbatasan",
    ):
        assert text in html
    response = client.get(reverse("cases:meeting_pdf", args=[meeting.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    assert "Dandim 0906/KKR" in text and "Fasilitasi pertemuan kedua" in text


def test_alerts_the_user_may_see_since_the_last_meeting_are_on_the_agenda(personas, tenggarong):
    from django.utils import timezone

    from waspada.alerts.models import Alert
    from waspada.cases.agenda import alert_records

    now = timezone.now()
    Alert.objects.create(
        level="awas", title="Bentrok di Tenggarong", reason="r", area=tenggarong, raised_at=now
    )
    Alert.objects.create(
        level="siaga",
        title="Lama",
        reason="r",
        area=tenggarong,
        raised_at=now - dt.timedelta(days=40),
    )
    Alert.objects.create(
        level="siaga",
        title="Rahasia",
        reason="r",
        area=tenggarong,
        raised_at=now,
        classification="rahasia",
        organisation=personas["outsider_analyst"].organisation,
    )
    since = (now - dt.timedelta(days=14)).date()
    records = alert_records(personas["analyst"], since)
    assert [(r.level, r.title, r.area) for r in records] == [
        ("awas", "Bentrok di Tenggarong", "Tenggarong")
    ]
    items = build_agenda([], records, since=since, today=now.date())
    assert items[0].section == "alerts" and items[0].title == "Bentrok di Tenggarong"
