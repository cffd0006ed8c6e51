"""Each transport against a real server on loopback."""

import json

import pytest

from waspada.alerts import transports
from waspada.alerts.transports import Outgoing, TransportError, webhook

from .conftest import BOT_TOKEN


def outgoing(address, **kw):
    return Outgoing(
        address=address,
        subject="SIAGA: Tenggarong",
        text="Bentrok warga.",
        key="0f1e2d3c-aaaa-bbbb-cccc-000000000001",
        link="http://w.test/a/1",
        **kw,
    )


def test_the_built_ins_use_the_registry():
    assert set(transports.REGISTRY) == {"email", "telegram", "whatsapp", "sms", "webhook"}
    for kind, transport in transports.REGISTRY.items():
        assert transport.kind == kind and callable(transport.notify)


def test_it_sends_telegram_with_an_acknowledge_button(service):
    service.script[f"/bot{BOT_TOKEN}/sendMessage"] = [
        (200, {"ok": True, "result": {"message_id": 77}})
    ]
    provider_id = transports.get("telegram").notify(
        outgoing("-100123", buttons=[("Akui", "ack:1:abc")])
    )
    assert provider_id == "77"
    sent = service.to("/sendMessage")[0].json()
    assert sent["chat_id"] == "-100123" and "Bentrok warga." in sent["text"]
    assert sent["reply_markup"]["inline_keyboard"][0][0]["callback_data"] == "ack:1:abc"


def test_a_telegram_403_is_permanent_and_a_502_is_not(service):
    path = f"/bot{BOT_TOKEN}/sendMessage"
    service.script[path] = [(403, {"ok": False, "description": "bot was blocked"})]
    with pytest.raises(TransportError) as blocked:
        transports.get("telegram").notify(outgoing("42"))
    assert blocked.value.permanent
    service.script[path] = [(502, {"ok": False})]
    with pytest.raises(TransportError) as down:
        transports.get("telegram").notify(outgoing("42"))
    assert not down.value.permanent


def test_it_sends_whatsapp_text_with_the_bearer_token(service):
    service.script["/1098765/messages"] = [(200, {"messages": [{"id": "wamid.X"}]})]
    assert transports.get("whatsapp").notify(outgoing("6281234567890")) == "wamid.X"
    seen = service.to("/1098765/messages")[0]
    assert seen.headers["Authorization"] == "Bearer wa-token"
    assert seen.json()["to"] == "6281234567890" and seen.json()["type"] == "text"


def test_it_sends_sms_through_the_gateway_within_three_parts(service):
    transports.get("sms").notify(
        Outgoing(
            address="+6281234567890", subject="SIAGA", text="x" * 2000, key="k", link="http://l"
        )
    )
    sent = service.to("/gateway/send")[0].json()
    assert sent["to"] == "+6281234567890" and sent["secret"] == "gateway-secret"
    assert len(sent["message"]) <= 459 and sent["message"].endswith("http://l")


def test_phone_numbers_are_stored_in_international_form():
    assert transports.get("sms").clean_address("0812-3456-7890") == "+6281234567890"
    assert transports.get("whatsapp").clean_address("+62 812 3456 7890") == "6281234567890"
    with pytest.raises(ValueError):
        transports.get("sms").clean_address("12")


def test_a_webhook_is_signed_and_carries_the_idempotency_key(service):
    service.hooks["/hook"] = "s3cret"
    transports.get("webhook").notify(
        outgoing(f"{service.url}/hook", secret="s3cret", payload={"level": "siaga"})
    )
    seen = service.to("/hook")[0]
    assert service.bad_signatures == 0 and service.new_keys == [seen.headers["Idempotency-Key"]]
    assert json.loads(seen.body)["level"] == "siaga"
    assert webhook.verify(
        "s3cret",
        seen.headers["X-Waspada-Timestamp"],
        seen.body,
        seen.headers["X-Waspada-Signature"],
    )
    assert not webhook.verify(
        "other", seen.headers["X-Waspada-Timestamp"], seen.body, seen.headers["X-Waspada-Signature"]
    )


def test_a_webhook_to_a_private_address_is_refused_unless_allowed(service, settings):
    settings.WASPADA_HTTP_ALLOW_PRIVATE = False
    with pytest.raises(TransportError) as refused:
        transports.get("webhook").notify(outgoing(f"{service.url}/hook"))
    assert refused.value.permanent and "non-public" in str(refused.value)
    assert service.seen == []


def test_it_sends_email_through_a_real_smtp_server(mailbox):
    transports.get("email").notify(outgoing("camat@kukar.test", html="<p>Bentrok</p>"))
    mail = mailbox.messages[0]
    assert mail["To"] == "camat@kukar.test" and mail["Subject"] == "SIAGA: Tenggarong"
    assert "http://w.test/a/1" in mail.get_body(("plain",)).get_content()


def test_a_refused_recipient_is_permanent_and_a_dead_server_is_not(mailbox, settings):
    mailbox.refuse.add("gone@kukar.test")
    with pytest.raises(TransportError) as refused:
        transports.get("email").notify(outgoing("gone@kukar.test"))
    assert refused.value.permanent
    mailbox.stop()
    with pytest.raises(TransportError) as down:
        transports.get("email").notify(outgoing("camat@kukar.test"))
    assert not down.value.permanent
    mailbox.start()  # the fixture stops it again
