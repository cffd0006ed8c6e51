from django import template

from waspada.accounts import policy

from ..models import Alert

register = template.Library()


@register.inclusion_tag("alerts/_panel.html", takes_context=True)
def alerts_panel(context, limit: int = 5):
    """The open alerts the user may see, newest first (the dashboard's alerts card)."""
    user = context["request"].user
    if not policy.has_capability(user, "alerts.view"):
        return {"show": False}
    alerts = (
        Alert.objects.filter(policy.visible_filter(user), status__in=Alert.OPEN)
        .select_related("area")
        .order_by("-raised_at")
    )
    return {
        "show": True,
        "alerts": list(alerts[:limit]),
        "count": alerts.count(),
        "unacknowledged": alerts.filter(status=Alert.Status.BARU).count(),
    }
