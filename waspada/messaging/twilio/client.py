"""Twilio's Messages REST API and webhook signature, through the one outbound HTTP wrapper:
``WASPADA_TWILIO_ACCOUNT_SID``, ``WASPADA_TWILIO_AUTH_TOKEN``, ``WASPADA_TWILIO_FROM``,
``WASPADA_TWILIO_API_URL``.

Signature (Twilio docs, "Webhooks security"): Base64(HMAC-SHA1(auth token, the full webhook
URL followed by every POST parameter name and value, sorted by name)).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from typing import Any

from django.conf import settings

from waspada.lib import http


def can_send() -> bool:
    return bool(settings.WASPADA_TWILIO_ACCOUNT_SID and settings.WASPADA_TWILIO_FROM)


def signature(auth_token: str, url: str, params: dict[str, str]) -> str:
    payload = url + "".join(f"{k}{params[k]}" for k in sorted(params))
    digest = hmac.new(auth_token.encode(), payload.encode("utf-8"), hashlib.sha1).digest()
    return base64.b64encode(digest).decode("ascii")


def send_sms(to: str, body: str, **options: Any) -> http.Response:
    """Send one SMS from ``WASPADA_TWILIO_FROM``; ``options`` for ``http.post``."""
    sid = settings.WASPADA_TWILIO_ACCOUNT_SID
    return http.post(
        f"{settings.WASPADA_TWILIO_API_URL.rstrip('/')}/2010-04-01/Accounts/{sid}/Messages.json",
        data={"To": to, "From": settings.WASPADA_TWILIO_FROM, "Body": body},
        auth=(sid, settings.WASPADA_TWILIO_AUTH_TOKEN),
        **options,
    )
