"""WhatsApp Business Cloud API webhook: the handshake, signed deliveries, text/location/image."""

import json

import pytest

from waspada.intake.channels.whatsapp import signature
from waspada.intake.models import Report

from .conftest import JPEG, WA_APP_SECRET, WA_VERIFY

URL = "/laporan/masuk/whatsapp/"


def delivery(*messages, name="Siti Aminah", wa_id="6281234567890"):
    return {
        "object": "whatsapp_business_account",
        "entry": [
            {
                "id": "102290129340398",
                "changes": [
                    {
                        "value": {
                            "messaging_product": "whatsapp",
                            "metadata": {
                                "display_phone_number": "15550783881",
                                "phone_number_id": "1098765",
                            },
                            "contacts": [{"profile": {"name": name}, "wa_id": wa_id}],
                            "messages": list(messages),
                        },
                        "field": "messages",
                    }
                ],
            }
        ],
    }


def message(mid, kind, body, wa_id="6281234567890"):
    return {"from": wa_id, "id": mid, "timestamp": "1764300000", "type": kind, kind: body}


def send(app, payload, secret=WA_APP_SECRET):
    body = json.dumps(payload).encode()
    return app.post(
        URL,
        data=body,
        headers={
            "Content-Type": "application/json",
            "X-Hub-Signature-256": signature(secret, body),
        },
    )


@pytest.fixture
def graph(outside):
    outside.routes.update(
        {
            "/1098765/messages": (200, "application/json", {"messages": [{"id": "wamid.OUT"}]}),
            "/MEDIA1": (
                200,
                "application/json",
                {"url": f"{outside.url}/download/MEDIA1", "mime_type": "image/jpeg"},
            ),
            "/download/MEDIA1": (200, "image/jpeg", JPEG),
        }
    )
    return outside


def test_the_verification_handshake_echoes_the_challenge(app):
    ok = app.get(f"{URL}?hub.mode=subscribe&hub.verify_token={WA_VERIFY}&hub.challenge=1158201444")
    assert ok.status == 200 and ok.text == "1158201444"
    bad = app.get(f"{URL}?hub.mode=subscribe&hub.verify_token=nope&hub.challenge=1")
    assert bad.status == 403


def test_it_stores_text_location_and_image_and_answers(app, graph):
    assert (
        send(app, delivery(message("wamid.A1", "text", {"body": "Ada bentrok di Loa Kulu"}))).status
        == 200
    )
    send(
        app,
        delivery(
            message(
                "wamid.A2",
                "location",
                {
                    "latitude": -0.4203,
                    "longitude": 116.9927,
                    "name": "Pasar",
                    "address": "Jl. Pasar",
                },
            )
        ),
    )
    send(
        app,
        delivery(
            message("wamid.A3", "image", {"mime_type": "image/jpeg", "sha256": "x", "id": "MEDIA1"})
        ),
    )
    report = Report.objects.get()
    assert report.text == "Ada bentrok di Loa Kulu"
    assert report.has_location and report.place_text == "Pasar, Jl. Pasar"
    assert report.reporter_identity == {"name": "Siti Aminah", "phone": "+6281234567890"}
    assert report.attachments.get().content_type == "image/jpeg"
    sent = graph.requests_to("/1098765/messages")
    assert len(sent) == 3
    assert sent[0].headers["Authorization"] == "Bearer whatsapp-access-token"
    assert sent[0].json()["to"] == "6281234567890"
    assert report.tracking_code in sent[0].json()["text"]["body"]


def test_status_updates_are_ignored(app, graph):
    payload = delivery()
    payload["entry"][0]["changes"][0]["value"]["statuses"] = [{"id": "wamid.X", "status": "read"}]
    del payload["entry"][0]["changes"][0]["value"]["messages"]
    assert send(app, payload).status == 200
    assert Report.objects.count() == 0


def test_the_same_delivery_twice_is_one_report(app, graph):
    payload = delivery(message("wamid.B1", "text", {"body": "Isu hoaks beredar"}))
    send(app, payload)
    send(app, payload)
    assert Report.objects.count() == 1
    assert len(graph.requests_to("/1098765/messages")) == 1


def test_a_bad_signature_is_refused_and_nothing_stored(app, graph):
    response = send(app, delivery(message("wamid.C1", "text", {"body": "x"})), secret="wrong")
    assert response.status == 403
    unsigned = app.post(URL, json=delivery(message("wamid.C2", "text", {"body": "x"})))
    assert unsigned.status == 403
    assert Report.objects.count() == 0
