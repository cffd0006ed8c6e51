"""The rules a fresh installation starts with (``python -m waspada setup`` creates them).

Each is an ordinary ``Rule``: analysts and admins edit or switch it off at
``/peringatan/aturan/``. Setup creates a default rule only when no rule carries its
``default_key``: running setup again never overwrites an edited rule nor duplicates one (switch
a rule off rather than deleting it, or setup brings it back). Why each threshold is what it is
stands beside it and in docs/alerts.md.
"""

from django.db import transaction

from .levels import Level
from .models import Rule

DEFAULT_RULES: list[dict] = [
    {
        # A death, an injury, arson or an armed clash is the point at which the Tim Terpadu
        # must move the same day (UU 7/2012's "penghentian" phase): severity 4 is where the
        # analysis' scale puts injuries, burning and armed clashes; a stated death (in a
        # reading of conflict, severity >= 3) fires whatever its form. Unverified reports
        # count: waiting for verification costs hours a killing does not allow. Three deaths
        # added up over the open alert (more than one killing: a cycle of revenge has begun)
        # or violence in a second desa (spread is what turns a fight into communal conflict)
        # raise it to awas.
        "default_key": "severe_incident",
        "name": "Insiden berat (korban jiwa, luka, pembakaran, bentrok bersenjata)",
        "kind": Rule.Kind.URGENT_EVENT,
        "level": Level.SIAGA,
        "min_severity": 4,
        "min_fatalities": 1,
        "awas_fatalities": 3,
        "awas_desa": 2,
        "include_reports": True,
        "ack_minutes": 30,
        "throttle_minutes": 360,
    },
    {
        # A kecamatan entering siaga or awas on the risk map (docs/risk/levels.md) is news
        # for everyone responsible for it; waspada moves often and is shown on the map
        # instead of being sent.
        "default_key": "risk_level",
        "name": "Kecamatan masuk tingkat risiko siaga atau awas",
        "kind": Rule.Kind.RISK_LEVEL,
        "level": Level.SIAGA,
        "ack_minutes": 120,
        "throttle_minutes": 720,
    },
    {
        # Five items of hate speech or provocation in two days in one kecamatan: one or two
        # are an ordinary week's rumours; five in two days is a campaign, and campaigns of
        # provocation are what come before communal violence. A judgement to revisit once a
        # few months of the kecamatan's own counts are in.
        "default_key": "hate_speech",
        "name": "Lonjakan ujaran kebencian dan provokasi",
        "kind": Rule.Kind.HATE_SPEECH,
        "level": Level.WASPADA,
        "count": 5,
        "window_hours": 48,
        "ack_minutes": 240,
        "throttle_minutes": 720,
    },
    {
        # Rumours, threats and calls to gather (a "kumpul" before a clash, a blockade being
        # organised) come in several reports before anything happens: three within a day
        # in one kecamatan, reports included, reads as a crowd forming rather than one rumour.
        "default_key": "rumour_mobilisation",
        "name": "Isu, ancaman dan pengerahan massa",
        "kind": Rule.Kind.EVENT_COUNT,
        "level": Level.WASPADA,
        "forms": ["ancaman", "ujaran_kebencian", "unjuk_rasa", "blokade"],
        "count": 3,
        "window_hours": 24,
        "include_reports": True,
        "ack_minutes": 120,
        "throttle_minutes": 360,
    },
]


@transaction.atomic
def create_default_rules(by=None) -> list[Rule]:
    """Create the default rules that do not exist yet (by ``default_key``); return them."""
    created = []
    existing = set(Rule.objects.exclude(default_key="").values_list("default_key", flat=True))
    for spec in DEFAULT_RULES:
        if spec["default_key"] in existing:
            continue
        rule = Rule(updated_by=by, **spec)
        rule.save()
        created.append(rule)
    return created
