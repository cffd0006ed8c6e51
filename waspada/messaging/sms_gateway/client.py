"""Sending through the gateway phone: a JSON POST to ``WASPADA_SMS_GATEWAY_SEND_URL`` with the
shared ``WASPADA_SMS_GATEWAY_SECRET``."""

from __future__ import annotations

from typing import Any

from django.conf import settings

from waspada.lib import http


def can_send() -> bool:
    return bool(settings.WASPADA_SMS_GATEWAY_SEND_URL)


def send_sms(to: str, message: str, *, key: str = "", **options: Any) -> http.Response:
    """Ask the phone to send one SMS (``key``: an id it may echo); ``options`` for
    ``http.post``."""
    body = {"to": to, "message": message}
    if key:
        body["id"] = key
    body["secret"] = settings.WASPADA_SMS_GATEWAY_SECRET
    return http.post(settings.WASPADA_SMS_GATEWAY_SEND_URL, json=body, **options)
