from django import template
from django.urls import reverse
from django.utils import translation
from django.utils.html import format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from waspada.accounts.policy import has_capability

register = template.Library()


@register.filter
def can(user, capability: str) -> bool:
    """{% if user|can:"events.edit" %} — the same policy the views use."""
    return has_capability(user, capability)


# The main menu's links by role (base.html): (URL name, label, roles that see it; None: all).
MENU = (
    ("dashboard:leadership", _("Leadership"), ("leadership",)),
    ("dashboard:home", _("Dashboard"), None),
    ("areas:regency", _("Areas"), None),
    ("intake:mine", _("Reports"), None),
    ("media:articles", _("News"), None),
    ("events:list", _("Events"), None),
    ("cases:list", _("Cases"), None),
    ("community:engagements", _("Engagement"), None),
    ("alerts:list", _("Alerts"), None),
    ("risk:map", _("Risk"), None),
    ("intake:triage", _("Triage"), ("admin", "analyst")),
    ("bulletins:manage", _("Bulletins"), ("admin", "analyst", "leadership")),
    ("ops:status", _("System status"), ("admin",)),
    ("accounts:audit_log", _("Audit log"), ("admin",)),
    ("admin:index", _("Administration"), ("admin",)),
)
_menus: dict[tuple[str, str], SafeString] = {}


@register.simple_tag
def menu_links(user) -> SafeString:
    """The main menu's links for ``user``'s role, in the current language: the same for
    every page of a role, so built once per role and language in a process (a dozen URL
    reversals and translations per page otherwise)."""
    key = (str(user.role), translation.get_language() or "")
    links = _menus.get(key)
    if links is None:
        links = _menus[key] = format_html_join(
            "\n",
            '<a href="{}">{}</a>',
            (
                (
                    reverse(name)
                    + ("?peta=1" if name == "dashboard:home" and key[0] == "leadership" else ""),
                    label,
                )
                for name, label, roles in MENU
                if roles is None or key[0] in roles
            ),
        )
    return links
