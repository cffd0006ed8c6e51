"""Acknowledgement without signing in: a signed link in each message, and the data of the
Telegram button (at most 64 bytes, so a short HMAC instead of a full signature)."""

import hashlib
import hmac

from django.conf import settings
from django.core import signing
from django.urls import reverse

SALT = "waspada.alerts.ack"
MAX_AGE = 14 * 24 * 3600  # a link older than two weeks is no longer an acknowledgement


def ack_token(alert, user) -> str:
    return signing.dumps([alert.pk, user.pk], salt=SALT, compress=True)


def read_ack_token(token: str) -> tuple[int, int]:
    """(alert id, user id); raises signing.BadSignature (or SignatureExpired)."""
    alert_id, user_id = signing.loads(token, salt=SALT, max_age=MAX_AGE)
    return int(alert_id), int(user_id)


def ack_url(alert, user) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("alerts:ack_link", args=[ack_token(alert, user)])


def _short_mac(alert_id: int, user_id: int) -> str:
    key = (settings.SECRET_KEY + SALT).encode()
    return hmac.new(key, f"{alert_id}:{user_id}".encode(), hashlib.sha256).hexdigest()[:20]


def telegram_data(alert, user) -> str:
    return f"ack:{alert.pk}:{user.pk}:{_short_mac(alert.pk, user.pk)}"


def read_telegram_data(data: str) -> tuple[int, int] | None:
    parts = (data or "").split(":")
    if len(parts) != 4 or parts[0] != "ack" or not parts[1].isdigit() or not parts[2].isdigit():
        return None
    alert_id, user_id = int(parts[1]), int(parts[2])
    if not hmac.compare_digest(parts[3], _short_mac(alert_id, user_id)):
        return None
    return alert_id, user_id
