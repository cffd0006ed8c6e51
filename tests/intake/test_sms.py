"""SMS: Twilio's Messaging webhook and an SMSSync gateway phone, with the structured syntax."""

import pytest

from waspada.intake import sms_syntax
from waspada.intake.models import Channel, Report, Status
from waspada.messaging.twilio.client import signature as twilio_signature

from .conftest import GATEWAY_SECRET, TWILIO_TOKEN

TWILIO = "/laporan/masuk/twilio/"
GATEWAY = "/laporan/masuk/sms/"


def twilio_params(sid, body, sender="+6281298765432"):
    return {
        "ToCountry": "ID",
        "SmsMessageSid": sid,
        "NumMedia": "0",
        "SmsSid": sid,
        "SmsStatus": "received",
        "Body": body,
        "To": "+15550001111",
        "NumSegments": "1",
        "MessageSid": sid,
        "AccountSid": "AC0123",
        "From": sender,
        "ApiVersion": "2010-04-01",
    }


def twilio_post(app, params, token=TWILIO_TOKEN):
    sig = twilio_signature(token, app.url + TWILIO, params)
    return app.post(TWILIO, data=params, headers={"X-Twilio-Signature": sig})


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("body", "code", "text"),
    [
        ("LAPOR Loa Ipuh warga blokade jalan", "64.02.06.1002", "warga blokade jalan"),
        ("lapor desa loa ipuh warga blokade jalan", "64.02.06.1002", "warga blokade jalan"),
        ("LAPOR#Loa Ipuh#warga blokade jalan", "64.02.06.1002", "warga blokade jalan"),
        ("LAPOR 64.02.06.1002 ada keributan", "64.02.06.1002", "ada keributan"),
        ("LAPOR Tenggarong ada keributan", "64.02.06", "ada keributan"),
        ("LAPOR Negeri Antah ada keributan", "", "Negeri Antah ada keributan"),
        ("ada keributan di pasar", "", "ada keributan di pasar"),
    ],
)
def test_the_sms_syntax(body, code, text):
    parsed = sms_syntax.parse(body)
    assert (parsed.area_code, parsed.text) == (code, text)


def test_cek_asks_for_a_status():
    parsed = sms_syntax.parse("cek abcd2345")
    assert parsed.tracking_code == "ABCD-2345"


def test_twilio_message_is_stored_with_its_place_and_answered_in_twiml(app):
    response = twilio_post(app, twilio_params("SM001", "LAPOR Loa Ipuh warga blokade jalan"))
    assert response.status == 200
    assert response.headers["content-type"].startswith("text/xml")
    report = Report.objects.get()
    assert report.channel == Channel.TWILIO
    assert report.area_id == "64.02.06.1002"
    assert report.text == "warga blokade jalan"
    assert report.reporter_identity == {"phone": "+6281298765432"}
    assert "<Message>" in response.text and report.tracking_code in response.text


def test_twilio_same_message_twice_is_one_report(app):
    params = twilio_params("SM002", "LAPOR Loa Ipuh ada bentrok")
    first, second = twilio_post(app, params), twilio_post(app, params)
    assert first.status == second.status == 200
    assert Report.objects.count() == 1


@pytest.mark.parametrize("token", ["wrong-token", ""])
def test_twilio_bad_signature_is_refused(app, token):
    params = twilio_params("SM003", "LAPOR Loa Ipuh x")
    signed = token != ""
    response = twilio_post(app, params, token=token) if signed else app.post(TWILIO, data=params)
    assert response.status == 403
    assert Report.objects.count() == 0


def test_twilio_status_change_is_sent_back_through_the_rest_api(app, outside, personas):
    from waspada.intake import services

    outside.routes["/2010-04-01/Accounts/AC0123/Messages.json"] = (
        201,
        "application/json",
        {"sid": "SMOUT"},
    )
    twilio_post(app, twilio_params("SM004", "LAPOR Loa Ipuh ada bentrok"))
    report = Report.objects.get()
    with app.live.capture(execute=True):
        services.change_status(report, Status.TERVERIFIKASI, actor=personas["analyst"], notify=True)
    [sent] = outside.requests_to("/Messages.json")
    form = dict(pair.split("=", 1) for pair in sent.body.decode().split("&"))
    assert form["To"] == "%2B6281298765432"
    assert sent.headers["Authorization"].startswith("Basic ")


def gateway_post(app, message_id, message, secret=GATEWAY_SECRET, as_json=False):
    fields = {
        "from": "+6281311112222",
        "message": message,
        "message_id": message_id,
        "sent_to": "+6281199990000",
        "secret": secret,
        "device_id": "1",
        "sent_timestamp": "1764300000000",
    }
    if as_json:
        return app.post(GATEWAY, json=fields)
    return app.post(GATEWAY, data=fields)


def test_gateway_message_is_stored_and_the_answer_rides_back_to_the_phone(app):
    response = gateway_post(app, "m-1", "LAPOR Loa Ipuh spanduk provokatif")
    assert response.status == 200
    payload = response.json()["payload"]
    report = Report.objects.get()
    assert payload["success"] is True and payload["task"] == "send"
    assert payload["messages"][0]["to"] == "+6281311112222"
    assert report.tracking_code in payload["messages"][0]["message"]
    assert report.channel == Channel.SMS and report.area_id == "64.02.06.1002"


def test_gateway_json_and_repeat(app):
    gateway_post(app, "m-2", "ada keributan", as_json=True)
    gateway_post(app, "m-2", "ada keributan", as_json=True)
    report = Report.objects.get()
    assert report.text == "ada keributan"


def test_gateway_unstructured_message_gets_the_syntax_in_the_answer(app):
    response = gateway_post(app, "m-3", "tolong ada ribut")
    assert "LAPOR" in response.json()["payload"]["messages"][0]["message"]
    assert Report.objects.count() == 1


def test_gateway_cek_answers_the_status_and_stores_nothing_new(app):
    gateway_post(app, "m-4", "LAPOR Loa Ipuh ada bentrok")
    code = Report.objects.get().tracking_code
    response = gateway_post(app, "m-5", f"CEK {code}")
    assert Report.objects.count() == 1
    assert code in response.json()["payload"]["messages"][0]["message"]


def test_gateway_bad_secret_is_refused(app):
    response = gateway_post(app, "m-6", "LAPOR Loa Ipuh x", secret="wrong")
    assert response.status == 403
    assert Report.objects.count() == 0
