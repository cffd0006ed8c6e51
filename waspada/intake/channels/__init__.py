"""Inbound channels: one module each, registered here; the built-ins use the registry too.

``REGISTRY`` maps a channel name (the value stored in ``Report.channel``) to its channel
object. A new channel is a new module with an ``InboundChannel`` subclass and one line below.
"""

from .base import InboundChannel, Malformed, Outcome, Rejected

REGISTRY: dict[str, InboundChannel] = {}


def register(channel: InboundChannel) -> InboundChannel:
    REGISTRY[channel.name] = channel
    return channel


def webhook_channels() -> list[str]:
    return [name for name, channel in REGISTRY.items() if channel.webhook]


from . import email, kobo, sms_gateway, sms_twilio, telegram, web, whatsapp  # noqa: E402

for _module in (web, email, kobo, sms_gateway, sms_twilio, telegram, whatsapp):
    for _channel in _module.CHANNELS:
        register(_channel)

__all__ = ["REGISTRY", "InboundChannel", "Malformed", "Outcome", "Rejected", "register"]
