"""A generic webhook: POST JSON to the subscriber's URL.

Headers: ``Idempotency-Key`` (the same on every attempt of one message: receivers drop
repeats), ``X-Waspada-Timestamp`` (Unix seconds) and ``X-Waspada-Signature``:
``sha256=`` + hex HMAC-SHA256 of ``"{timestamp}.{body}"`` with the channel's secret. Private
addresses are refused unless ``WASPADA_HTTP_ALLOW_PRIVATE`` is set (the HTTP wrapper checks
the address actually connected).
"""

import hashlib
import hmac
import json
import time
from urllib.parse import urlsplit

from django.utils.translation import gettext_lazy as _

from .base import Outgoing, Transport

SIGNATURE_HEADER = "X-Waspada-Signature"
TIMESTAMP_HEADER = "X-Waspada-Timestamp"
KEY_HEADER = "Idempotency-Key"


def sign(secret: str, timestamp: str, body: bytes) -> str:
    mac = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256)
    return "sha256=" + mac.hexdigest()


def verify(secret: str, timestamp: str, body: bytes, signature: str) -> bool:
    """What a receiver does (and our tests' receiver does) to check a delivery."""
    return hmac.compare_digest(sign(secret, timestamp, body).encode(), signature.encode())


class WebhookTransport(Transport):
    kind = "webhook"
    label = _("Webhook")

    def clean_address(self, address: str) -> str:
        address = super().clean_address(address)
        parts = urlsplit(address)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError("an http(s) URL")
        return address

    def notify(self, message: Outgoing) -> str:
        body = json.dumps(
            {
                "id": message.key,
                "subject": message.subject,
                "text": message.text,
                "link": message.link,
                **message.payload,
            },
            ensure_ascii=False,
            sort_keys=True,
        ).encode()
        timestamp = str(int(time.time()))
        headers = {
            "Content-Type": "application/json",
            KEY_HEADER: message.key,
            TIMESTAMP_HEADER: timestamp,
        }
        if message.secret:
            headers[SIGNATURE_HEADER] = sign(message.secret, timestamp, body)
        self.post(message.address, data=body, headers=headers)
        return message.key


TRANSPORT = WebhookTransport()
