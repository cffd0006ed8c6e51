from django import template
from django.utils import timezone

from waspada.accounts.policy import has_capability

register = template.Library()


@register.filter
def agenda_notes(notes) -> str:
    """An agenda item's notes in words ("level:siaga" -> "tingkat Siaga")."""
    from ..words import notes_words

    return notes_words(notes)


@register.inclusion_tag("cases/_dashboard_panel.html", takes_context=True)
def response_panel(context):
    """The dashboard's response panel: overdue actions, open cases by phase, engagement
    coverage this month — each only for those who may see it."""
    from waspada.community.queries import coverage_this_month

    from ..queries import open_by_phase, overdue_actions

    user = context["request"].user
    today = timezone.localdate()
    panel = {
        "cases": has_capability(user, "cases.view"),
        "engagement": has_capability(user, "community.view"),
    }
    if panel["cases"]:
        overdue = overdue_actions(user, today)
        panel.update(overdue=overdue[:5], n_overdue=overdue.count(), by_phase=open_by_phase(user))
    if panel["engagement"]:
        panel["coverage"] = coverage_this_month(user, today)
    if has_capability(user, "engagement.gap"):
        from waspada.community.queries import gap_for

        panel["show_gap"] = True
        panel["high_gaps"] = [r for r in gap_for(user, today=today) if r.high_risk_gap]
    return panel
