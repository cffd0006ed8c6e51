import struct
import zlib

import pytest

from waspada.lib import http

from .servers import LiveApp, Outside

BOT_TOKEN = "123456:TEST-bot-token"
TELEGRAM_SECRET = "telegram-webhook-secret"
WA_APP_SECRET = "whatsapp-app-secret"
WA_VERIFY = "whatsapp-verify-token"
TWILIO_TOKEN = "twilio-auth-token"
GATEWAY_SECRET = "gateway-secret"
KOBO_USER, KOBO_PASSWORD = "kobo", "kobo-password"
INTAKE_ADDRESS = "lapor@waspada.test"

# A 1x1 JPEG with an Exif block carrying GPS tags (the kind phones write).
EXIF = (
    b"Exif\x00\x00MM\x00*\x00\x00\x00\x08\x00\x01\x88\x25\x00\x04\x00\x00\x00\x01"
    b"\x00\x00\x00\x1aGPSLATITUDE-0.4312"
)
JPEG = (
    b"\xff\xd8"
    + b"\xff\xe1"
    + struct.pack(">H", len(EXIF) + 2)
    + EXIF
    + b"\xff\xdb\x00\x43\x00"
    + bytes(64)
    + b"\xff\xc0\x00\x0b\x08\x00\x01\x00\x01\x01\x01\x11\x00"
    + b"\xff\xda\x00\x08\x01\x01\x00\x00\x3f\x00\xd2\xcf\x20\xff\xd9"
)


def _png_chunk(kind, data):
    return (
        struct.pack(">I", len(data))
        + kind
        + data
        + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    )


PNG = (
    b"\x89PNG\r\n\x1a\n"
    + _png_chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0))
    + _png_chunk(b"tEXt", b"GPS\x00-0.4312,116.98")
    + _png_chunk(b"IDAT", zlib.compress(b"\x00\x00"))
    + _png_chunk(b"IEND", b"")
)


@pytest.fixture(autouse=True)
def intake_settings(settings, tmp_path):
    settings.WASPADA_HTTP_ALLOW_PRIVATE = True
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.WASPADA_TELEGRAM_BOT_TOKEN = BOT_TOKEN
    settings.WASPADA_TELEGRAM_SECRET = TELEGRAM_SECRET
    settings.WASPADA_WHATSAPP_APP_SECRET = WA_APP_SECRET
    settings.WASPADA_WHATSAPP_VERIFY_TOKEN = WA_VERIFY
    settings.WASPADA_WHATSAPP_ACCESS_TOKEN = "whatsapp-access-token"
    settings.WASPADA_WHATSAPP_PHONE_NUMBER_ID = "1098765"
    settings.WASPADA_TWILIO_ACCOUNT_SID = "AC0123"
    settings.WASPADA_TWILIO_AUTH_TOKEN = TWILIO_TOKEN
    settings.WASPADA_TWILIO_FROM = "+15550001111"
    settings.WASPADA_SMS_GATEWAY_SECRET = GATEWAY_SECRET
    settings.WASPADA_KOBO_USERNAME = KOBO_USER
    settings.WASPADA_KOBO_PASSWORD = KOBO_PASSWORD
    settings.WASPADA_EMAIL_INTAKE_ADDRESSES = [INTAKE_ADDRESS]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    from django.core.cache import cache

    cache.clear()
    return settings


@pytest.fixture
def outside(settings):
    """The outside services, on loopback; the channels' API URLs point at it."""
    server = Outside().start()
    settings.WASPADA_TELEGRAM_API_URL = server.url
    settings.WASPADA_WHATSAPP_API_URL = server.url
    settings.WASPADA_TWILIO_API_URL = server.url
    settings.WASPADA_SMS_GATEWAY_SEND_URL = f"{server.url}/gateway/send"
    yield server
    server.stop()


@pytest.fixture
def app(db, django_capture_on_commit_callbacks):
    """The running app on loopback. ``app.post(...)`` sends a real HTTP request and runs the
    on-commit hand-offs (tasks run at once in these tests) before it returns."""
    with LiveApp() as live:
        live.capture = django_capture_on_commit_callbacks
        yield AppClient(live)


class AppClient:
    def __init__(self, live):
        self.live = live
        self.url = live.url

    def request(self, method, path, **kwargs):
        kwargs.setdefault("raise_for_status", False)
        kwargs.setdefault("timeout", 30)
        with self.live.capture(execute=True):
            return http.request(method, self.url + path, **kwargs)

    def get(self, path, **kwargs):
        return self.request("GET", path, **kwargs)

    def post(self, path, **kwargs):
        return self.request("POST", path, **kwargs)
