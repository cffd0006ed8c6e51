"""The words of an alert message: what a person needs to act on it, in their language.

Local time of the regency (``TIME_ZONE``, WITA for Kukar) with its abbreviation, the desa and
kecamatan, what happened in one sentence, the casualties only when the evidence stated them,
the level and why, what changed since the last message, and the acknowledgement link.
"""

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from waspada.areas.models import Area

from . import links
from .levels import Level
from .models import Alert


def local_time(at) -> str:
    """``03-12-2026 11:06 WITA``: the regency's clock, with its zone's name."""
    local = timezone.localtime(at, timezone.get_default_timezone())
    return f"{local:%d-%m-%Y %H:%M} {local.tzname() or settings.TIME_ZONE}"


def place_line(alert: Alert) -> str:
    """``Kelurahan Loa Ipuh, Kecamatan Tenggarong`` (the desa the evidence names, then the
    alert's area)."""
    desa = {
        a.code: a for a in Area.objects.filter(code__in=alert.desa).only("code", "name", "level")
    }
    parts = [f"{desa[code].label} {desa[code].name}" for code in alert.desa if code in desa]
    if alert.area is not None:
        parts.append(f"{alert.area.label} {alert.area.name}")
    else:
        parts.append(_("the whole regency"))
    return ", ".join(parts)


def casualties_line(alert: Alert) -> str:
    """Only what was stated: nothing when no count was given."""
    parts = []
    if alert.fatalities is not None:
        parts.append(
            ngettext("%(n)s dead", "%(n)s dead", alert.fatalities) % {"n": alert.fatalities}
        )
    if alert.injured is not None:
        parts.append(
            ngettext("%(n)s injured", "%(n)s injured", alert.injured) % {"n": alert.injured}
        )
    if not parts:
        return ""
    return _("Casualties (as stated, all reports together): %(list)s") % {"list": ", ".join(parts)}


def change_lines(alert: Alert) -> list[str]:
    """What the latest news changed, from ``alert.changes`` (codes, translated here)."""
    lines = []
    for change in alert.changes or []:
        what, old, new = change.get("what"), change.get("old"), change.get("new")
        if what == "level":
            lines.append(
                _("Level raised from %(old)s to %(new)s.")
                % {"old": str(old).upper(), "new": str(new).upper()}
            )
        elif what == "fatalities":
            lines.append(_("Deaths now %(new)s (was %(old)s).") % {"new": new, "old": old or 0})
        elif what == "injured":
            lines.append(_("Injured now %(new)s (was %(old)s).") % {"new": new, "old": old or 0})
        elif what == "desa":
            lines.append(_("Now in %(new)s desa (was %(old)s).") % {"new": new, "old": old})
        elif what == "severity":
            lines.append(_("Severity now %(new)s of 5 (was %(old)s).") % {"new": new, "old": old})
    return lines


def texts(alert: Alert, language: str) -> tuple[str, str]:
    """The alert's title and reason in ``language`` (as written when it was raised)."""
    own = (alert.i18n or {}).get(language) or {}
    return own.get("title") or alert.title, own.get("reason") or alert.reason


def compose(alert: Alert, user=None, language: str | None = None) -> dict:
    """Subject, text, link, buttons and payload of the message about ``alert``."""
    language = language or settings.LANGUAGE_CODE
    with translation.override(language):
        title, reason = texts(alert, language)
        level = Level(alert.level).label if alert.level in Level.values else alert.level
        area_name = alert.area.name if alert.area is not None else _("the regency")
        subject = f"[{alert.level.upper()}] {area_name}: {title}"
        lines = []
        if alert.tier > 1:
            lines.append(
                _("Escalated: not acknowledged within %(minutes)s minutes.")
                % {"minutes": alert.ack_minutes}
            )
        changes = change_lines(alert)
        if changes:
            lines.append(_("UPDATE:") + " " + " ".join(changes))
        lines.append(_("Where: %(place)s") % {"place": place_line(alert)})
        lines.append(_("When: %(at)s") % {"at": local_time(alert.happened_at or alert.raised_at)})
        if alert.what:
            lines.append(_("What happened: %(what)s") % {"what": alert.what})
        casualties = casualties_line(alert)
        if casualties:
            lines.append(casualties)
        lines.append(_("Level: %(level)s. Why: %(reason)s") % {"level": level, "reason": reason})
        if user is not None:
            lines.append(_("Acknowledge with the link below."))
            link = links.ack_url(alert, user)
            buttons = [(_("Acknowledge"), links.telegram_data(alert, user))]
        else:
            link = settings.SITE_URL.rstrip("/") + reverse("alerts:detail", args=[alert.pk])
            buttons = []
    payload = {
        "alert": alert.pk,
        "level": alert.level,
        "status": alert.status,
        "area": alert.area_id,
        "area_name": alert.area.name if alert.area is not None else "",
        "desa": alert.desa,
        "sources": alert.sources,
        "what": alert.what,
        "severity": alert.severity,
        "changes": alert.changes,
        "happened_at": timezone.localtime(
            alert.happened_at or alert.raised_at, timezone.get_default_timezone()
        ).isoformat(),
        "tier": alert.tier,
        "occurrences": alert.occurrences,
        "language": language,
        "latest_evidence": alert.evidence[-1:],
    }
    for field in ("fatalities", "injured"):  # only what was stated
        if getattr(alert, field) is not None:
            payload[field] = getattr(alert, field)
    return {
        "subject": subject[:300],
        "text": "\n".join(lines),
        "link": link,
        "buttons": buttons,
        "payload": payload,
    }
