"""Telegram Bot API ``sendMessage``, through the intake bot (the same token).

An alert carries an inline "Acknowledge" button whose callback data the bot's webhook hands
to ``waspada.alerts.ack.telegram_callback``. ``address`` is the chat id.
"""

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .base import Outgoing, Transport, TransportError


def api_url(method: str) -> str:
    base = settings.WASPADA_TELEGRAM_API_URL.rstrip("/")
    return f"{base}/bot{settings.WASPADA_TELEGRAM_BOT_TOKEN}/{method}"


class TelegramTransport(Transport):
    kind = "telegram"
    label = _("Telegram")

    def enabled(self) -> bool:
        return bool(settings.WASPADA_TELEGRAM_BOT_TOKEN)

    def clean_address(self, address: str) -> str:
        address = super().clean_address(address)
        if not address.lstrip("-").isdigit() and not address.startswith("@"):
            raise ValueError("a Telegram chat id (a number) or @channel name")
        return address

    def notify(self, message: Outgoing) -> str:
        text = f"{message.subject}\n\n{message.text}" if message.subject else message.text
        if message.link:
            text = f"{text}\n\n{message.link}"
        body = {"chat_id": message.address, "text": text[:4096], "disable_web_page_preview": True}
        if message.buttons:
            body["reply_markup"] = {
                "inline_keyboard": [
                    [{"text": label, "callback_data": data[:64]} for label, data in message.buttons]
                ]
            }
        answer = self.post(api_url("sendMessage"), json=body).json()
        if not isinstance(answer, dict) or not answer.get("ok"):
            raise TransportError(f"Telegram refused: {answer!r:.200}", permanent=True)
        return str((answer.get("result") or {}).get("message_id", ""))


TRANSPORT = TelegramTransport()
