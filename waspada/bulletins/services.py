"""Bulletins: suggest levels from open alerts anyone may read, submit, approve, publish."""

from django.db import transaction
from django.utils import timezone

from waspada.accounts import audit
from waspada.accounts.models import AuditLog, Classification
from waspada.alerts.levels import rank
from waspada.alerts.models import Alert
from waspada.areas.models import Area

from . import sanitise
from .models import Bulletin, BulletinEntry


class NotAllowed(Exception):
    pass


def suggested_levels() -> dict[str, str]:
    """kecamatan code → the highest level of its open ``biasa`` alerts. Classified alerts
    never inform the public bulletin, not even as a level."""
    levels: dict[str, str] = {}
    for area_code, kecamatan_code, level in Alert.objects.filter(
        status__in=Alert.OPEN,
        classification=Classification.BIASA,
        area__isnull=False,
    ).values_list("area_id", "kecamatan_code", "level"):
        code = kecamatan_code or area_code
        if rank(level) > rank(levels.get(code, "normal")):
            levels[code] = level
    kecamatan = set(Area.objects.kecamatan_of_regency().values_list("code", flat=True))
    return {code: level for code, level in levels.items() if code in kecamatan}


@transaction.atomic
def draft_from_alerts(user, title: str, summary: str) -> Bulletin:
    bulletin = Bulletin.objects.create(title=title, summary=summary, created_by=user)
    for code, level in sorted(suggested_levels().items()):
        BulletinEntry.objects.create(bulletin=bulletin, area_id=code, level=level)
    return bulletin


def submit(bulletin: Bulletin, user) -> list[str]:
    found = sanitise.bulletin_problems(bulletin)
    if not found:
        bulletin.status = Bulletin.Status.SUBMITTED
        bulletin.save(update_fields=["status", "updated_at"])
    return found


@transaction.atomic
def publish(bulletin: Bulletin, user, request=None) -> list[str]:
    """Approve and publish: by someone other than the author, and only a clean text."""
    if bulletin.created_by_id == user.pk:
        raise NotAllowed("the author cannot approve their own bulletin")
    if bulletin.status != Bulletin.Status.SUBMITTED:
        raise NotAllowed("only a submitted bulletin can be published")
    found = sanitise.bulletin_problems(bulletin)
    if found:
        return found
    bulletin.status = Bulletin.Status.PUBLISHED
    bulletin.approved_by = user
    bulletin.published_at = timezone.now()
    bulletin.save()
    audit.record(
        AuditLog.Action.UPDATE,
        request=request,
        actor=user,
        obj=bulletin,
        field="status",
        status="published",
    )
    return []


def withdraw(bulletin: Bulletin, user, request=None) -> None:
    bulletin.status = Bulletin.Status.WITHDRAWN
    bulletin.save(update_fields=["status", "updated_at"])
    audit.record(
        AuditLog.Action.UPDATE,
        request=request,
        actor=user,
        obj=bulletin,
        field="status",
        status="withdrawn",
    )


def published():
    return Bulletin.objects.filter(status=Bulletin.Status.PUBLISHED).prefetch_related(
        "entries__area"
    )
