"""Finding groups and engagements: the visible set for a user; coverage figures."""

import datetime as dt

from django.conf import settings

from waspada.accounts.policy import visible_filter
from waspada.areas.models import Area, Level

from .gap import gap_rows
from .models import CommunityGroup, Engagement
from .services import engagement_dates, risk_levels


def visible_groups(user):
    return (
        CommunityGroup.objects.filter(visible_filter(user))
        .select_related("area")
        .defer("area__geometry")
    )


def visible_engagements(user):
    return (
        Engagement.objects.filter(visible_filter(user))
        .select_related("area", "organisation")
        .defer("area__geometry")
    )


def in_area(queryset, code: str):
    """Records located in an area or beneath it."""
    from django.db.models import Q

    from waspada.areas.models import descendants_q

    return queryset.filter(Q(area_id=code) | descendants_q(code, "area_id"))


def scoped_areas(user, level: str = Level.KECAMATAN):
    areas = Area.objects.of_regency_at(level, settings.WASPADA_REGENCY).defer("geometry")
    scope = user.scope_codes()
    if scope is not None:
        codes = sorted(scope)
        areas = (
            areas.filter(code__in=codes)
            if level == Level.KECAMATAN
            else areas.filter(parent_id__in=codes)
        )
    return areas.order_by("code")


def gap_for(user, *, level: str = Level.KECAMATAN, today: dt.date):
    areas = [(a.code, a.name) for a in scoped_areas(user, level)]
    codes = [c for c, _ in areas]
    return gap_rows(areas, risk_levels(codes), engagement_dates(codes, until=today), today=today)


def coverage_this_month(user, today: dt.date) -> dict:
    """Kecamatan in the user's scope with at least one engagement this month."""
    start = today.replace(day=1)
    kecamatan = list(scoped_areas(user).values_list("code", flat=True))
    engaged = engagement_dates(kecamatan, until=today)
    covered = [c for c, d in engaged.items() if d >= start]
    n = Engagement.objects.filter(visible_filter(user), date__gte=start, date__lte=today).count()
    return {"covered": len(covered), "total": len(kecamatan), "activities": n, "since": start}
