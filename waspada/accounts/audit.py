"""Writing to the append-only audit log."""

from django.db import models

from .models import AuditLog


def client_ip(request) -> str | None:
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


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
