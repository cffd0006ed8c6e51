"""Sending messages: ``send()`` queues, ``attempt()`` sends once, the worker retries.

    from waspada.alerts.deliver import send
    send(user, "Pengingat: tenggat kasus", "Kasus #12 jatuh tempo besok.", topic="case:12")

``send`` stores one ``Message`` per address and hands each to the worker when the caller's
transaction commits. Each try is a ``Delivery`` row. A temporary failure is tried again with
a growing back-off (``BACKOFF``); a permanent failure, or running out of tries, fails the
message, disables a stored channel and tells the administrators. A worker that dies while
sending leaves its lease to expire; ``resume_stalled`` (a periodic job) sends it again with
the same idempotency key, so receivers that honour the key see it once.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from . import transports
from .models import Channel, Delivery, Message

logger = logging.getLogger("waspada.alerts")

BACKOFF = (10, 60, 300, 900, 3600)  # seconds before the 2nd, 3rd, … attempt


def lease() -> timedelta:
    """A sender that has not finished by then is taken for dead (longer than any timeout)."""
    return timedelta(seconds=getattr(settings, "WASPADA_ALERTS_LEASE_SECONDS", 120))


def max_attempts() -> int:
    return getattr(settings, "WASPADA_ALERTS_MAX_ATTEMPTS", len(BACKOFF) + 1)


def backoff(attempts: int) -> timedelta:
    scale = getattr(settings, "WASPADA_ALERTS_BACKOFF_SCALE", 1.0)
    return timedelta(seconds=BACKOFF[min(attempts, len(BACKOFF)) - 1] * scale)


def channels_of(recipient) -> list:
    """The channels a recipient stands for: a Channel, a user's or an organisation's enabled
    channels, a ``(kind, address)`` pair or ``"kind:address"``; a user without channels
    gets e-mail at the account's address."""
    from waspada.accounts.models import Organisation, User

    if isinstance(recipient, Channel):
        return [recipient] if recipient.enabled else []
    if isinstance(recipient, User):
        found = list(recipient.alert_channels.filter(enabled=True))
        if not found and recipient.email:
            found = [("email", recipient.email)]
        return found
    if isinstance(recipient, Organisation):
        return list(recipient.alert_channels.filter(enabled=True))
    if isinstance(recipient, str):
        kind, _, address = recipient.partition(":")
        return [(kind, address)]
    if isinstance(recipient, tuple) and len(recipient) == 2:
        return [recipient]
    raise TypeError(f"cannot send to {recipient!r}")


def send(
    recipient,
    subject: str,
    text: str,
    *,
    link: str = "",
    html: str = "",
    payload: dict | None = None,
    topic: str = "",
    alert=None,
    user=None,
    buttons: list | None = None,
) -> list[Message]:
    """Queue ``subject``/``text`` to every channel of ``recipient``; return the messages.

    Nothing leaves before the surrounding transaction commits; a rollback sends nothing.
    """
    from waspada.accounts.models import User

    if user is None and isinstance(recipient, User):
        user = recipient
    messages = []
    for target in channels_of(recipient):
        channel, (kind, address) = (
            (target, (target.kind, target.address))
            if isinstance(target, Channel)
            else (None, target)
        )
        transport = transports.get(kind)
        message = Message.objects.create(
            channel=channel,
            recipient=user,
            kind=kind,
            address=transport.clean_address(address) if channel is None else address,
            subject=subject[:300],
            text=text,
            html=html,
            link=link[:500],
            payload={**(payload or {}), **({"buttons": buttons} if buttons else {})},
            topic=topic[:60],
            alert=alert,
        )
        messages.append(message)
    if messages:
        from .tasks import deliver_message

        ids = [m.pk for m in messages]
        transaction.on_commit(lambda: [deliver_message.enqueue(pk) for pk in ids])
    return messages


def _claim(message_id: int) -> Message | None:
    now = timezone.now()
    claimed = Message.objects.filter(
        Q(lease_until__isnull=True) | Q(lease_until__lt=now),
        pk=message_id,
        status__in=[Message.Status.QUEUED, Message.Status.SENDING],
        next_attempt_at__lte=now,
    ).update(status=Message.Status.SENDING, lease_until=now + lease(), attempts=F("attempts") + 1)
    return Message.objects.select_related("channel").get(pk=message_id) if claimed else None


def _outgoing(message: Message) -> transports.Outgoing:
    payload = dict(message.payload)
    buttons = [tuple(b) for b in payload.pop("buttons", [])]
    return transports.Outgoing(
        address=message.address,
        subject=message.subject,
        text=message.text,
        key=str(message.key),
        secret=message.channel.secret if message.channel else "",
        html=message.html,
        link=message.link,
        buttons=buttons,
        payload=payload,
    )


def attempt(message_id: int) -> str:
    """Try to send a message once (if it is due and nobody else is); return its status."""
    message = _claim(message_id)
    if message is None:
        return "not due"
    # Attempts left "sending" by a sender that died are marked as such.
    message.deliveries.filter(outcome=Delivery.Outcome.SENDING).update(
        error="interrupted", finished_at=timezone.now()
    )
    delivery = Delivery.objects.create(message=message, number=message.attempts)
    try:
        provider_id = transports.get(message.kind).notify(_outgoing(message))
    except transports.TransportError as e:
        return _failed(message, delivery, e)
    except Exception as e:  # a bug in a transport must not leave the message leased forever
        logger.exception("transport %s crashed", message.kind)
        return _failed(message, delivery, transports.TransportError(repr(e), permanent=False))
    now = timezone.now()
    Delivery.objects.filter(pk=delivery.pk).update(outcome=Delivery.Outcome.SENT, finished_at=now)
    Message.objects.filter(pk=message.pk).update(
        status=Message.Status.SENT,
        sent_at=now,
        lease_until=None,
        last_error="",
        provider_id=(provider_id or "")[:200],
    )
    return Message.Status.SENT


def _failed(message: Message, delivery: Delivery, error: transports.TransportError) -> str:
    now = timezone.now()
    text = str(error)[:500]
    final = error.permanent or message.attempts >= max_attempts()
    Delivery.objects.filter(pk=delivery.pk).update(
        outcome=Delivery.Outcome.PERMANENT if error.permanent else Delivery.Outcome.TEMPORARY,
        finished_at=now,
        error=text,
    )
    if not final:
        due = now + backoff(message.attempts)
        Message.objects.filter(pk=message.pk).update(
            status=Message.Status.QUEUED, lease_until=None, next_attempt_at=due, last_error=text
        )
        _enqueue_later(message.pk, due)
        return Message.Status.QUEUED
    Message.objects.filter(pk=message.pk).update(
        status=Message.Status.FAILED, lease_until=None, last_error=text
    )
    if error.permanent and message.channel is not None and message.channel.enabled:
        message.channel.disable(text)
        tell_admins(message.channel, text)
    return Message.Status.FAILED


def _enqueue_later(message_id: int, due) -> None:
    from .tasks import deliver_message

    if deliver_message.get_backend().supports_defer:
        deliver_message.using(run_after=due).enqueue(message_id)
    # Otherwise (the immediate backend of some tests) resume_stalled picks it up when due.


def tell_admins(channel: Channel, error: str) -> None:
    """A channel was disabled: e-mail every active administrator (never through a channel
    that could itself be the broken one)."""
    from waspada.accounts.models import Role, User

    owner = channel.user or channel.organisation
    text = (
        f"Channel {channel} of {owner} was disabled after a permanent failure:\n{error}\n\n"
        "Correct the address and enable it again in the administration."
    )
    for admin in User.objects.filter(
        Q(role=Role.ADMIN) | Q(is_superuser=True), is_active=True
    ).exclude(email=""):
        send(("email", admin.email), "Waspada: channel disabled", text, topic="ops")


def resume_stalled(now=None) -> int:
    """Hand the worker every message that is due and not held by a live sender."""
    from .tasks import deliver_message

    now = now or timezone.now()
    ids = list(
        Message.objects.filter(
            Q(lease_until__isnull=True) | Q(lease_until__lt=now),
            status__in=[Message.Status.QUEUED, Message.Status.SENDING],
            next_attempt_at__lte=now,
        ).values_list("pk", flat=True)[:1000]
    )
    for pk in ids:
        deliver_message.enqueue(pk)
    return len(ids)
