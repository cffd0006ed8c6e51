from django import template

from waspada.accounts.policy import has_capability

register = template.Library()


@register.filter
def can(user, capability: str) -> bool:
    """{% if user|can:"events.edit" %} — the same policy the views use."""
    return has_capability(user, capability)
