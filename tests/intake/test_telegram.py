"""Telegram Bot API webhook: Updates as Telegram sends them, answers through sendMessage."""

import pytest

from waspada.intake.models import Channel, Report

from .conftest import BOT_TOKEN, JPEG, TELEGRAM_SECRET

URL = "/laporan/masuk/telegram/"
HEADER = "X-Telegram-Bot-Api-Secret-Token"


def update(update_id, **message):
    return {
        "update_id": update_id,
        "message": {
            "message_id": update_id + 1000,
            "from": {
                "id": 777001,
                "is_bot": False,
                "first_name": "Budi",
                "last_name": "Santoso",
                "username": "budis",
                "language_code": "id",
            },
            "chat": {"id": 777001, "first_name": "Budi", "type": "private"},
            "date": 1764300000,
            **message,
        },
    }


def send(app, payload, secret=TELEGRAM_SECRET):
    return app.post(URL, json=payload, headers={HEADER: secret} if secret else {})


@pytest.fixture
def bot(outside):
    outside.routes.update(
        {
            f"/bot{BOT_TOKEN}/sendMessage": (200, "application/json", {"ok": True, "result": {}}),
            f"/bot{BOT_TOKEN}/getFile": (
                200,
                "application/json",
                {"ok": True, "result": {"file_id": "F1", "file_path": "photos/file_1.jpg"}},
            ),
            f"/file/bot{BOT_TOKEN}/photos/file_1.jpg": (200, "image/jpeg", JPEG),
        }
    )
    return outside


def test_it_stores_a_text_message_and_answers_with_the_tracking_code(app, bot):
    response = send(app, update(1, text="Warga Desa Loa Ipuh memblokade jalan tambang"))
    assert response.status == 200
    report = Report.objects.get()
    assert report.channel == Channel.TELEGRAM
    assert report.channel_message_id == "1"
    assert "blokade" in report.text
    assert report.reply_to == {"chat_id": 777001}
    assert report.reporter_identity["name"] == "Budi Santoso"
    assert report.raw_body == response_body(
        update(1, text="Warga Desa Loa Ipuh memblokade jalan tambang")
    )
    [answer] = bot.requests_to("/sendMessage")
    assert answer.json()["chat_id"] == 777001
    assert report.tracking_code in answer.json()["text"]


def response_body(payload):
    import json

    return json.dumps(payload, ensure_ascii=False).encode()


def test_it_adds_a_shared_location_and_a_photo_to_the_report(app, bot):
    send(app, update(10, text="Ada keributan di pasar"))
    send(app, update(11, location={"latitude": -0.4203, "longitude": 116.9927}))
    send(
        app,
        update(
            12,
            photo=[
                {
                    "file_id": "F0",
                    "file_unique_id": "u0",
                    "width": 90,
                    "height": 90,
                    "file_size": 900,
                },
                {
                    "file_id": "F1",
                    "file_unique_id": "u1",
                    "width": 800,
                    "height": 800,
                    "file_size": 60000,
                },
            ],
        ),
    )
    report = Report.objects.get()
    assert (report.lat, report.lon) == (-0.4203, 116.9927)
    assert report.area is not None and report.kecamatan_code == "64.02.06"
    [photo] = report.attachments.all()
    assert photo.content_type == "image/jpeg" and photo.is_fetched
    assert bot.requests_to("/getFile")[0].json() == {"file_id": "F1"}
    assert len(bot.requests_to("/sendMessage")) == 3
    assert report.log.filter(kind="followup").count() == 2


def test_a_location_first_then_text_is_one_report(app, bot):
    send(app, update(20, location={"latitude": -0.4203, "longitude": 116.9927}))
    send(app, update(21, text="Spanduk provokatif dipasang malam tadi"))
    report = Report.objects.get()
    assert report.has_location and "Spanduk" in report.text


def test_start_explains_and_stores_nothing(app, bot):
    send(app, update(30, text="/start"))
    assert Report.objects.count() == 0
    [answer] = bot.requests_to("/sendMessage")
    assert "CEK" in answer.json()["text"]


def test_the_same_update_twice_is_one_report(app, bot):
    payload = update(40, text="Bentrok antar pemuda")
    assert send(app, payload).status == 200
    assert send(app, payload).status == 200
    assert Report.objects.count() == 1
    assert len(bot.requests_to("/sendMessage")) == 1


@pytest.mark.parametrize("secret", ["", "wrong-secret"])
def test_a_bad_secret_token_is_refused_and_nothing_stored(app, bot, secret):
    response = send(app, update(50, text="Palsu"), secret=secret)
    assert response.status == 403
    assert Report.objects.count() == 0
    assert bot.seen == []


def test_a_disabled_bot_answers_404(app, settings):
    settings.WASPADA_TELEGRAM_BOT_TOKEN = ""
    assert send(app, update(60, text="x")).status == 404


def test_malformed_json_is_400(app, bot):
    response = app.post(
        URL,
        data=b"{not json",
        headers={HEADER: TELEGRAM_SECRET, "Content-Type": "application/json"},
    )
    assert response.status == 400
    assert Report.objects.count() == 0


def test_a_location_outside_indonesia_is_dropped_and_the_sender_told(app, bot):
    send(app, update(70, text="Ada keributan"))
    send(app, update(71, location={"latitude": 48.85, "longitude": 2.35}))
    report = Report.objects.get()
    assert not report.has_location
    assert "Indonesia" in bot.requests_to("/sendMessage")[-1].json()["text"]


def test_a_reporter_writing_in_english_is_answered_in_english(app, bot):
    payload = update(20, text="Two groups clashed near the market in Loa Ipuh")
    payload["message"]["from"]["language_code"] = "en-GB"
    send(app, payload)
    report = Report.objects.get()
    assert report.language == "en"
    [receipt] = bot.requests_to("/sendMessage")
    assert "Tracking code" in receipt.json()["text"]
    send(app, update(21, text=f"/cek {report.tracking_code}"))
    answer = bot.requests_to("/sendMessage")[-1].json()["text"]
    assert f"report {report.tracking_code} is now: New" in answer
    assert "not yet reviewed" in answer
