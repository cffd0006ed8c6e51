"""DRF permission classes that ask the one access policy (waspada.accounts.policy)."""

from rest_framework import permissions

from waspada.accounts import policy


def capability(name: str) -> type[permissions.BasePermission]:
    """A permission class granting access to users holding capability ``name``.

    permission_classes = [capability("reports.create")]
    """

    class HasCapability(permissions.BasePermission):
        def has_permission(self, request, view):
            return policy.has_capability(request.user, name)

    HasCapability.__name__ = f"HasCapability[{name}]"
    return HasCapability


class CanViewRecord(permissions.BasePermission):
    """Object-level: ``policy.can_view`` (or a model's own ``can_view_by(user)`` rule)."""

    def has_object_permission(self, request, view, obj):
        rule = getattr(obj, "can_view_by", None)
        return rule(request.user) if rule else policy.can_view(request.user, obj)
