"""Inbound channels: a registry, and the contract each channel implements (``base.py``).

``REGISTRY`` maps a channel name (the value stored in ``Report.channel``) to its channel
object. The channels that are intake's own live here (the web form, the public form and the
API: ``web``; e-mail: ``email``; KoboToolbox/ODK: ``kobo``); those of a messaging provider
live with its client and its alert transport in ``waspada/messaging/<provider>/inbound.py``.
``IntakeConfig.ready`` registers them all; a new channel is a module with an
``InboundChannel`` subclass and one line there.
"""

from .base import InboundChannel, Malformed, Outcome, Rejected

REGISTRY: dict[str, InboundChannel] = {}


def register(channel: InboundChannel) -> InboundChannel:
    REGISTRY[channel.name] = channel
    return channel


def webhook_channels() -> list[str]:
    return [name for name, channel in REGISTRY.items() if channel.webhook]


__all__ = [
    "REGISTRY",
    "InboundChannel",
    "Malformed",
    "Outcome",
    "Rejected",
    "register",
    "webhook_channels",
]
