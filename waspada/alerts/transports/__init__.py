"""Outbound transports: a registry, and the contract each transport implements (``base.py``).

``REGISTRY`` maps a transport kind (the value stored in ``Channel.kind``) to its transport
object. The transports that are the alerts app's own live here (``email``, ``webhook``);
those of a messaging provider live with its client and its intake channel in
``waspada/messaging/<provider>/outbound.py``. ``AlertsConfig.ready`` registers them all; a new
transport is a module with a ``Transport`` subclass and one line there.
"""

from django.utils.functional import Promise

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


def choices() -> list[tuple[str, str | Promise]]:
    return [(kind, transport.label) for kind, transport in REGISTRY.items()]


__all__ = ["REGISTRY", "Outgoing", "Transport", "TransportError", "choices", "get", "register"]
