"""Alerts by WhatsApp (Business Cloud API): a text message from the intake number.

Meta delivers free-form text only within 24 hours of the recipient's last message; outside
that window it answers with an error the API reports as permanent for this message. Teams
that need alerts at any time register a template and set ``WASPADA_WHATSAPP_ALERT_TEMPLATE``.
"""

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from waspada.alerts.transports import Outgoing, Transport, TransportError
from waspada.lib import http

from . import client


class WhatsAppTransport(Transport):
    kind = "whatsapp"
    label = _("WhatsApp")

    def enabled(self) -> bool:
        return client.can_send()

    def clean_address(self, address: str) -> str:
        digits = "".join(c for c in super().clean_address(address) if c.isdigit())
        if digits.startswith("0"):
            digits = "62" + digits[1:]  # Indonesian numbers written 08…
        if not 8 <= len(digits) <= 15:
            raise ValueError("a phone number in international form (62…)")
        return digits

    def notify(self, message: Outgoing) -> str:
        text = f"*{message.subject}*\n\n{message.text}" if message.subject else message.text
        if message.link:
            text = f"{text}\n\n{message.link}"
        template = getattr(settings, "WASPADA_WHATSAPP_ALERT_TEMPLATE", "")
        if template:
            content = {
                "type": "template",
                "template": {
                    "name": template,
                    "language": {"code": settings.WASPADA_WHATSAPP_TEMPLATE_LANGUAGE},
                    "components": [
                        {
                            "type": "body",
                            "parameters": [
                                {"type": "text", "text": message.subject[:900]},
                                {"type": "text", "text": (message.link or message.text)[:900]},
                            ],
                        }
                    ],
                },
            }
        else:
            content = {"type": "text", "text": {"body": text[:4096], "preview_url": False}}
        try:
            answer = client.send(message.address, content, timeout=15).json()
        except http.HttpError as e:
            raise TransportError.from_http(e) from e
        messages = answer.get("messages") if isinstance(answer, dict) else None
        return str(messages[0].get("id", "")) if messages else ""


TRANSPORT = WhatsAppTransport()
