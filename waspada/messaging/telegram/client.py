"""The Telegram Bot API, through the one outbound HTTP wrapper: ``WASPADA_TELEGRAM_BOT_TOKEN``
(and ``WASPADA_TELEGRAM_API_URL``, a stand-in in tests)."""

from __future__ import annotations

from typing import Any

from django.conf import settings

from waspada.lib import http


def configured() -> bool:
    return bool(settings.WASPADA_TELEGRAM_BOT_TOKEN)


def api_url(method: str) -> str:
    base = settings.WASPADA_TELEGRAM_API_URL.rstrip("/")
    return f"{base}/bot{settings.WASPADA_TELEGRAM_BOT_TOKEN}/{method}"


def call(method: str, body: dict[str, Any], **options: Any) -> http.Response:
    """POST ``body`` to a Bot API method (``options`` for ``http.post``: timeout, retries).
    Raises ``http.HttpError``."""
    return http.post(api_url(method), json=body, **options)


def download(file_id: str) -> tuple[bytes, str]:
    """A file the bot received (``getFile``, then the file itself): its bytes and name."""
    info = call("getFile", {"file_id": file_id}).json()
    path = (info.get("result") or {}).get("file_path")
    if not info.get("ok") or not path:
        raise http.HttpError("getFile gave no file_path", permanent=True)
    base = settings.WASPADA_TELEGRAM_API_URL.rstrip("/")
    response = http.get(
        f"{base}/file/bot{settings.WASPADA_TELEGRAM_BOT_TOKEN}/{path}",
        max_bytes=settings.WASPADA_INTAKE_MAX_ATTACHMENT_BYTES,
    )
    return response.body, path.rsplit("/", 1)[-1]
