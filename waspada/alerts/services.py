"""The alert lifecycle: raise (or update) an alert, tell its subscribers, acknowledge,
escalate. Rules decide *when* (``engine.py``); this module decides *who* and *how*.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from waspada.accounts import audit, policy
from waspada.accounts.models import GOVERNMENT_AND_SECURITY, AuditLog, Classification

from . import deliver, links
from .levels import Level, rank
from .models import Acknowledgement, Alert, Subscription

logger = logging.getLogger("waspada.alerts")

CLASSIFICATION_ORDER = [Classification.BIASA, Classification.TERBATAS, Classification.RAHASIA]


def strictest(*pairs) -> tuple[str, int | None]:
    """The strictest (classification, owning organisation id) among ``pairs``."""
    best = (Classification.BIASA, None)
    for classification, org_id in pairs:
        if CLASSIFICATION_ORDER.index(classification) > CLASSIFICATION_ORDER.index(best[0]):
            best = (classification, org_id)
    return best


@transaction.atomic
def raise_alert(
    *,
    rule,
    area,
    level: str,
    title: str,
    reason: str,
    evidence: list,
    sources=(),
    classification=Classification.BIASA,
    organisation_id=None,
    now=None,
) -> Alert:
    """One open alert per rule and area: a new one, or the open one updated. Subscribers are
    told of a new alert, of a raised level, and otherwise at most once per throttle period."""
    now = now or timezone.now()
    alert = (
        Alert.objects.select_for_update()
        .filter(rule=rule, area=area, status__in=Alert.OPEN)
        .first()
        if rule is not None
        else None
    )
    if alert is None:
        alert = Alert.objects.create(
            rule=rule,
            rule_version=rule.version if rule else None,
            area=area,
            level=level,
            sources=sorted(set(sources)),
            title=title[:300],
            reason=reason,
            evidence=evidence,
            classification=classification,
            organisation_id=organisation_id,
            ack_minutes=rule.ack_minutes if rule else 60,
            raised_at=now,
        )
        notify(alert, now=now)
        return alert
    raised = rank(level) > rank(alert.level)
    alert.level = level if raised else alert.level
    alert.sources = sorted(set(alert.sources) | set(sources))
    alert.title, alert.reason = title[:300], reason
    seen = {(e.get("type"), e.get("id")) for e in alert.evidence}
    alert.evidence = alert.evidence + [
        e for e in evidence if (e.get("type"), e.get("id")) not in seen
    ]
    alert.classification, alert.organisation_id = strictest(
        (alert.classification, alert.organisation_id), (classification, organisation_id)
    )
    alert.occurrences += 1
    alert.save()
    throttle = timedelta(minutes=rule.throttle_minutes)
    if raised or alert.notified_at is None or now - alert.notified_at >= throttle:
        notify(alert, now=now)
    return alert


def org_may_read(org, alert: Alert) -> bool:
    """The organisation-level mirror of ``policy.may_read_classification``."""
    if alert.classification == Classification.BIASA:
        return True
    if alert.classification == Classification.TERBATAS:
        return org.type in GOVERNMENT_AND_SECURITY
    return False  # rahasia reaches named analysts and leaders only, never a whole organisation


def _area_codes(alert: Alert) -> set[str]:
    """The alert's area and the areas above it (a desa alert reaches kecamatan subscribers)."""
    parts = alert.area_id.split(".")
    return {".".join(parts[: i + 1]) for i in range(len(parts))}


def recipients(alert: Alert, tier: int = 1, now=None) -> list[Subscription]:
    """Active subscriptions of ``tier`` that match the alert and may read it."""
    now = now or timezone.now()
    codes = _area_codes(alert) if alert.area_id else set()
    found = []
    subscriptions = (
        Subscription.objects.filter(is_active=True, tier=tier)
        .select_related("user__organisation", "organisation")
        .prefetch_related("areas", "channels")
    )
    for sub in subscriptions:
        if rank(alert.level) < rank(sub.min_level):
            continue
        if sub.sources and alert.sources and not set(sub.sources) & set(alert.sources):
            continue
        sub_codes = {a.code for a in sub.areas.all()}
        if sub_codes and not sub_codes & codes:
            continue
        if sub.user is not None:
            if not policy.can_view(sub.user, alert):
                continue
        elif not org_may_read(sub.organisation, alert) or (
            # an organisation's own area limits what it hears when it names no areas
            not sub_codes and sub.organisation.area_id and sub.organisation.area_id not in codes
        ):
            continue
        if alert.level != Level.AWAS and sub.in_quiet_hours(now):
            continue
        found.append(sub)
    return found


def compose(alert: Alert, user=None) -> dict:
    """Subject, text, link, buttons and payload of the message about ``alert``."""
    with translation.override(settings.LANGUAGE_CODE):
        level = alert.get_level_display()
        area = alert.area.name if alert.area_id else _("the regency")
        subject = f"[{alert.level.upper()}] {area}: {alert.title}"
        lines = [alert.reason]
        if alert.tier > 1:
            lines.insert(
                0,
                _("Escalated: not acknowledged within %(minutes)s minutes.")
                % {"minutes": alert.ack_minutes},
            )
        lines.append(_("Level: %(level)s") % {"level": level})
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
        "area_name": alert.area.name if alert.area_id else "",
        "sources": alert.sources,
        "tier": alert.tier,
        "occurrences": alert.occurrences,
        "latest_evidence": alert.evidence[-1:],
    }
    return {
        "subject": subject,
        "text": "\n".join(lines),
        "link": link,
        "buttons": buttons,
        "payload": payload,
    }


def notify(alert: Alert, tier: int | None = None, now=None) -> int:
    """Send the alert to the matching subscribers of ``tier`` (the alert's own by default);
    each channel once. Returns the number of messages queued."""
    now = now or timezone.now()
    tier = tier or alert.tier
    sent_to, count = set(), 0
    for sub in recipients(alert, tier, now=now):
        message = compose(alert, sub.user)
        for channel in sub.channels.all():
            if not channel.enabled or channel.pk in sent_to:
                continue
            sent_to.add(channel.pk)
            buttons = message["buttons"] if channel.kind == "telegram" else None
            count += len(
                deliver.send(
                    channel,
                    message["subject"],
                    message["text"],
                    link=message["link"],
                    payload=message["payload"],
                    topic=f"alert:{alert.pk}",
                    alert=alert,
                    user=sub.user,
                    buttons=buttons,
                )
            )
    Alert.objects.filter(pk=alert.pk).update(notified_at=now)
    alert.notified_at = now
    return count


@transaction.atomic
def acknowledge(alert: Alert, user, via: str, request=None) -> bool:
    """Record that ``user`` has seen the alert; the first acknowledgement moves it to
    ``diakui`` and stops its escalation. Returns False when the user had already."""
    _ack, created = Acknowledgement.objects.get_or_create(
        alert=alert, user=user, defaults={"via": via}
    )
    if not created:
        return False
    if alert.status == Alert.Status.BARU:
        Alert.objects.filter(pk=alert.pk, status=Alert.Status.BARU).update(
            status=Alert.Status.DIAKUI, acknowledged_at=timezone.now(), acknowledged_by=user
        )
        alert.refresh_from_db()
    audit.record(
        AuditLog.Action.UPDATE,
        request=request,
        actor=user,
        obj=alert,
        field="status",
        acknowledged_via=via,
    )
    return True


def set_status(alert: Alert, status: str, *, user, case_ref: str = "", request=None) -> Alert:
    alert.status = status
    if case_ref:
        alert.case_ref = case_ref[:60]
    if status == Alert.Status.DITUTUP:
        alert.closed_at = timezone.now()
    if status != Alert.Status.BARU and alert.acknowledged_at is None:
        alert.acknowledged_at, alert.acknowledged_by = timezone.now(), user
    alert.save()
    audit.record(
        AuditLog.Action.UPDATE,
        request=request,
        actor=user,
        obj=alert,
        field="status",
        status=status,
    )
    return alert


def escalate_due(now=None) -> list[Alert]:
    """Alerts still ``baru`` after their acknowledgement window go up one tier (while a
    higher tier has subscribers); each step restarts the window."""
    now = now or timezone.now()
    top = max(Subscription.objects.filter(is_active=True).values_list("tier", flat=True), default=1)
    escalated = []
    for alert in Alert.objects.filter(
        status=Alert.Status.BARU, notified_at__isnull=False, tier__lt=top
    ).select_related("area"):
        since = alert.escalated_at or alert.notified_at
        if now - since < timedelta(minutes=alert.ack_minutes):
            continue
        with transaction.atomic():
            claimed = Alert.objects.filter(
                pk=alert.pk, tier=alert.tier, status=Alert.Status.BARU
            ).update(tier=alert.tier + 1, escalated_at=now)
            if not claimed:
                continue  # acknowledged meanwhile, or another worker got there first
            alert.tier += 1
            alert.escalated_at = now
            notify(alert, tier=alert.tier, now=now)
            Alert.objects.filter(pk=alert.pk).update(escalated_at=now)
        logger.info("alert %s escalated to tier %s", alert.pk, alert.tier)
        escalated.append(alert)
    return escalated
