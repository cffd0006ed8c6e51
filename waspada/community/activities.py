"""What the risk scores read of the engagement record (their mitigation component): the
activities held between two dates, and links to those a user may see. Nothing here writes;
a newly recorded activity reaches the scores through ``signals.engagement_recorded``."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from waspada.accounts.policy import visible_filter

from .models import Engagement


def held(since: dt.date, until: dt.date) -> list[tuple[int, str, dt.date, str]]:
    """Every activity with a place held between ``since`` and ``until`` (inclusive), of every
    classification (the score counts it; the panel links it only for those who may see it):
    (id, area code, date, type)."""
    rows = Engagement.objects.filter(date__gte=since, date__lte=until).exclude(area=None)
    return list(rows.values_list("pk", "area_id", "date", "type"))


def links(user, ids: list[str]) -> dict[str, tuple[str, str]]:
    """For the activities among ``ids`` that ``user`` may see: (label, address)."""
    wanted = [int(i) for i in ids if str(i).isdigit()]
    return {
        str(obj.pk): (str(obj), reverse("community:engagement", args=[obj.pk]))
        for obj in Engagement.objects.filter(visible_filter(user), pk__in=wanted)
    }
