"""Who hears of an alert: the subscriptions that match it, found by the database.

Level, sources and areas are tested in one SQL query over indexed columns (``level_rank``,
``source_mask`` — the sources as bits — and the areas' join table), so the cost grows with the
subscriptions that match, not with all of them. What SQL cannot say (a user's access to the
alert, quiet hours) is then checked on those few rows only.
"""

from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.utils import timezone

from waspada.accounts import policy
from waspada.accounts.models import GOVERNMENT_AND_SECURITY, Classification

from .levels import Level, rank
from .models import Alert, Subscription, source_mask


def area_codes(alert: Alert) -> set[str]:
    """The alert's area and the areas above it (a desa alert reaches kecamatan subscribers)."""
    if not alert.area_id:
        return set()
    parts = alert.area_id.split(".")
    return {".".join(parts[: i + 1]) for i in range(len(parts))}


def org_may_read(org, alert: Alert) -> bool:
    """The organisation-level mirror of ``policy.may_read_classification``."""
    if alert.classification == Classification.BIASA:
        return True
    if alert.classification == Classification.TERBATAS:
        return org.type in GOVERNMENT_AND_SECURITY
    return False  # rahasia reaches named analysts and leaders only, never a whole organisation


def candidates(alert: Alert, tier: int) -> QuerySet[Subscription]:
    """Active subscriptions of ``tier`` whose level, sources and areas match: one query."""
    codes = area_codes(alert)
    through = Subscription.areas.through
    named = through.objects.filter(subscription_id=OuterRef("pk"))
    found = Subscription.objects.filter(
        is_active=True, tier=tier, level_rank__lte=rank(alert.level)
    ).filter(~Exists(named) | Exists(named.filter(area_id__in=codes)))
    # A subscription naming no sources hears of everything; one naming sources hears of
    # alerts that share one with it, never of an alert whose sources are unknown.
    found = found.annotate(_overlap=F("source_mask").bitand(source_mask(alert.sources))).filter(
        Q(source_mask=0) | ~Q(_overlap=0)
    )
    if alert.classification == Classification.RAHASIA:
        found = found.filter(user__isnull=False)  # never a whole organisation
    elif alert.classification == Classification.TERBATAS:
        found = found.filter(
            Q(user__isnull=False) | Q(organisation__type__in=GOVERNMENT_AND_SECURITY)
        )
    return found


def recipients(alert: Alert, tier: int = 1, now=None) -> list[Subscription]:
    """Active subscriptions of ``tier`` that match the alert and whose owner may read it."""
    now = now or timezone.now()
    codes = area_codes(alert)
    found = []
    for sub in (
        candidates(alert, tier)
        .select_related("user__organisation", "organisation")
        .prefetch_related("areas", "channels", "user__scope_kecamatan")
    ):
        org = sub.organisation
        if sub.user is not None:
            if not sub.user.scope_all:  # the prefetched scope, not one query per user
                sub.user._scope_codes = {a.code for a in sub.user.scope_kecamatan.all()}
            if not policy.can_view(sub.user, alert):
                continue
        elif org is None or not org_may_read(org, alert):
            continue
        elif not sub.areas.all() and org.area_id and org.area_id not in codes:
            continue  # an organisation's own area limits what it hears when it names no areas
        if alert.level != Level.AWAS and sub.in_quiet_hours(now):
            continue
        found.append(sub)
    return found
