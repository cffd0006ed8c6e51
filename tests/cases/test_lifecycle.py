"""A case from opening to closing: actions, status, phase, history, through the pages."""

import re
from datetime import date, timedelta

from django.urls import reverse

from waspada.cases import services
from waspada.cases.models import Action, Case
from waspada.events.services import create_event


def test_it_opens_a_case_with_areas_organisations_events_and_history(
    personas, orgs, tenggarong, client_for
):
    event = create_event(
        user=personas["analyst"],
        event_date=date(2026, 11, 1),
        area=tenggarong,
        form="blokade",
        summary="Blokade jalan hauling",
    )
    client = client_for(personas["analyst"])
    response = client.post(
        reverse("cases:create"),
        {
            "title": "Blokade jalan hauling",
            "area": "64.02.06",
            "other_areas": "64.02.02",
            "sources": ["sumber_daya_alam", "ketimpangan"],
            "phase": "penghentian",
            "status": "baru",
            "priority": "1",
            "due_date": "2026-12-01",
            "lead_organisation": orgs["kesbangpol"].pk,
            "involved": [orgs["polres"].pk, orgs["kodim"].pk],
            "events": f"{event.pk}",
            "alerts": "",
            "classification": "terbatas",
        },
    )
    case = Case.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/kasus/{case.pk}/"
    assert case.phase == "penghentian" and case.status == "baru" and case.priority == 1
    assert sorted(a.code for a in case.areas.all()) == ["64.02.02", "64.02.06"]
    assert set(case.involved.all()) == {orgs["polres"], orgs["kodim"]}
    assert list(case.events.all()) == [event] and case.kecamatan_code == "64.02.06"
    assert case.organisation == orgs["kesbangpol"]
    opened = case.history.get()
    assert opened.action == "open" and opened.changes["title"] == [None, "Blokade jalan hauling"]
    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "Blokade jalan hauling" in page and f"/peristiwa/{event.pk}/" in page


def test_it_refuses_an_event_the_user_cannot_see(personas, tenggarong, client_for):
    hidden = create_event(
        user=personas["analyst"],
        event_date=date(2026, 11, 1),
        area=tenggarong,
        form="bentrok",
        summary="x",
        classification="rahasia",
    )
    client = client_for(personas["admin"])  # admin is not an analyst of the owner
    response = client.post(
        reverse("cases:create"),
        {
            "title": "T",
            "area": "64.02.06",
            "phase": "pencegahan",
            "status": "baru",
            "priority": "2",
            "events": str(hidden.pk),
            "classification": "biasa",
        },
    )
    assert response.status_code == 200 and not Case.objects.exists()


def test_the_lifecycle_goes_from_new_to_closed_with_its_history(
    make_case, personas, client_for, orgs
):
    case = make_case()
    client = client_for(personas["analyst"])
    # An action moves a new case to "being handled".
    client.post(
        reverse("cases:add_action", args=[case.pk]),
        {
            "type": "mediasi",
            "date": "2026-11-05",
            "organisation": orgs["kesbangpol"].pk,
            "people": "Kabid Kewaspadaan",
            "description": "Mediasi warga dan perusahaan",
            "outcome": "Sepakat bertemu lagi",
            "follow_up_due": "2026-11-12",
        },
    )
    case.refresh_from_db()
    action = Action.objects.get()
    assert case.status == "ditangani" and action.follow_up_due == date(2026, 11, 12)
    client.post(reverse("cases:action_done", args=[action.pk]), {"outcome": "Bertemu"})
    action.refresh_from_db()
    assert action.done_at is not None and action.outcome == "Bertemu"
    # Phase moves on; closing needs an outcome.
    client.post(
        reverse("cases:status", args=[case.pk]),
        {"status": "pemantauan", "phase": "pemulihan", "note": "Situasi kondusif"},
    )
    client.post(
        reverse("cases:status", args=[case.pk]),
        {"status": "selesai", "phase": "pemulihan", "outcome": ""},
    )
    case.refresh_from_db()
    assert case.status == "pemantauan" and case.phase == "pemulihan" and case.closed_at is None
    client.post(
        reverse("cases:status", args=[case.pk]),
        {"status": "selesai", "phase": "pemulihan", "outcome": "Kesepakatan ditandatangani"},
    )
    case.refresh_from_db()
    assert case.status == "selesai" and case.closed_at is not None and not case.is_open
    actions = [h.action for h in case.history.all()]
    assert actions == ["open", "action", "action_done", "status", "status"]
    last = case.history.last()
    assert last.changes["status"] == ["pemantauan", "selesai"]
    assert last.changes["outcome"] == ["", "Kesepakatan ditandatangani"]
    # Closed cases leave the default (open) list.
    assert f"/kasus/{case.pk}/" not in client.get(reverse("cases:list")).content.decode()
    listed = client.get(reverse("cases:list") + "?status=selesai").content.decode()
    assert f"/kasus/{case.pk}/" in listed
    # Reopening clears the closing time.
    services.set_status(case, "ditangani", user=personas["analyst"])
    case.refresh_from_db()
    assert case.closed_at is None


def test_overdue_actions_and_cases_show_in_the_list(make_case, personas, client_for):
    today = date.today()
    case = make_case(due_date=today - timedelta(days=1))
    services.add_action(
        case,
        user=personas["analyst"],
        type="dialog",
        date=today,
        description="Dialog",
        follow_up_due=today - timedelta(days=2),
    )
    assert case.is_overdue(today)
    page = client_for(personas["analyst"]).get(reverse("cases:list")).content.decode()
    assert "1 overdue action" in page


def test_field_reporters_may_read_but_not_change_cases(make_case, personas, client_for):
    case = make_case()
    client = client_for(personas["reporter"])
    assert client.get(reverse("cases:detail", args=[case.pk])).status_code == 200
    assert (
        client.post(
            reverse("cases:status", args=[case.pk]),
            {"status": "selesai", "phase": "pemulihan", "outcome": "x"},
        ).status_code
        == 403
    )
    case.refresh_from_db()
    assert case.status == "baru"


def test_a_case_opened_from_an_event_starts_from_it(personas, tenggarong, client_for):
    from waspada.events.services import create_event

    event = create_event(
        user=personas["analyst"],
        event_date=date(2026, 11, 1),
        area=tenggarong,
        form="bentrok",
        summary="Bentrok antarwarga",
        sources=["etnis"],
    )
    page = (
        client_for(personas["analyst"])
        .get(reverse("cases:create") + f"?event={event.pk}&alert=7")
        .content.decode()
    )
    assert 'value="Bentrok antarwarga"' in page and 'value="64.02.06"' in page
    assert f'name="events" value="{event.pk}"' in page and 'name="alerts" value="7"' in page
    assert re.search(r'name="sources" value="etnis"[^>]*checked', page)


def test_alerts_are_linked_when_visible_and_shown_on_the_case(
    make_case, personas, tenggarong, client_for
):
    from waspada.alerts.models import Alert

    alert = Alert.objects.create(
        level="siaga", title="Ketegangan Desa Jongkang", reason="r", area=tenggarong
    )
    hidden = Alert.objects.create(
        level="awas",
        title="Rahasia",
        reason="r",
        area=tenggarong,
        classification="rahasia",
        organisation=personas["outsider_analyst"].organisation,
    )
    case = make_case()
    client = client_for(personas["analyst"])
    data = {
        "title": case.title,
        "area": "64.02.06",
        "phase": "pencegahan",
        "status": "baru",
        "priority": "2",
        "classification": "terbatas",
    }
    response = client.post(
        reverse("cases:edit", args=[case.pk]), {**data, "alerts": f"{alert.pk}, {hidden.pk}"}
    )
    assert response.status_code == 200 and not case.alerts.exists()
    client.post(reverse("cases:edit", args=[case.pk]), {**data, "alerts": f"#{alert.pk}"})
    assert list(case.alerts.all()) == [alert] and list(alert.cases.all()) == [case]
    assert case.history.last().changes["alerts"] == [[], [str(alert.pk)]]
    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert f"/peringatan/{alert.pk}/" in page and "Ketegangan Desa Jongkang" in page


def test_an_alert_taken_up_by_a_case_is_being_handled(personas, make_case):
    from waspada.alerts.models import Alert

    alert = Alert(
        level="siaga",
        title="Bentrok",
        reason="x",
        area_id="64.02.06",
        organisation=personas["analyst"].organisation,
    )
    alert.save()
    case = make_case("Penanganan bentrok", alerts=[alert])
    alert.refresh_from_db()
    assert alert.status == "ditangani" and alert.case_ref == f"case:{case.pk}"
