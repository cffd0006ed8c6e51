"""Recording engagement, and what the community pages read of other records: when each area
last had an engagement, and its risk level.

A recorded activity is announced (``signals.engagement_recorded``); the risk scores read the
activities through ``activities.py`` (docs/cases.md).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Max

from waspada.accounts import audit

from .models import Engagement, EngagementPhoto, Leader
from .signals import engagement_recorded


def _covers(code: str, other: str | None) -> bool:
    return bool(other) and (other == code or other.startswith(code + "."))


def engagement_dates(
    area_codes: Iterable[str], *, until: dt.date | None = None
) -> dict[str, dt.date]:
    """For each area code, the date of the last engagement in it (or in an area beneath it),
    or with a group active in it. Codes without any engagement are left out.

    Every classification counts: the answer says only *when*, never what or with whom.
    """
    codes = list(dict.fromkeys(area_codes))
    if not codes:
        return {}
    engagements = Engagement.objects.all()
    if until is not None:
        engagements = engagements.filter(date__lte=until)
    # Last date per engagement place, and per area of the groups present.
    by_place = engagements.exclude(area=None).values("area_id").annotate(last=Max("date"))
    by_group_area = (
        engagements.filter(groups__areas__isnull=False)
        .values("groups__areas")
        .annotate(last=Max("date"))
    )
    places: list[tuple[str, dt.date]] = [(r["area_id"], r["last"]) for r in by_place]
    places += [(r["groups__areas"], r["last"]) for r in by_group_area]
    result: dict[str, dt.date] = {}
    for code in codes:
        dates = [d for place, d in places if _covers(code, place)]
        if dates:
            result[code] = max(dates)
    return result


def risk_levels(area_codes: Iterable[str]) -> dict[str, str]:
    """The headline risk level of each area (waspada.risk: overall score, headline window).
    Areas without a score are left out: their level is unknown."""
    codes = list(area_codes)
    if not codes:
        return {}
    from waspada.risk.queries import headline_levels

    return headline_levels(codes)


def read_leaders(group, *, request) -> list[dict]:
    """The group's leaders with their contacts, decrypted; every read is audited."""
    leaders = []
    for leader in group.leaders.all():
        audit.record("read_sensitive", request=request, obj=leader, field="person", group=group.pk)
        leaders.append({"leader": leader, **leader.person})
    return leaders


@transaction.atomic
def add_leader(
    group, *, user, position: str, name: str, phone: str = "", address: str = "", note: str = ""
) -> Leader:
    leader = Leader.objects.create(
        group=group,
        position=position,
        created_by=user,
        person={"name": name, "phone": phone, "address": address, "note": note},
    )
    audit.record("create", actor=user, obj=leader, field="person", group=group.pk)
    return leader


@transaction.atomic
def record_engagement(*, user, organisers=(), groups=(), photos=(), **fields) -> Engagement:
    """Store an engagement activity with its organisers, groups present and photos (bytes,
    checked by their content; location metadata stripped), all or nothing. A ``submission_id``
    this user already sent returns that activity instead of a second one."""
    submission = fields.get("submission_id") or ""
    earlier = _sent_before(user, submission)
    if earlier is not None:
        return earlier
    try:
        with transaction.atomic():
            return _create_engagement(user, organisers, groups, photos, fields)
    except IntegrityError:
        # the same form sent twice at once: the other request stored it first
        earlier = _sent_before(user, submission)
        if earlier is None:
            raise
        return earlier


def _sent_before(user, submission: str) -> Engagement | None:
    if not submission or user is None:
        return None
    return Engagement.objects.filter(created_by=user, submission_id=submission).first()


def _create_engagement(user, organisers, groups, photos, fields) -> Engagement:
    from waspada.intake.files import check, strip_metadata, strippable

    engagement = Engagement(created_by=user, **fields)
    if user is not None and not engagement.organisation_id:
        engagement.organisation = user.organisation
    engagement.save()
    engagement.organisers.set(
        organisers or ([user.organisation] if user and user.organisation_id else [])
    )
    engagement.groups.set(groups)
    for data in photos:
        content_type = check(data)
        if not strippable(content_type):
            raise ValueError("not a photo")
        data = strip_metadata(data, content_type)
        photo = EngagementPhoto(engagement=engagement, content_type=content_type, size=len(data))
        ext = content_type.split("/")[1].replace("jpeg", "jpg")
        photo.file.save(f"foto-{engagement.pk}.{ext}", ContentFile(data), save=False)
        photo.save()
    engagement_recorded.announce(engagement_id=engagement.pk)
    return engagement
