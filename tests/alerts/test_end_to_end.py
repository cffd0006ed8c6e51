"""From a report to an acknowledged alert and an escalated one, over real loopback servers:
the API, a Telegram-shaped Bot API, an SMTP server and a webhook receiver that checks the
signature. Tasks run at once (the immediate backend) when each transaction commits: the
test commits like production does, so the risk app's recompute runs on its own."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from waspada.alerts import services
from waspada.alerts.models import Alert, Message
from waspada.api.models import ApiToken
from waspada.areas.models import Area
from waspada.events import services as events
from waspada.intake.models import Report
from waspada.risk.models import RiskLevelChange

from .conftest import BOT_TOKEN, make_event, make_rule, subscribe

HOOK_SECRET = "polres-hook-secret"
TENGGARONG, DESA = "64.02.06", "64.02.06.1001"


@pytest.mark.django_db(transaction=True)
def test_report_to_acknowledged_and_escalated_alerts(
    personas, orgs, client, client_for, service, mailbox
):
    analyst, reporter, leader = personas["analyst"], personas["reporter"], personas["leader"]
    tenggarong = Area.objects.get(code=TENGGARONG)

    # Tension before: three clashes in the same desa, already coded and verified.
    for dead in (4, 0, 0):
        make_event(analyst, area=DESA, form="bentrok", injured=2, fatalities=dead)

    urgent = make_rule("urgent_event", "siaga", forms=["bentrok"], ack_minutes=1)
    risen = make_rule("risk_level", "siaga", ack_minutes=1)
    subscribe(analyst, "telegram", "4242", areas=[tenggarong])
    subscribe(reporter, "email", "babinsa@kukar.test")
    subscribe(
        orgs["polres"], "webhook", f"{service.url}/hook", secret=HOOK_SECRET, areas=[tenggarong]
    )
    subscribe(leader, "email", "dandim@kukar.test", tier=2)
    service.hooks["/hook"] = HOOK_SECRET

    # 1. A report arrives through the API and is analysed.
    token = ApiToken.issue(reporter, "Aplikasi Babinsa")[1]
    response = client.post(
        "/api/v1/reports/",
        {"text": "Bentrok antar warga di Tenggarong, dua orang luka", "area_code": DESA},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Token {token}",
    )
    assert response.status_code == 201, response.content
    report = Report.objects.get()
    assert report.reading is not None

    # 2. An analyst codes the event from the report and verifies it on the web; the risk
    #    app recomputes when that commits, Tenggarong reaches siaga and says so.
    event = events.create_event(
        user=analyst,
        reports=[report],
        event_date=timezone.localdate(),
        area=Area.objects.get(code=DESA),
        form="bentrok",
        injured=2,
        summary="Bentrok antar warga",
        sources=["sumber_daya_alam"],
    )
    assert not Alert.objects.exists()  # nothing before an analyst has verified it
    verify = client_for(analyst).post(reverse("events:verify", args=[event.pk]))
    assert verify.status_code == 302
    assert RiskLevelChange.objects.filter(area_id=TENGGARONG, source="", new_level="siaga").exists()
    first = Alert.objects.get(rule=urgent)
    second = Alert.objects.get(rule=risen, area_id=TENGGARONG)
    assert (first.level, first.area_id, second.level) == ("siaga", TENGGARONG, "siaga")
    assert not Alert.objects.filter(area_id=DESA).exists()  # the kecamatan speaks for it

    # 3. Both reached Telegram, e-mail and the webhook, each exactly once per channel.
    for alert in (first, second):
        sent = Message.objects.filter(alert=alert)
        assert sorted(sent.values_list("kind", "status")) == [
            ("email", "sent"),
            ("telegram", "sent"),
            ("webhook", "sent"),
        ]
    telegram = service.to(f"/bot{BOT_TOKEN}/sendMessage")
    assert {t.json()["chat_id"] for t in telegram} == {"4242"}
    assert all(
        t.json()["reply_markup"]["inline_keyboard"][0][0]["callback_data"].startswith("ack:")
        for t in telegram
    )
    mails = [m for m in mailbox.messages if m["To"] == "babinsa@kukar.test"]
    assert any("[SIAGA]" in m["Subject"] and first.title in m["Subject"] for m in mails)
    assert service.bad_signatures == 0
    hooks = [h.json() for h in service.to("/hook")]
    assert {first.pk, second.pk} <= {h["alert"] for h in hooks}
    assert len(service.new_keys) == len(hooks)  # every delivery once

    # 4. The field reporter acknowledges the first alert by the signed link in the mail.
    mail = next(m for m in mails if first.title in m["Subject"])
    link = re.search(r"http://waspada\.test(\S+)", mail.get_body(("plain",)).get_content())
    path = link.group(1)
    assert 'id="acknowledge"' in client.get(path).content.decode()
    assert 'id="acknowledged"' in client.post(path).content.decode()
    first.refresh_from_db()
    assert first.status == "diakui" and first.acknowledged_by == reporter

    # 5. Nobody acknowledged the second: after its (shortened) window it goes to leadership.
    assert second.pk not in [a.pk for a in services.escalate_due()]  # not yet
    escalated = services.escalate_due(now=timezone.now() + timedelta(minutes=2))
    assert second.pk in [a.pk for a in escalated] and first.pk not in [a.pk for a in escalated]
    second.refresh_from_db()
    assert second.tier == 2 and second.status == "baru"
    to_leader = [m for m in mailbox.messages if m["To"] == "dandim@kukar.test"]
    expected = Message.objects.get(alert=second, recipient=leader)
    assert expected.subject in [m["Subject"] for m in to_leader]
    assert expected.text.splitlines()[0] != second.reason  # the escalation note comes first
    assert services.escalate_due(now=timezone.now() + timedelta(minutes=10)) == []


def test_a_risk_level_change_reaches_the_risk_level_rules(
    personas, django_capture_on_commit_callbacks
):
    from waspada.risk.signals import risk_level_changed

    make_rule("risk_level", "waspada")
    change = RiskLevelChange.objects.create(
        area_id=TENGGARONG,
        source="agama",
        old_level="normal",
        new_level="waspada",
        score=30.0,
        at=timezone.now(),
    )
    with django_capture_on_commit_callbacks(execute=True):
        risk_level_changed.announce(change_ids=[change.pk])
    alert = Alert.objects.get()
    assert (alert.area_id, alert.level, alert.sources) == (TENGGARONG, "waspada", ["agama"])
    assert alert.evidence[0] == {
        "type": "risk",
        "id": change.pk,
        "url": f"/wilayah/{TENGGARONG}/",
        "label": "agama: 30/100",
    }
