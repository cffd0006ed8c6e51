"""Alerts by SMS, through the intake's providers: the Android gateway phone's send URL when set
(``sms_gateway``), else Twilio (``twilio``). Texts are cut to three SMS (459 characters); the
link comes last but is never cut."""

from django.utils.translation import gettext_lazy as _

from waspada.alerts.transports import Outgoing, Transport, TransportError
from waspada.lib import http
from waspada.messaging.sms_gateway import client as gateway
from waspada.messaging.twilio import client as twilio

MAX_CHARS = 459


class SmsTransport(Transport):
    kind = "sms"
    label = _("SMS")

    def enabled(self) -> bool:
        return gateway.can_send() or twilio.can_send()

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
        try:
            if gateway.can_send():
                answer = gateway.send_sms(message.address, text, key=message.key, timeout=15)
                return str(answer.json().get("id", "")) if answer.body.startswith(b"{") else ""
            return str(twilio.send_sms(message.address, text, timeout=15).json().get("sid", ""))
        except http.HttpError as e:
            raise TransportError.from_http(e) from e


TRANSPORT = SmsTransport()
