"""Outbound transports: one module each, registered here; the built-ins use the registry too.

``REGISTRY`` maps a transport kind (the value stored in ``Channel.kind``) to its transport
object. A new transport is a new module with a ``Transport`` subclass and one line below.
"""

from .base import Outgoing, Transport, TransportError

REGISTRY: dict[str, Transport] = {}


def register(transport: Transport) -> Transport:
    REGISTRY[transport.kind] = transport
    return transport


def get(kind: str) -> Transport:
    try:
        return REGISTRY[kind]
    except KeyError:
        raise TransportError(f"no transport {kind!r}", permanent=True) from None


def choices() -> list[tuple[str, str]]:
    return [(kind, transport.label) for kind, transport in REGISTRY.items()]


from . import email, sms, telegram, webhook, whatsapp  # noqa: E402

for _module in (email, telegram, whatsapp, sms, webhook):
    register(_module.TRANSPORT)

__all__ = ["REGISTRY", "Outgoing", "Transport", "TransportError", "choices", "get", "register"]
