"""Alerts by Telegram: Bot API ``sendMessage``, through the intake bot (the same token).

An alert carries an inline "Acknowledge" button whose callback data the bot's webhook
(``inbound``) hands to the handler the alerts app registered (``waspada.alerts.telegram_ack``).
``address`` is the chat id.
"""

from django.utils.translation import gettext_lazy as _

from waspada.alerts.transports import Outgoing, Transport, TransportError
from waspada.lib import http

from . import client


class TelegramTransport(Transport):
    kind = "telegram"
    label = _("Telegram")

    def enabled(self) -> bool:
        return client.configured()

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
        try:
            answer = client.call("sendMessage", body, timeout=15).json()
        except http.HttpError as e:
            raise TransportError.from_http(e) from e
        if not isinstance(answer, dict) or not answer.get("ok"):
            raise TransportError(f"Telegram refused: {answer!r:.200}", permanent=True)
        return str((answer.get("result") or {}).get("message_id", ""))


TRANSPORT = TelegramTransport()
