"""Writing to the append-only audit log."""

import ipaddress

from django.conf import settings
from django.db import models

from .models import AuditLog


def client_ip(request) -> str | None:
    """The client's address: REMOTE_ADDR, or behind WASPADA_TRUSTED_PROXIES proxies the address
    the first of them saw (that many entries from the right of X-Forwarded-For; entries
    further left can be forged by the client)."""
    if request is None:
        return None
    hops = settings.WASPADA_TRUSTED_PROXIES
    forwarded = [a.strip() for a in request.headers.get("X-Forwarded-For", "").split(",")]
    forwarded = [a for a in forwarded if a]
    if hops and len(forwarded) >= hops and _is_ip(forwarded[-hops]):
        return forwarded[-hops]
    return request.META.get("REMOTE_ADDR") or None


def _is_ip(value: str) -> bool:
    try:
        ipaddress.ip_address(value)
    except ValueError:
        return False
    return True


def record(
    action: str,
    *,
    request=None,
    actor=None,
    username: str = "",
    obj: models.Model | None = None,
    field: str = "",
    **detail,
) -> AuditLog:
    if actor is None and request is not None and request.user.is_authenticated:
        actor = request.user
    if actor is not None and not username:
        username = actor.get_username()
    return AuditLog.objects.create(
        actor=actor,
        username=username,
        action=action,
        object_type=obj._meta.label if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        field=field,
        ip=client_ip(request),
        detail=detail,
    )
