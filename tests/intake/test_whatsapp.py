"""WhatsApp Business Cloud API webhook: the handshake, signed deliveries, text/location/image."""

import json

import pytest

from waspada.intake.models import Report
from waspada.messaging.whatsapp.client import signature

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


def _two_days_later(report):
    """As if the report (and every follow-up) had come in two days ago."""
    from datetime import timedelta

    from django.utils import timezone

    from waspada.intake.models import ReportLog

    then = timezone.now() - timedelta(days=2)
    Report.objects.filter(pk=report.pk).update(received_at=then)
    ReportLog.objects.filter(report=report, kind=ReportLog.Kind.FOLLOWUP).update(at=then)


def test_a_late_status_change_goes_out_as_the_approved_template(app, graph, settings):
    from waspada.intake.tasks import answer_reporter

    settings.WASPADA_WHATSAPP_STATUS_TEMPLATE = "kabar_laporan"
    send(app, delivery(message("wamid.D1", "text", {"body": "Ada bentrok di Loa Kulu"})))
    report = Report.objects.get()
    assert answer_reporter.call(report.pk, "Dalam hari: teks bebas.") is True
    _two_days_later(report)
    assert answer_reporter.call(report.pk, "Waspada: laporan\nsudah   diverifikasi.") is True
    receipt, early, late = (s.json() for s in graph.requests_to("/1098765/messages"))
    assert early["type"] == "text" and early["text"]["body"] == "Dalam hari: teks bebas."
    assert late["type"] == "template" and late["to"] == "6281234567890"
    assert late["template"]["name"] == "kabar_laporan"
    assert late["template"]["language"] == {"code": "id"}
    [body] = late["template"]["components"]
    assert body["parameters"] == [{"type": "text", "text": "Waspada: laporan sudah diverifikasi."}]
    assert report.log.filter(kind="reply").count() == 3  # receipt, early, late


def test_without_a_template_a_late_answer_is_not_sent_and_the_history_says_why(
    app, graph, settings
):
    from waspada.intake.tasks import answer_reporter

    settings.WASPADA_WHATSAPP_STATUS_TEMPLATE = ""
    send(app, delivery(message("wamid.E1", "text", {"body": "Isu hoaks beredar"})))
    report = Report.objects.get()
    _two_days_later(report)
    assert answer_reporter.call(report.pk, "Waspada: laporan ditutup.") is False
    assert len(graph.requests_to("/1098765/messages")) == 1  # the receipt only
    note = report.log.get(kind="note")
    assert "24 jam" in note.text and "Waspada: laporan ditutup." in note.text


def test_a_new_message_from_the_reporter_opens_the_window_again(app, graph, settings):
    from waspada.intake.tasks import answer_reporter

    settings.WASPADA_WHATSAPP_STATUS_TEMPLATE = ""
    send(app, delivery(message("wamid.F1", "text", {"body": "Ada blokade jalan tambang"})))
    first = Report.objects.get()
    _two_days_later(first)
    send(app, delivery(message("wamid.F2", "text", {"body": "Blokade kedua di Muara Jawa"})))
    assert Report.objects.count() == 2  # a new report, from the same sender
    assert answer_reporter.call(first.pk, "Waspada: terima kasih.") is True
    assert graph.requests_to("/1098765/messages")[-1].json()["type"] == "text"
    # someone else's message does not: each sender's window is their own
    _two_days_later(Report.objects.exclude(pk=first.pk).get())
    send(
        app,
        delivery(
            message("wamid.G1", "text", {"body": "Laporan lain"}, wa_id="6289999"), wa_id="6289999"
        ),
    )
    assert answer_reporter.call(first.pk, "Waspada: laporan ditutup.") is False
