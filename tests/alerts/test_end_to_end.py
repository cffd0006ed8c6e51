"""From a report to an acknowledged alert and an escalated one, over real loopback servers:
the API, a Telegram-shaped Bot API, an SMTP server and a webhook receiver that checks the
signature. Tasks run at once (the immediate backend) when each transaction commits."""

import importlib.util
import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from waspada.alerts import receivers, services
from waspada.alerts.models import Alert, Message
from waspada.api.models import ApiToken
from waspada.areas.models import Area
from waspada.events import services as events
from waspada.intake.models import Report

from .conftest import BOT_TOKEN, make_rule, subscribe

HAS_NLP = importlib.util.find_spec("waspada.nlp") is not None
HOOK_SECRET = "polres-hook-secret"


def test_report_to_acknowledged_and_escalated_alerts(
    personas, orgs, client, client_for, service, mailbox, django_capture_on_commit_callbacks
):
    run = django_capture_on_commit_callbacks
    analyst, reporter, leader = personas["analyst"], personas["reporter"], personas["leader"]
    urgent = make_rule("urgent_event", "siaga", forms=["bentrok"], ack_minutes=1)
    risen = make_rule("risk_level", "siaga", ack_minutes=1)
    subscribe(analyst, "telegram", "4242")
    subscribe(reporter, "email", "babinsa@kukar.test")
    subscribe(orgs["polres"], "webhook", f"{service.url}/hook", secret=HOOK_SECRET)
    subscribe(leader, "email", "dandim@kukar.test", tier=2)
    service.hooks["/hook"] = HOOK_SECRET

    # 1. A report arrives through the API and is analysed.
    token = ApiToken.issue(reporter, "Aplikasi Babinsa")[1]
    with run(execute=True):
        response = client.post(
            "/api/v1/reports/",
            {
                "text": "Bentrok antar warga di Tenggarong, dua orang luka",
                "area_code": "64.02.06.1001",
            },
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Token {token}",
        )
    assert response.status_code == 201, response.content
    report = Report.objects.get()
    if HAS_NLP:
        assert report.analysed_at is not None

    # 2. An analyst codes the event from the report and verifies it on the web.
    with run(execute=True):
        event = events.create_event(
            user=analyst,
            reports=[report],
            event_date=timezone.localdate(),
            area=Area.objects.get(code="64.02.06.1001"),
            form="bentrok",
            injured=2,
            summary="Bentrok antar warga",
            sources=["sumber_daya_alam"],
        )
    assert not Alert.objects.exists()  # nothing before an analyst has verified it
    with run(execute=True):
        assert (
            client_for(analyst).post(reverse("events:verify", args=[event.pk])).status_code == 302
        )
    first = Alert.objects.get(rule=urgent)
    assert (first.level, first.area_id) == ("siaga", "64.02.06")

    # 3. Risk rises to siaga: the risk app's signal reaches the alerts receiver.
    with run(execute=True):
        receivers.risk_level_changed(
            sender=None,
            area=Area.objects.get(code="64.02.06"),
            source=None,
            old="waspada",
            new="siaga",
            score=57.0,
        )
    second = Alert.objects.get(rule=risen)

    # 4. Both alerts reached Telegram, e-mail and the webhook, each exactly once.
    telegram = service.to(f"/bot{BOT_TOKEN}/sendMessage")
    assert len(telegram) == 2
    assert all(
        t.json()["reply_markup"]["inline_keyboard"][0][0]["callback_data"].startswith("ack:")
        for t in telegram
    )
    mails = [m for m in mailbox.messages if m["To"] == "babinsa@kukar.test"]
    assert len(mails) == 2 and "[SIAGA]" in mails[0]["Subject"]
    assert service.bad_signatures == 0 and len(service.new_keys) == 2
    hooks = [h.json() for h in service.to("/hook")]
    assert {h["alert"] for h in hooks} == {first.pk, second.pk}
    assert Message.objects.filter(status="sent").count() == 6

    # 5. The field reporter acknowledges the first alert by the signed link in the mail.
    mail = next(m for m in mails if first.title in m["Subject"])
    link = re.search(r"http://waspada\.test(\S+)", mail.get_body(("plain",)).get_content())
    path = link.group(1)
    assert "Acknowledge as" in client.get(path).content.decode()
    client.post(path)
    first.refresh_from_db()
    assert first.status == "diakui" and first.acknowledged_by == reporter

    # 6. Nobody acknowledged the second: after its (shortened) window it goes to leadership.
    assert services.escalate_due() == []  # not yet
    with run(execute=True):
        escalated = services.escalate_due(now=timezone.now() + timedelta(minutes=2))
    assert [a.pk for a in escalated] == [second.pk]
    second.refresh_from_db()
    assert second.tier == 2 and second.status == "baru"
    to_leader = [m for m in mailbox.messages if m["To"] == "dandim@kukar.test"]
    assert len(to_leader) == 1 and "Escalated" in to_leader[0].get_body(("plain",)).get_content()
    with run(execute=True):
        assert services.escalate_due(now=timezone.now() + timedelta(minutes=10)) == []


@pytest.mark.skipif(
    importlib.util.find_spec("waspada.risk.signals") is None,
    reason="the risk app has no risk_level_changed signal here",
)
def test_the_risk_signal_is_connected(personas):
    from waspada.risk.signals import risk_level_changed

    make_rule("risk_level", "waspada")
    risk_level_changed.send(
        sender=None,
        area=Area.objects.get(code="64.02.06"),
        source="agama",
        old="normal",
        new="waspada",
        score=30.0,
        change=None,
    )
    assert Alert.objects.get().sources == ["agama"]
