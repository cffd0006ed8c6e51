"""E-mail through Django's mail backend (SMTP in production, the console when embedded)."""

import smtplib

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.core.validators import validate_email
from django.utils.translation import gettext_lazy as _

from .base import Outgoing, Transport, TransportError

ACK_TEXT = "Acknowledge"


class EmailTransport(Transport):
    kind = "email"
    label = _("E-mail")

    def clean_address(self, address: str) -> str:
        address = super().clean_address(address).lower()
        try:
            validate_email(address)
        except ValidationError:
            raise ValueError("not an e-mail address") from None
        return address

    def notify(self, message: Outgoing) -> str:
        body = message.text
        if message.link:
            body = f"{body}\n\n{message.link}"
        mail = EmailMultiAlternatives(
            subject=message.subject[:200].replace("\n", " "),
            body=body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[message.address],
            headers={"Message-ID": f"<{message.key}@waspada>", "X-Waspada-Key": message.key},
        )
        if message.html:
            mail.attach_alternative(message.html, "text/html")
        try:
            mail.send()
        except smtplib.SMTPRecipientsRefused as e:
            raise TransportError(f"recipient refused: {e}", permanent=True) from e
        except smtplib.SMTPResponseException as e:
            # 5xx answers are final, 4xx answers ask the client to try again later.
            raise TransportError(f"SMTP {e.smtp_code}", permanent=500 <= e.smtp_code < 600) from e
        except (smtplib.SMTPException, OSError) as e:
            raise TransportError(f"{type(e).__name__}: {e}", permanent=False) from e
        return message.key


TRANSPORT = EmailTransport()
