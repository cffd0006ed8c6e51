"""The situation report (laporan situasi): what happened in a week or a month, per
kecamatan, form and source, with the alerts raised; built for one reader, from what that
reader may see."""

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Q, Sum

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

    @property
    def title(self) -> str:
        return f"Laporan situasi {self.start:%d-%m-%Y} s.d. {self.end:%d-%m-%Y}"

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
    return report
