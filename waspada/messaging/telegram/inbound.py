"""The Telegram bot's webhook as an intake channel (Bot API). Telegram sends each ``Update``
as JSON with the secret given to ``setWebhook`` in ``X-Telegram-Bot-Api-Secret-Token``.

A short guided conversation: /start explains what to send; a text message becomes a report
and the bot asks for a location or a photo; a location or a photo without caption sent within
30 minutes is added to that report (or starts one, and the bot asks what happened).
Answers go out through ``sendMessage`` (by the worker, through the outbound HTTP wrapper).
A button press (``callback_query``) goes to the handler registered for its data's prefix
(``on_callback``: the alerts app's "Acknowledge" button registers ``ack:``).
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import JsonResponse
from django.utils.translation import gettext as _

from waspada.intake.channels import InboundChannel, Malformed, Rejected
from waspada.intake.channels.common import help_text, json_body, localised, raw_of, same
from waspada.intake.drafts import Draft
from waspada.intake.models import Channel, Report

from . import client

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"  # noqa: S105 - a header name

# Button presses: the prefix of the callback data -> the handler (True when it was its own).
CALLBACK_HANDLERS: dict[str, Callable[[dict], bool]] = {}


def on_callback(prefix: str, handler: Callable[[dict], bool]) -> None:
    """Hand every ``callback_query`` whose data starts with ``prefix`` to ``handler``."""
    CALLBACK_HANDLERS[prefix] = handler


def handle_callback(callback_query: dict) -> bool:
    data = str(callback_query.get("data") or "")
    for prefix, handler in CALLBACK_HANDLERS.items():
        if data.startswith(prefix):
            return handler(callback_query)
    return False


class TelegramChannel(InboundChannel):
    name = Channel.TELEGRAM

    def enabled(self) -> bool:
        return bool(settings.WASPADA_TELEGRAM_BOT_TOKEN and settings.WASPADA_TELEGRAM_SECRET)

    def authenticate(self, request) -> None:
        if not same(request.headers.get(SECRET_HEADER), settings.WASPADA_TELEGRAM_SECRET):
            raise Rejected("bad secret token", status=403)

    def parse(self, request) -> list[Draft]:
        update = json_body(request)
        if not isinstance(update, dict) or "update_id" not in update:
            raise Malformed("not a Telegram Update")
        if isinstance(update.get("callback_query"), dict):
            handle_callback(update["callback_query"])  # a button under one of our messages
            return []
        message = update.get("message")
        if not isinstance(message, dict) or not isinstance(message.get("chat"), dict):
            return []  # edited messages, member updates: nothing to store
        chat_id = message["chat"]["id"]
        sender = message.get("from") or {}
        name = " ".join(p for p in (sender.get("first_name"), sender.get("last_name")) if p)
        identity = {
            "name": name,
            "telegram": f"@{sender['username']}"
            if sender.get("username")
            else str(sender.get("id", "")),
        }
        draft = Draft(
            channel=self.name,
            raw=raw_of(request),
            message_id=str(update["update_id"]),
            text=message.get("text") or message.get("caption") or "",
            anonymous=False,
            identity=identity,
            sender_id=str(chat_id),
            reply_to={"chat_id": chat_id},
            # The app's language ("id", "en-GB"): answers about the report use it.
            language=str(sender.get("language_code") or "")[:2].lower(),
        )
        location = message.get("location")
        if isinstance(location, dict):
            draft.lat, draft.lon = location.get("latitude"), location.get("longitude")
        photos = message.get("photo")
        if isinstance(photos, list) and photos:
            largest = max(photos, key=lambda p: p.get("file_size") or p.get("width") or 0)
            draft.remote_media.append(
                {
                    "file_id": largest.get("file_id"),
                    "name": f"telegram-{largest.get('file_unique_id')}",
                }
            )
        document = message.get("document")
        if isinstance(document, dict) and document.get("file_id"):
            draft.remote_media.append(
                {"file_id": document["file_id"], "name": document.get("file_name", "")}
            )
        voice = message.get("voice") or message.get("audio")
        if isinstance(voice, dict) and voice.get("file_id"):
            draft.remote_media.append({"file_id": voice["file_id"], "name": "voice.ogg"})
        draft.followup = not draft.text
        if not draft.text and draft.lat is None and not draft.remote_media:
            return []  # stickers, contacts, polls: nothing to report
        return [draft]

    def command(self, draft: Draft) -> str | None:
        text = draft.text.strip()
        if not text.startswith("/"):
            return None
        word, _sep, arg = text.partition(" ")
        word = word.split("@", 1)[0].lower()
        if word in ("/start", "/help", "/bantuan", "/lapor"):
            return help_text()
        if word in ("/cek", "/status"):
            report = Report.objects.filter(tracking_code=arg.strip().upper()).first()
            if report is None:
                return localised(_, "Waspada: no report with that tracking code.")
            from waspada.intake.services import status_message

            return status_message(report)
        return help_text()

    def receipt(self, outcome) -> str:
        from waspada.intake.services import receipt_message

        report = outcome.report
        if outcome.followup:
            return localised(_, "Added to report %(code)s.") % {"code": report.tracking_code}
        if not report.text:
            return localised(
                _, "Received (tracking code %(code)s). Now tell us what happened, where and when."
            ) % {"code": report.tracking_code}
        text = receipt_message(report)
        if not report.has_location:
            text += " " + localised(
                _,
                "You can share your location (📎 → Location) or send a "
                "photo to add them to this report.",
            )
        return text

    def respond(self, request, outcomes):
        return JsonResponse({"ok": True})

    def can_send(self) -> bool:
        return self.enabled()

    def send(self, reply_to: dict, text: str) -> None:
        client.call("sendMessage", {"chat_id": reply_to["chat_id"], "text": text}, retries=2)

    def fetch_media(self, ref: dict) -> tuple[bytes, str]:
        return client.download(ref["file_id"])


CHANNELS = [TelegramChannel()]
