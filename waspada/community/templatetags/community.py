from django import template
from django.utils import timezone

from waspada.accounts.policy import has_capability

register = template.Library()


@register.inclusion_tag("community/_area_panel.html", takes_context=True)
def area_engagement(context, area):
    """Engagement in an area (and beneath it) for the area page: the latest activities."""
    from ..queries import in_area, visible_engagements
    from ..services import engagement_dates

    user = context["request"].user
    if not has_capability(user, "community.view"):
        return {"show": False}
    engagements = in_area(visible_engagements(user), area.code)
    last = engagement_dates([area.code]).get(area.code)
    return {
        "show": True,
        "area": area,
        "engagements": engagements[:10],
        "n": engagements.count(),
        "last": last,
        "days": (timezone.localdate() - last).days if last else None,
        "may_record": has_capability(user, "engagement.record"),
    }
