"""SMS through the intake's gateway: the Android gateway phone's send URL when set, else
Twilio. Texts are cut to three SMS (459 characters); the link comes first so it survives."""

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .base import Outgoing, Transport

MAX_CHARS = 459


class SmsTransport(Transport):
    kind = "sms"
    label = _("SMS")

    def _gateway(self) -> bool:
        return bool(settings.WASPADA_SMS_GATEWAY_SEND_URL)

    def _twilio(self) -> bool:
        return bool(settings.WASPADA_TWILIO_ACCOUNT_SID and settings.WASPADA_TWILIO_FROM)

    def enabled(self) -> bool:
        return self._gateway() or self._twilio()

    def clean_address(self, address: str) -> str:
        raw = super().clean_address(address)
        digits = "".join(c for c in raw if c.isdigit())
        if digits.startswith("0"):
            digits = "62" + digits[1:]
        if not 8 <= len(digits) <= 15:
            raise ValueError("a phone number in international form (+62…)")
        return "+" + digits

    def body(self, message: Outgoing) -> str:
        head = message.subject or ""
        tail = f" {message.link}" if message.link else ""
        room = MAX_CHARS - len(head) - len(tail) - 2
        text = message.text if len(message.text) <= room else message.text[: max(room - 1, 0)] + "…"
        return f"{head}: {text}{tail}".strip(": ") if head else f"{text}{tail}"

    def notify(self, message: Outgoing) -> str:
        text = self.body(message)
        if self._gateway():
            answer = self.post(
                settings.WASPADA_SMS_GATEWAY_SEND_URL,
                json={
                    "to": message.address,
                    "message": text,
                    "id": message.key,
                    "secret": settings.WASPADA_SMS_GATEWAY_SECRET,
                },
            )
            return str(answer.json().get("id", "")) if answer.body.startswith(b"{") else ""
        sid = settings.WASPADA_TWILIO_ACCOUNT_SID
        answer = self.post(
            f"{settings.WASPADA_TWILIO_API_URL.rstrip('/')}/2010-04-01/Accounts/{sid}/Messages.json",
            data={"To": message.address, "From": settings.WASPADA_TWILIO_FROM, "Body": text},
            auth=(sid, settings.WASPADA_TWILIO_AUTH_TOKEN),
        )
        return str(answer.json().get("sid", ""))


TRANSPORT = SmsTransport()
