"""WhatsApp Business Cloud API: a text message from the intake number.

Meta delivers free-form text only within 24 hours of the recipient's last message; outside
that window it answers with an error the API reports as permanent for this message. Teams
that need alerts at any time register a template and set ``WASPADA_WHATSAPP_ALERT_TEMPLATE``.
"""

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .base import Outgoing, Transport


class WhatsAppTransport(Transport):
    kind = "whatsapp"
    label = _("WhatsApp")

    def enabled(self) -> bool:
        return bool(
            settings.WASPADA_WHATSAPP_ACCESS_TOKEN and settings.WASPADA_WHATSAPP_PHONE_NUMBER_ID
        )

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
        body = {
            "messaging_product": "whatsapp",
            "recipient_type": "individual",
            "to": message.address,
        }
        if template:
            body.update(
                type="template",
                template={
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
            )
        else:
            body.update(type="text", text={"body": text[:4096], "preview_url": False})
        base = settings.WASPADA_WHATSAPP_API_URL.rstrip("/")
        answer = self.post(
            f"{base}/{settings.WASPADA_WHATSAPP_PHONE_NUMBER_ID}/messages",
            json=body,
            headers={"Authorization": f"Bearer {settings.WASPADA_WHATSAPP_ACCESS_TOKEN}"},
        ).json()
        messages = answer.get("messages") if isinstance(answer, dict) else None
        return str(messages[0].get("id", "")) if messages else ""


TRANSPORT = WhatsAppTransport()
