"""The WhatsApp Business Cloud (Graph) API, through the one outbound HTTP wrapper:
``WASPADA_WHATSAPP_ACCESS_TOKEN``, ``WASPADA_WHATSAPP_PHONE_NUMBER_ID`` (sending and media),
``WASPADA_WHATSAPP_APP_SECRET`` (the webhook's signature), ``WASPADA_WHATSAPP_API_URL``."""

from __future__ import annotations

import hashlib
import hmac
from typing import Any

from django.conf import settings

from waspada.lib import http


def can_send() -> bool:
    return bool(
        settings.WASPADA_WHATSAPP_ACCESS_TOKEN and settings.WASPADA_WHATSAPP_PHONE_NUMBER_ID
    )


def signature(app_secret: str, body: bytes) -> str:
    """``X-Hub-Signature-256`` of a webhook body: HMAC-SHA256 with the app secret."""
    return "sha256=" + hmac.new(app_secret.encode(), body, hashlib.sha256).hexdigest()


def graph(path: str) -> str:
    return f"{settings.WASPADA_WHATSAPP_API_URL.rstrip('/')}/{path}"


def auth() -> dict[str, str]:
    return {"Authorization": f"Bearer {settings.WASPADA_WHATSAPP_ACCESS_TOKEN}"}


def send(to: str, content: dict[str, Any], **options: Any) -> http.Response:
    """POST one message (``content``: its ``type`` and that type's object) to ``to`` (a wa_id
    or number); ``options`` for ``http.post``. Raises ``http.HttpError``."""
    return http.post(
        graph(f"{settings.WASPADA_WHATSAPP_PHONE_NUMBER_ID}/messages"),
        json={"messaging_product": "whatsapp", "recipient_type": "individual", "to": to, **content},
        headers=auth(),
        **options,
    )


def download(media_id: str, name: str = "") -> tuple[bytes, str]:
    """Media a message referred to: its short-lived URL first, then the bytes."""
    info = http.get(graph(media_id), headers=auth()).json()
    if not info.get("url"):
        raise http.HttpError("media without url", permanent=True)
    response = http.get(
        info["url"], headers=auth(), max_bytes=settings.WASPADA_INTAKE_MAX_ATTACHMENT_BYTES
    )
    return response.body, name
