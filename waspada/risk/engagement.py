"""Engagement activities (Binkom, dialogue, mediation ...) for the mitigation component.

They are the community app's ``Engagement`` rows (``waspada.community.activities``): area, date
and type, the type mapped to the scoring's actions by ``COMMUNITY_ACTIONS``. A newly recorded
one reaches the scores through ``engagement_recorded`` (``waspada/pipeline.py``). Besides
them, events of form ``pencegahan`` count as engagement (docs/risk/scoring.md).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from waspada.community import activities

from .scoring import EngagementRecord

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


def engagements(
    area_codes: Iterable[str], since: dt.date, until: dt.date
) -> dict[str, list[EngagementRecord]]:
    """For each of ``area_codes`` the activities held there (not beneath it: a record counts
    upwards when it is gathered) between ``since`` and ``until``, inclusive."""
    codes = set(area_codes)
    out: dict[str, list[EngagementRecord]] = {}
    for pk, area_id, date, kind in activities.held(since, until):
        if area_id in codes:
            out.setdefault(area_id, []).append(
                EngagementRecord(f"engagement:{pk}", date, COMMUNITY_ACTIONS.get(kind, "dialog"))
            )
    return out


def links(user, ids: list[str]) -> dict[str, tuple[str, str]]:
    """Labels and addresses of the activities among ``ids`` that ``user`` may see."""
    return activities.links(user, ids) if ids else {}
