from django import template

from waspada.accounts.policy import has_capability

register = template.Library()


@register.inclusion_tag("risk/_summary.html", takes_context=True)
def risk_summary(context):
    """The dashboard's risk card: kecamatan per level and the highest-scored areas in scope."""
    user = context["request"].user
    if not has_capability(user, "risk.view"):
        return {"show": False}
    from waspada.risk import queries

    return {"show": True, **queries.summary(user)}
