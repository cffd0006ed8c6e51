"""What a rule would have done: replay the last 90 days of verified events, analysed reports
and risk-level changes through a rule (saved or not) and list each time it would have fired.

The replay uses the rule's own tests (``engine.urgent_match``, the same counts and windows)
and adds up casualties and desa per kecamatan within an episode (items less than
``EPISODE_DAYS`` apart belong to one open alert), so the levels shown are those the alert would
have reached. It reads only what the person asking may see.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta

from django.utils import timezone
from django.utils.translation import gettext as _

from waspada.accounts import policy
from waspada.events.vocab import Form

from . import engine
from .levels import Level, rank

DAYS = 90
EPISODE_DAYS = 7  # items closer than this in one kecamatan feed the same open alert
MAX_REPORTS = 5000


@dataclass
class Firing:
    at: datetime
    area: str  # kecamatan (or regency) code
    level: str
    why: str
    evidence: list[dict] = field(default_factory=list)


@dataclass
class Preview:
    days: int
    firings: list[Firing]
    alerts: int  # distinct alerts (episodes) they would have made

    @property
    def count(self) -> int:
        return len(self.firings)


@dataclass
class _Item:
    at: datetime
    kecamatan: str
    desa: str | None
    form: str
    severity: int
    fatalities: int | None
    injured: int | None
    sources: list[str]
    hate: bool
    evidence: dict


def _covers(codes: set[str], area_code: str | None) -> bool:
    return not codes or bool(
        area_code and any(area_code == c or area_code.startswith(c + ".") for c in codes)
    )


def _noon(day) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(12)))


def _events(user, since, codes):
    from waspada.events.models import Event

    events = (
        Event.objects.filter(policy.visible_filter(user))
        .filter(event_date__gte=since.date(), verification=engine.VERIFIED)
        .exclude(kecamatan_code=None)
        .prefetch_related("source_tags")
        .order_by("event_date", "pk")
    )
    for e in events:
        if not _covers(codes, e.area_id):
            continue
        yield _Item(
            at=_noon(e.event_date),
            kecamatan=e.kecamatan_code,
            desa=engine._desa_of(e.area_id),
            form=e.form or "",
            severity=engine.event_severity(e),
            fatalities=e.fatalities,
            injured=e.injured,
            sources=e.source_list,
            hate=e.form == "ujaran_kebencian",
            evidence=engine._event_evidence(e),
        )


def _reports(user, since, codes):
    from waspada.intake.models import Report

    reports = (
        Report.objects.filter(policy.visible_filter(user))
        .filter(received_at__gte=since)
        .exclude(analysis=None)
        .exclude(kecamatan_code=None)
        .only("pk", "analysis", "area_id", "kecamatan_code", "received_at", "classification")
        .order_by("received_at")[:MAX_REPORTS]
    )
    for r in reports:
        reading = r.reading
        if reading is None or not _covers(codes, r.area_id or r.kecamatan_code):
            continue
        yield _Item(
            at=r.received_at,
            kecamatan=r.kecamatan_code,
            desa=engine._desa_of(r.area_id),
            form=reading.form or "",
            severity=reading.severity or 0,
            fatalities=reading.fatalities,
            injured=reading.injured,
            sources=reading.source_names,
            hate=bool(reading.hate_speech_labels),
            evidence=engine._report_evidence(r),
        )


def _urgent(rule, items) -> list[Firing]:
    firings = []
    episodes: dict[str, dict] = {}
    for item in sorted(items, key=lambda i: i.at):
        why = engine.urgent_match(
            rule, form=item.form, severity=item.severity, fatalities=item.fatalities or 0
        )
        if not why or (rule.sources and not set(rule.sources) & set(item.sources)):
            continue
        ep = episodes.get(item.kecamatan)
        if ep is None or item.at - ep["last"] > timedelta(days=EPISODE_DAYS):
            ep = episodes[item.kecamatan] = {"dead": 0, "desa": set()}
        ep["last"] = item.at
        ep["dead"] += item.fatalities or 0
        if item.desa:
            ep["desa"].add(item.desa)
        level = rule.level
        if (rule.awas_fatalities and ep["dead"] >= rule.awas_fatalities) or (
            rule.awas_desa and len(ep["desa"]) >= rule.awas_desa
        ):
            level = Level.AWAS
        label = Form(item.form).label if item.form in Form.values else item.form or "?"
        text = engine._why_text(
            rule, why, form_label=label, severity=item.severity, fatalities=item.fatalities
        )
        firings.append(Firing(item.at, item.kecamatan, level, text, [item.evidence]))
    return firings


def _counted(rule, items) -> list[Firing]:
    by_area = defaultdict(list)
    for item in sorted(items, key=lambda i: i.at):
        by_area[item.kecamatan].append(item)
    firings = []
    window = timedelta(hours=rule.window_hours)
    for area, found in by_area.items():
        for i, item in enumerate(found):
            inside = [x for x in found[: i + 1] if item.at - x.at <= window]
            if len(inside) >= rule.count:
                firings.append(
                    Firing(
                        item.at,
                        area,
                        rule.level,
                        _("%(n)s items within %(hours)s hours (rule: %(count)s)")
                        % {"n": len(inside), "hours": rule.window_hours, "count": rule.count},
                        [x.evidence for x in inside],
                    )
                )
    return sorted(firings, key=lambda f: f.at)


def _risk(rule, since, codes) -> list[Firing]:
    from waspada.risk.models import RiskLevelChange

    firings = []
    for change in RiskLevelChange.objects.filter(at__gte=since).order_by("at"):
        if rank(change.new_level) <= rank(change.old_level) or rank(change.new_level) < rank(
            rule.level
        ):
            continue
        if change.area_id.count(".") == 3 and change.area_id not in codes:
            continue
        if not _covers(codes, change.area_id):
            continue
        if rule.sources and change.source not in rule.sources:
            continue
        firings.append(
            Firing(
                change.at,
                change.area_id,
                change.new_level,
                f"{change.source or _('overall')}: {change.old_level} → {change.new_level} "
                f"({change.score:.0f}/100)",
                [{"type": "risk", "id": change.pk, "url": f"/wilayah/{change.area_id}/"}],
            )
        )
    return firings


def _episodes(firings: list[Firing]) -> int:
    last: dict[str, datetime] = {}
    count = 0
    for f in sorted(firings, key=lambda f: f.at):
        if f.area not in last or f.at - last[f.area] > timedelta(days=EPISODE_DAYS):
            count += 1
        last[f.area] = f.at
    return count


def preview(rule, user, *, area_codes: set[str] | None = None, now=None) -> Preview:
    """Replay the last ``DAYS`` days through ``rule`` (which need not be saved: pass its area
    codes). Only records ``user`` may see count."""
    now = now or timezone.now()
    since = now - timedelta(days=DAYS)
    codes = set(area_codes if area_codes is not None else rule.area_codes())
    kind = rule.kind
    if kind == "risk_level":
        firings = _risk(rule, since, codes)
    elif kind == "urgent_event":
        items = list(_events(user, since, codes))
        if rule.include_reports:
            items += _reports(user, since, codes)
        firings = _urgent(rule, items)
    elif kind == "event_count":
        items = [i for i in _events(user, since, codes) if not rule.forms or i.form in rule.forms]
        if rule.include_reports and rule.forms:
            items += [i for i in _reports(user, since, codes) if i.form in rule.forms]
        if rule.sources:
            items = [i for i in items if set(rule.sources) & set(i.sources)]
        firings = _counted(rule, items)
    elif kind == "hate_speech":
        items = [i for i in _events(user, since, codes) if i.hate]
        items += [i for i in _reports(user, since, codes) if i.hate]
        firings = _counted(rule, items)
    else:
        firings = []
    return Preview(days=DAYS, firings=firings, alerts=_episodes(firings))
