"""Engagement activities (Binkom, dialogue, mediation ...) for the mitigation component.

Two ways in, the first that answers wins:

1. A function at the dotted path ``WASPADA_RISK_ENGAGEMENT_HOOK`` (empty by default)::

       def engagement_dates(area_codes, since, until) -> dict[str, list[tuple]]:
           '''For each area code (desa or kecamatan) the activities held there between
           ``since`` and ``until`` (dates, inclusive): tuples (id, date) or (id, date, action),
           action among dialog, mediasi, sosialisasi, patroli, koordinasi, bantuan,
           penegakan_hukum, pemantauan (default dialog).'''

   and optionally, beside it, ``engagement_links(user, ids) -> {id: (label, url)}`` for the
   activities among ``ids`` that ``user`` may see.
2. The community app (``waspada.community``) when installed: its ``Engagement`` rows (area,
   date, type), their types mapped to the scoring's actions by ``COMMUNITY_ACTIONS``, linked
   to ``community:engagement`` and filtered by the access policy.

With neither, only events of form ``pencegahan`` count as engagement (docs/risk/scoring.md).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable

from django.apps import apps
from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils.module_loading import import_string

from .scoring import EngagementRecord

logger = logging.getLogger("waspada.risk")

# Activity types of waspada.community -> actions weighted by scoring.ENGAGEMENT_WEIGHT.
COMMUNITY_ACTIONS = {
    "binkom": "sosialisasi",
    "dialog": "dialog",
    "sosialisasi": "sosialisasi",
    "pelatihan": "sosialisasi",
    "mediasi": "mediasi",
    "kunjungan": "pemantauan",
    "rapat_koordinasi": "koordinasi",
}


def _hook(name: str):
    path = settings.WASPADA_RISK_ENGAGEMENT_HOOK
    if not path:
        return None
    if name != "engagement_dates":
        path = path.rsplit(".", 1)[0] + "." + name
    try:
        return import_string(path)
    except ImportError:
        return None


def _community_model():
    if not apps.is_installed("waspada.community"):
        return None
    try:
        model = apps.get_model("community", "Engagement")
    except LookupError:
        return None
    names = {f.name for f in model._meta.get_fields()}
    return model if {"area", "date", "type"} <= names else None


def engagements(
    area_codes: Iterable[str], since: dt.date, until: dt.date
) -> dict[str, list[EngagementRecord]]:
    hook = _hook("engagement_dates")
    out: dict[str, list[EngagementRecord]] = {}
    if hook is not None:
        for code, items in (hook(list(area_codes), since, until) or {}).items():
            for item in items:
                ident, date, *rest = item
                action = rest[0] if rest else "dialog"
                out.setdefault(code, []).append(
                    EngagementRecord(f"engagement:{ident}", date, action)
                )
        return out
    model = _community_model()
    if model is None:
        return out
    codes = set(area_codes)
    rows = model.objects.filter(date__gte=since, date__lte=until).exclude(area=None)
    for pk, area_id, date, kind in rows.values_list("pk", "area_id", "date", "type"):
        if area_id in codes:
            out.setdefault(area_id, []).append(
                EngagementRecord(f"engagement:{pk}", date, COMMUNITY_ACTIONS.get(kind, "dialog"))
            )
    return out


def links(user, ids: list) -> dict:
    if not ids:
        return {}
    hook = _hook("engagement_links")
    if hook is not None:
        return hook(user, ids) or {}
    model = _community_model()
    if model is None:
        return {}
    from waspada.accounts.policy import visible_filter

    out = {}
    for obj in model.objects.filter(visible_filter(user), pk__in=[int(i) for i in ids]):
        try:
            url = reverse("community:engagement", args=[obj.pk])
        except NoReverseMatch:
            url = None
        out[str(obj.pk)] = (str(obj), url)
    return out
