"""The situation report (laporan situasi): what happened in a week or a month, per
kecamatan, form and source, with the alerts raised, the risk levels as a map, and the
response (cases, actions, Tim Terpadu decisions, engagement); built for one reader, from what
that reader may see, and marked with the highest classification of what it shows."""

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from waspada.accounts import policy
from waspada.alerts.levels import rank
from waspada.alerts.models import Alert
from waspada.events.models import Event, EventSource
from waspada.events.vocab import Form, Source


@dataclass
class SituationReport:
    period: str
    start: date
    end: date  # inclusive
    events: int = 0
    fatalities: int = 0
    injured: int = 0
    previous_events: int = 0
    by_kecamatan: list = field(default_factory=list)  # (name, count, fatalities, top level)
    by_form: list = field(default_factory=list)  # (label, count)
    by_source: list = field(default_factory=list)
    alerts: list = field(default_factory=list)
    alerts_by_level: dict = field(default_factory=dict)
    significant: list = field(default_factory=list)
    # The map: kecamatan in the reader's scope with their current headline risk level.
    levels: dict = field(default_factory=dict)  # code -> level
    # The response.
    cases_opened: list = field(default_factory=list)
    cases_open_by_phase: list = field(default_factory=list)  # (label, n)
    actions: list = field(default_factory=list)  # (label, n) of actions in the period
    overdue_actions: int = 0
    decisions: list = field(default_factory=list)
    engagements: int = 0
    engagement_kecamatan: list = field(default_factory=list)  # names
    classification: str = "biasa"
    generated_at: object = None

    @property
    def marking(self) -> str:
        """The classification marking printed on every page."""
        from waspada.accounts.models import Classification

        return str(dict(Classification.choices)[self.classification]).upper()

    @property
    def title(self) -> str:
        return _("Situation report %(start)s to %(end)s") % {
            "start": f"{self.start:%d-%m-%Y}",
            "end": f"{self.end:%d-%m-%Y}",
        }

    @property
    def max_count(self) -> int:
        return max([c for _, c, *_ in self.by_kecamatan] + [1])


def period_bounds(period: str, end: date) -> tuple[date, date]:
    if period == "monthly":
        start = end.replace(day=1)
        return start, end
    return end - timedelta(days=6), end


def build(user, period: str = "weekly", end: date | None = None) -> SituationReport:
    end = end or date.today()
    start, end = period_bounds(period, end)
    report = SituationReport(period=period, start=start, end=end)
    visible = Event.objects.filter(policy.visible_filter(user)).exclude(
        verification__in=("ditolak", "duplikat")
    )
    events = visible.filter(event_date__gte=start, event_date__lte=end)
    totals = events.aggregate(f=Sum("fatalities"), i=Sum("injured"))
    report.events = events.count()
    report.fatalities, report.injured = totals["f"] or 0, totals["i"] or 0
    length = (end - start).days + 1
    report.previous_events = visible.filter(
        event_date__gte=start - timedelta(days=length), event_date__lt=start
    ).count()

    alerts = list(
        Alert.objects.filter(
            policy.visible_filter(user), raised_at__date__gte=start, raised_at__date__lte=end
        ).select_related("area")
    )
    report.alerts = alerts
    report.alerts_by_level = dict(Counter(a.level for a in alerts))
    top_level: dict[str, str] = {}
    for a in alerts:
        code = a.kecamatan_code or a.area_id
        if code and rank(a.level) > rank(top_level.get(code, "normal")):
            top_level[code] = a.level

    per_kec = Counter()
    dead = Counter()
    names = {}
    for e in events.select_related("area").only(
        "kecamatan_code", "fatalities", "area__name", "area__level", "area__code"
    ):
        code = e.kecamatan_code or ""
        per_kec[code] += 1
        dead[code] += e.fatalities
    from waspada.areas.models import Area

    names = dict(
        Area.objects.filter(code__in=[c for c in per_kec if c]).values_list("code", "name")
    )
    report.by_kecamatan = sorted(
        [
            (names.get(code, "—"), n, dead[code], top_level.get(code, ""))
            for code, n in per_kec.items()
        ],
        key=lambda row: (-row[1], row[0]),
    )
    forms = dict(Form.choices)
    report.by_form = [
        (forms.get(f or "", "—"), n)
        for f, n in Counter(events.values_list("form", flat=True)).most_common()
    ]
    sources = dict(Source.choices)
    report.by_source = [
        (sources.get(s, s), n)
        for s, n in Counter(
            EventSource.objects.filter(event__in=events).values_list("source", flat=True)
        ).most_common()
    ]
    report.significant = list(
        events.filter(
            Q(fatalities__gt=0) | Q(form__in=["kerusuhan", "bentrok", "kekerasan"])
        ).order_by("-event_date", "-pk")[:20]
    )
    report.levels = _levels(user)
    _response(report, user)
    shown = [
        *events.values_list("classification", flat=True).distinct(),
        *(a.classification for a in alerts),
        *(c.classification for c in report.cases_opened),
    ]
    report.classification = _highest(shown)
    report.generated_at = timezone.localtime()
    return report


_ORDER = ("biasa", "terbatas", "rahasia")


def _highest(classifications) -> str:
    found = [c for c in classifications if c in _ORDER] or ["biasa"]
    return max(found, key=_ORDER.index)


def _levels(user) -> dict[str, str]:
    from waspada.areas.models import Area
    from waspada.risk.queries import headline_levels

    kecamatan = Area.objects.kecamatan_of_regency()
    scope = user.scope_codes()
    if scope is not None:
        kecamatan = kecamatan.filter(code__in=sorted(scope))
    codes = list(kecamatan.values_list("code", flat=True))
    levels = headline_levels(codes)
    return {code: levels.get(code, "") for code in codes}


def _response(report: SituationReport, user) -> None:
    """Cases, actions, Tim Terpadu decisions and engagement in the period."""
    from waspada.cases.models import Action, Decision
    from waspada.cases.queries import open_by_phase, overdue_actions, visible_cases
    from waspada.cases.vocab import ActionType
    from waspada.community.models import Engagement

    start, end = report.start, report.end
    cases = visible_cases(user)
    report.cases_opened = list(
        cases.filter(opened_at__date__gte=start, opened_at__date__lte=end).order_by("-opened_at")
    )
    report.cases_open_by_phase = [(label, n) for _value, label, n in open_by_phase(user)]
    actions = Action.objects.filter(
        policy.visible_filter(user, prefix="case__"), date__gte=start, date__lte=end
    )
    labels = dict(ActionType.choices)
    report.actions = [
        (labels.get(t, t), n)
        for t, n in actions.values_list("type").annotate(n=Count("pk")).order_by("-n")
    ]
    report.overdue_actions = overdue_actions(user, end).count()
    report.decisions = list(
        Decision.objects.filter(
            policy.visible_filter(user, prefix="meeting__"),
            meeting__date__gte=start,
            meeting__date__lte=end,
        ).select_related("meeting", "case", "organisation")
    )
    engagements = Engagement.objects.filter(
        policy.visible_filter(user), date__gte=start, date__lte=end
    )
    report.engagements = engagements.count()
    from waspada.areas.models import Area

    codes = set(engagements.exclude(kecamatan_code=None).values_list("kecamatan_code", flat=True))
    report.engagement_kecamatan = sorted(
        Area.objects.filter(code__in=codes).values_list("name", flat=True)
    )
