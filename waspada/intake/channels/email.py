"""E-mail to a mailbox: Waspada runs an SMTP listener (``python -m waspada intake_smtp``)
that accepts mail for the configured addresses only and stores each message as a report, or
polls an existing mailbox over IMAP (``waspada.intake.imap``).

The listener authenticates by recipient: mail for any other address is refused at RCPT
(550) and nothing is stored. Subject → title, the text part → text, attachments → checked
attachments, Message-ID → the channel message id (a repeated delivery is one report).
Answers go out by Django's mail settings (EMAIL_*).
"""

import email
import email.policy
import hashlib
from email.utils import parseaddr

from django.conf import settings
from django.core.mail import send_mail
from django.utils.html import strip_tags

from ..drafts import Draft, Raw, Upload
from ..models import Channel
from .base import InboundChannel, Malformed


def accepts(address: str) -> bool:
    """Whether mail for ``address`` is for the intake mailbox."""
    wanted = {a.lower() for a in settings.WASPADA_EMAIL_INTAKE_ADDRESSES}
    return parseaddr(address)[1].lower() in wanted


def parse_message(data: bytes) -> Draft:
    try:
        message = email.message_from_bytes(data, policy=email.policy.default)
    except Exception as e:  # noqa: BLE001 - any parse failure is a malformed message
        raise Malformed(f"unreadable message: {e}") from e
    name, address = parseaddr(str(message.get("From", "")))
    if not address:
        raise Malformed("message without From")
    message_id = str(message.get("Message-ID", "")).strip() or hashlib.sha256(data).hexdigest()
    text = ""
    body = message.get_body(preferencelist=("plain", "html"))
    if body is not None:
        text = body.get_content()
        if body.get_content_type() == "text/html":
            text = strip_tags(text)
    uploads = []
    for part in message.iter_attachments():
        payload = part.get_payload(decode=True)
        if payload:
            uploads.append(Upload(data=payload, name=part.get_filename() or ""))
    return Draft(
        channel=Channel.EMAIL,
        raw=Raw(
            body=data,
            content_type="message/rfc822",
            # Not From/To: addresses are identity and stay in the encrypted body only.
            headers={"Date": str(message.get("Date", ""))},
        ),
        message_id=message_id[:200],
        title=str(message.get("Subject", ""))[:200],
        text=text.strip(),
        anonymous=False,
        identity={"name": name, "email": address},
        sender_id=address.lower(),
        reply_to={"email": address},
        uploads=uploads,
    )


class EmailChannel(InboundChannel):
    name = Channel.EMAIL
    webhook = False  # mail arrives through the SMTP listener, not a webhook

    def enabled(self) -> bool:
        return bool(settings.WASPADA_EMAIL_INTAKE_ADDRESSES or settings.WASPADA_IMAP_HOST)

    def can_send(self) -> bool:
        return True

    def send(self, reply_to: dict, text: str) -> None:
        send_mail(
            subject=text[:78],
            message=text,
            from_email=settings.DEFAULT_FROM_EMAIL,
            recipient_list=[reply_to["email"]],
        )


CHANNELS = [EmailChannel()]
