"""The alert lifecycle: raise (or update) an alert, tell its subscribers, acknowledge,
escalate. Rules decide *when* (``engine.py``); this module decides *who* and *how*.
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation

from waspada.accounts import audit
from waspada.accounts.models import AuditLog, Classification

from . import deliver, matching
from .compose import compose as compose_message
from .levels import Level, rank
from .models import Acknowledgement, Alert, Channel, RuleVersion, Subscription

logger = logging.getLogger("waspada.alerts")

CLASSIFICATION_ORDER = [Classification.BIASA, Classification.TERBATAS, Classification.RAHASIA]


def strictest(*pairs) -> tuple[str, int | None]:
    """The strictest (classification, owning organisation id) among ``pairs``."""
    best = (Classification.BIASA, None)
    for classification, org_id in pairs:
        if CLASSIFICATION_ORDER.index(classification) > CLASSIFICATION_ORDER.index(best[0]):
            best = (classification, org_id)
    return best


@dataclass(frozen=True)
class Incident:
    """What one report or event says, to be added up on the alert it feeds.

    ``key`` names the evidence ("report:12", "event:5"): counted once however often it is
    evaluated (a retried task, a re-analysed report), replaced when it changes (an event
    whose toll was corrected), and ``replaces`` drops the tallies an event supersedes (the
    reports it was coded from), so that nothing is counted twice.
    """

    key: str
    fatalities: int | None = None
    injured: int | None = None
    desa: str | None = None
    severity: int = 0
    what: str = ""
    at: datetime | None = None
    replaces: tuple[str, ...] = ()

    def tally(self) -> dict:
        return {
            "fatalities": self.fatalities,
            "injured": self.injured,
            "desa": self.desa,
            "severity": self.severity,
        }


def _stated_sum(tallies: dict, field: str) -> int | None:
    stated = [t[field] for t in tallies.values() if t.get(field) is not None]
    return sum(stated) if stated else None


def _add_up(alert: Alert, incident: Incident) -> None:
    tallies = {k: v for k, v in (alert.tallies or {}).items() if k not in incident.replaces}
    tallies[incident.key] = incident.tally()
    alert.tallies = tallies
    alert.fatalities = _stated_sum(tallies, "fatalities")
    alert.injured = _stated_sum(tallies, "injured")
    alert.desa = sorted({t["desa"] for t in tallies.values() if t.get("desa")})
    alert.severity = max((t.get("severity") or 0 for t in tallies.values()), default=0)
    if incident.what:
        alert.what = incident.what[:300]
    if incident.at is not None:
        alert.happened_at = incident.at


def escalated_level(rule, alert: Alert, level: str) -> str:
    """The rule's level, raised to ``awas`` when the added-up deaths or desa reach the
    rule's thresholds (``awas_fatalities``, ``awas_desa``)."""
    if rule is None:
        return level
    if rule.awas_fatalities and (alert.fatalities or 0) >= rule.awas_fatalities:
        return Level.AWAS
    if rule.awas_desa and len(alert.desa or []) >= rule.awas_desa:
        return Level.AWAS
    return level


def _what_changed(before: dict, alert: Alert) -> list[dict]:
    changes: list[dict] = []
    if rank(alert.level) > rank(before["level"]):
        changes.append({"what": "level", "old": before["level"], "new": alert.level})
    for field in ("fatalities", "injured"):
        if (getattr(alert, field) or 0) > (before[field] or 0):
            changes.append({"what": field, "old": before[field], "new": getattr(alert, field)})
    if len(alert.desa or []) > len(before["desa"]):
        changes.append({"what": "desa", "old": len(before["desa"]), "new": len(alert.desa)})
    if alert.severity > before["severity"]:
        changes.append({"what": "severity", "old": before["severity"], "new": alert.severity})
    return changes


def in_every_language(make: Callable[[], tuple[str, str]]) -> dict:
    """``title``, ``reason`` (site language) and ``i18n`` (every language): ``make`` builds
    the pair with gettext, and is called once per language of the site."""
    i18n = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            title, reason = make()
            i18n[code] = {"title": str(title)[:300], "reason": str(reason)}
    own = i18n.get(settings.LANGUAGE_CODE) or next(iter(i18n.values()))
    return {"title": own["title"], "reason": own["reason"], "i18n": i18n}


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
    incident: Incident | None = None,
    i18n: dict | None = None,
    now=None,
) -> Alert:
    """One open alert per rule and area: a new one, or the open one updated.

    The same evidence evaluated again (a retried task) changes nothing and tells nobody.
    News that raises the level, the deaths, the injured, the desa or the severity re-notifies
    every subscriber of the new level (tier 1 up to the alert's tier) with what changed, and
    restarts the acknowledgement clock (an acknowledged alert is ``baru`` again). Otherwise
    subscribers are told at most once per throttle period."""
    now = now or timezone.now()
    alert = (
        Alert.objects.select_for_update()
        .filter(rule=rule, area=area, status__in=Alert.OPEN)
        .first()
        if rule is not None
        else None
    )
    if alert is None:
        alert = Alert(
            rule=rule,
            rule_version=rule.version if rule else None,
            area=area,
            sources=sorted(set(sources)),
            title=title[:300],
            reason=reason,
            i18n=i18n or {},
            evidence=evidence,
            classification=classification,
            organisation_id=organisation_id,
            ack_minutes=rule.ack_minutes if rule else 60,
            raised_at=now,
        )
        if incident is not None:
            _add_up(alert, incident)
        alert.level = escalated_level(rule, alert, level)
        alert.save()
        notify(alert, now=now)
        return alert
    seen = {(e.get("type"), e.get("id")) for e in alert.evidence if e.get("id") is not None}
    fresh = [e for e in evidence if (e.get("type"), e.get("id")) not in seen]
    if (
        evidence
        and not fresh
        and (incident is None or (alert.tallies or {}).get(incident.key) == incident.tally())
    ):
        return alert  # nothing new: the same report or event evaluated again
    before = {
        "level": alert.level,
        "fatalities": alert.fatalities,
        "injured": alert.injured,
        "desa": list(alert.desa or []),
        "severity": alert.severity,
    }
    if incident is not None:
        _add_up(alert, incident)
    level = escalated_level(rule, alert, level)
    if rank(level) > rank(alert.level):
        alert.level = level
    alert.sources = sorted(set(alert.sources) | set(sources))
    alert.title, alert.reason = title[:300], reason
    if i18n:
        alert.i18n = i18n
    alert.evidence = alert.evidence + fresh
    alert.classification, alert.organisation_id = strictest(
        (alert.classification, alert.organisation_id), (classification, organisation_id)
    )
    alert.occurrences += 1
    alert.changes = _what_changed(before, alert)
    if alert.changes:
        if alert.status == Alert.Status.DIAKUI:  # news that must be acknowledged again
            alert.status = Alert.Status.BARU
            alert.acknowledged_at, alert.acknowledged_by = None, None
        alert.escalated_at = None  # the clock to the next tier starts again from this message
        alert.save()
        for tier in range(1, alert.tier + 1):
            notify(alert, tier=tier, now=now)
        logger.info("alert %s re-notified: %s", alert.pk, alert.changes)
        return alert
    alert.save()
    throttle = timedelta(minutes=rule.throttle_minutes)
    if alert.notified_at is None or now - alert.notified_at >= throttle:
        notify(alert, now=now)
    return alert


def recipients(alert: Alert, tier: int = 1, now=None) -> list[Subscription]:
    """Active subscriptions of ``tier`` that match the alert and may read it
    (``matching.py``: found by one SQL query)."""
    return matching.recipients(alert, tier, now=now)


def compose(alert: Alert, user=None, language: str | None = None) -> dict:
    return compose_message(alert, user, language)


def notify(alert: Alert, tier: int | None = None, now=None) -> int:
    """Send the alert to the matching subscribers of ``tier`` (the alert's own by default);
    each channel once, in the subscription's language. Returns the number of messages
    queued."""
    now = now or timezone.now()
    tier = tier or alert.tier
    sent_to, count = set(), 0
    for sub in recipients(alert, tier, now=now):
        message = compose(alert, sub.user, sub.language)
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
    ``diakui`` and stops its escalation. Returns False when the user had already (and the
    alert has had no news since, which makes it ``baru`` again)."""
    ack, created = Acknowledgement.objects.get_or_create(
        alert=alert, user=user, defaults={"via": via}
    )
    if not created and alert.status != Alert.Status.BARU:
        return False
    if not created:  # news since their last acknowledgement: this one counts
        ack.via, ack.at = via, timezone.now()
        ack.save(update_fields=["via", "at"])
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


@transaction.atomic
def save_rule(form, user, request=None):
    """Save a rule from its form (a new version is kept by ``Rule.save``), audited."""
    rule = form.save(commit=False)
    created = rule.pk is None
    rule.updated_by = user
    rule.save()
    form.save_m2m()
    # the version row was written before the areas were: write it again with them
    RuleVersion.objects.filter(rule=rule, version=rule.version).update(data=rule.snapshot())
    audit.record(
        AuditLog.Action.CREATE if created else AuditLog.Action.UPDATE,
        request=request,
        actor=user,
        obj=rule,
        version=rule.version,
    )
    return rule


@transaction.atomic
def subscribe_for(form, user, request=None) -> Subscription:
    """A subscription for the user or organisation the form names, with a channel at the
    address it gives (the owner's existing channel of that kind and address is reused)."""
    data = form.cleaned_data
    owner = {"user": data["user"]} if data.get("user") else {"organisation": data["organisation"]}
    channel, _created = Channel.objects.get_or_create(
        kind=data["kind"],
        address=data["address"],
        **owner,
        defaults={"secret": data.get("secret") or ""},
    )
    sub = form.save(commit=False)
    sub.save()
    form.save_m2m()
    sub.channels.add(channel)
    audit.record(AuditLog.Action.CREATE, request=request, actor=user, obj=sub)
    return sub


def unsubscribe(sub: Subscription, user, request=None) -> None:
    audit.record(AuditLog.Action.DELETE, request=request, actor=user, obj=sub)
    sub.delete()
