"""Risk in the database: gather each area's records, score them (``scoring``), store the
scores, record level changes and tell others; forecast incidents per kecamatan; the data of
the map and the area panel, filtered by the access policy.

Every area of the regency is scored: each desa on its own records, each kecamatan on its own
and its desa's, the regency on all. Records carry typed ids (``event:12``, ``report:7``,
``article:3``, ``profile:64.02.06:poverty``, ``engagement:5``) that the panel resolves into
links, showing only what the user may see (``policy.visible_filter``).
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import time
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from waspada.accounts.policy import in_area_scope, visible_filter
from waspada.areas.models import Area, Level
from waspada.events.models import Event, EventSource
from waspada.events.vocab import Form, Relevance, Source, Verification

from . import config as risk_config
from . import engagement, profiles, scoring
from .models import AreaProfile, RiskForecast, RiskLevelChange, RiskRun, RiskScore
from .signals import risk_level_changed

if TYPE_CHECKING:
    from waspada.nlp.pipeline import Analysis

logger = logging.getLogger("waspada.risk")

SOURCES = tuple(Source.values)
EXCLUDED_VERIFICATION = (Verification.DITOLAK, Verification.DUPLIKAT)
SIGNAL_FORM = "ujaran_kebencian"


def today() -> dt.date:
    return timezone.localdate()


# Gathering records --------------------------------------------------------------------------


@dataclass
class Gathered:
    regency: str
    levels: dict[str, str]  # area code -> level (desa, kecamatan, kabupaten)
    records: dict[str, scoring.AreaRecords]


def _targets(code: str | None, levels: dict[str, str], regency: str) -> list[str]:
    """The areas a record located at ``code`` counts for: itself, its kecamatan, the regency."""
    if not code or code not in levels:
        return [regency]
    if levels[code] == Level.DESA:
        return [code, code.rsplit(".", 1)[0], regency]
    if levels[code] == Level.KECAMATAN:
        return [code, regency]
    return [regency]


def horizon_days(cfg: scoring.ScoreConfig) -> int:
    return max(
        cfg.recent_days,
        cfg.escalation_days + cfg.baseline_days,
        cfg.engagement_days,
        cfg.hate_days,
    )


def hate_strength(analysis: Analysis | None) -> float:
    """A report's or article's hate-speech/provocation signal (0 = none) from its analysis."""
    if analysis is None or analysis.relevance == "none":
        return 0.0
    p = float(analysis.hate_speech.get("HS", 0.0))
    threshold = settings.WASPADA_RISK_HATE_THRESHOLD
    strength = p if "HS" in analysis.hate_speech_labels or p >= threshold else 0.0
    if analysis.form == SIGNAL_FORM:
        strength = max(strength, float(analysis.form_scores.get(SIGNAL_FORM, 0.5)))
    return min(max(strength, 0.0), 1.0)


def _signal(kind: str, pk: int, when: dt.datetime, stored: dict) -> scoring.SignalRecord | None:
    from waspada.nlp.pipeline import Analysis

    analysis = Analysis.from_dict(stored)
    strength = hate_strength(analysis)
    if strength <= 0:
        return None
    day = timezone.localtime(when).date()
    return scoring.SignalRecord(f"{kind}:{pk}", day, strength, tuple(analysis.source_names))


def gather(
    now: dt.date,
    cfg: scoring.ScoreConfig | None = None,
    within: str | None = None,
    extra_days: int = 0,
) -> Gathered:
    """Every record that bears on a score on day ``now``. ``within`` (an area code) limits the
    work to that area's own records (the panel's trend); by default the whole regency.
    ``extra_days`` reaches that much further back (for scores on earlier days)."""
    from waspada.intake.models import Report, Status
    from waspada.media.models import Article

    cfg = cfg or risk_config.base_config()
    regency = settings.WASPADA_REGENCY
    areas = Area.objects.in_regency(regency).filter(
        Q(level__in=[Level.KECAMATAN, Level.DESA]) | Q(code=regency)
    )
    levels = dict(areas.values_list("code", "level"))
    if within and within != regency:
        keep = {c for c in levels if c == within or c.startswith(within + ".")}
    else:
        keep = set(levels)
    records = {c: scoring.AreaRecords() for c in keep}

    def add(code, kind, record):
        for t in _targets(code, levels, regency):
            if t in records:
                getattr(records[t], kind).append(record)

    since = now - dt.timedelta(days=horizon_days(cfg) + extra_days)
    events = (
        Event.objects.filter(event_date__gt=since, event_date__lte=now)
        .exclude(verification__in=EXCLUDED_VERIFICATION)
        .exclude(relevance=Relevance.NONE)
        .exclude(form="")
    )
    tags = EventSource.objects.filter(
        event__event_date__gt=since, event__event_date__lte=now
    ).exclude(event__verification__in=EXCLUDED_VERIFICATION)
    if within and within != regency:
        level = levels.get(within)
        if level == Level.KECAMATAN:
            events = events.filter(kecamatan_code=within)
            tags = tags.filter(event__kecamatan_code=within)
        else:
            events = events.filter(area_id=within)
            tags = tags.filter(event__area_id=within)
    sources_of: dict[int, list[str]] = defaultdict(list)
    for event_id, source in tags.order_by().values_list("event_id", "source").iterator(5000):
        sources_of[event_id].append(source)
    for pk, date, form, ver, fat, area_id in (
        events.order_by()
        .values_list("pk", "event_date", "form", "verification", "fatalities", "area_id")
        .iterator(5000)
    ):
        add(
            area_id,
            "events",
            scoring.EventRecord(f"event:{pk}", date, form, ver, fat, tuple(sources_of.get(pk, ()))),
        )

    signal_since = now - dt.timedelta(days=cfg.hate_days + 1 + extra_days)
    signal_start = timezone.make_aware(dt.datetime.combine(signal_since, dt.time()))
    reports = (
        Report.objects.filter(received_at__gte=signal_start)
        .exclude(analysis=None)
        .exclude(status__in=[Status.DITOLAK, Status.DUPLIKAT])
    )
    if within and within != regency:
        reports = reports.filter(_within(within, levels))
    for pk, area_id, occurred, received, analysis in reports.values_list(
        "pk", "area_id", "occurred_at", "received_at", "analysis"
    ):
        signal = _signal("report", pk, occurred or received, analysis)
        if signal is not None:
            add(area_id, "signals", signal)
    articles = Article.objects.filter(in_regency=True, fetched_at__gte=signal_start).exclude(
        analysis=None
    )
    if within and within != regency:
        articles = articles.filter(_within(within, levels))
    for pk, area_id, published, fetched, analysis in articles.values_list(
        "pk", "area_id", "published_at", "fetched_at", "analysis"
    ):
        signal = _signal("article", pk, published or fetched, analysis)
        if signal is not None:
            add(area_id, "signals", signal)

    _add_indicators(records, levels, regency)

    found = engagement.engagements(
        [c for c, lv in levels.items() if lv != Level.KABUPATEN],
        now - dt.timedelta(days=cfg.engagement_days - 1 + extra_days),
        now,
    )
    for code, items in found.items():
        for record in items:
            add(code, "engagements", record)
    return Gathered(regency, levels, records)


def _within(code: str, levels: dict[str, str]) -> Q:
    """A Q on a GovernedRecord for the records located in area ``code`` (or beneath it)."""
    if levels.get(code) == Level.KECAMATAN:
        return Q(kecamatan_code=code)
    return Q(area_id=code)


def _add_indicators(records, levels, regency) -> None:
    """Own profile first; a desa without one takes its kecamatan's, a kecamatan without one
    the mean of its desa's, the regency the mean of its kecamatan's."""
    own = {
        p.area_id: profiles.indicators_of(p)
        for p in AreaProfile.objects.filter(area_id__in=list(levels))
    }

    def mean_of(groups: list[list[scoring.IndicatorRecord]]):
        groups = [g for g in groups if g]
        return [
            scoring.IndicatorRecord(r.id, r.name, r.value, r.weight / len(groups), r.sources)
            for g in groups
            for r in g
        ]

    desa_of: dict[str, list[str]] = defaultdict(list)
    for code, level in levels.items():
        if level == Level.DESA:
            desa_of[code.rsplit(".", 1)[0]].append(code)
    kec = {}
    for code, level in levels.items():
        if level == Level.KECAMATAN:
            kec[code] = own.get(code) or mean_of([own.get(d) for d in desa_of[code]])
    for code, rec in records.items():
        level = levels[code]
        if level == Level.DESA:
            rec.indicators = own.get(code) or kec.get(code.rsplit(".", 1)[0], [])
        elif level == Level.KECAMATAN:
            rec.indicators = kec[code]
        else:
            rec.indicators = mean_of(list(kec.values()))


# Scoring ------------------------------------------------------------------------------------


def _by_source(items: Iterable, keep_all=lambda r: False) -> dict[str, list]:
    out: dict[str, list] = {s: [] for s in SOURCES}
    shared = []
    for r in items:
        if keep_all(r):
            shared.append(r)
            continue
        for s in r.sources:
            if s in out:
                out[s].append(r)
    for s in out:
        out[s].extend(shared)
    return out


def score_all(
    gathered: Gathered, now: dt.date, windows: Iterable[int], base: scoring.ScoreConfig
) -> list[tuple[int, scoring.AreaScore]]:
    """(window, score) for every area, window, and source (None = overall)."""
    out = []
    for code, rec in gathered.records.items():
        ev = _by_source(rec.events, keep_all=lambda e: e.form == "pencegahan")
        sig = _by_source(rec.signals)
        for w in windows:
            cfg = risk_config.config_for(w, base)
            out.append(
                (
                    w,
                    scoring.score_area(
                        code, now, rec.events, rec.signals, rec.indicators, rec.engagements, cfg
                    ),
                )
            )
            for s in SOURCES:
                out.append(
                    (
                        w,
                        scoring.score_area(
                            code, now, ev[s], sig[s], rec.indicators, rec.engagements, cfg, source=s
                        ),
                    )
                )
    return out


def stored_components(score: scoring.AreaScore, keep: int) -> dict:
    """The components as stored: points, raw, detail, and the largest ``keep`` contributions
    (``n`` counts them all)."""
    out = {}
    for c in score.components:
        out[c.name] = {
            "points": c.points,
            "raw": c.raw,
            "n": len(c.contributions),
            "contributions": [[i, round(p, 3)] for i, p in c.contributions[:keep]],
            **({"detail": dict(c.detail)} if c.detail else {}),
        }
    return out


@dataclass
class RecomputeResult:
    rows: int
    changes: list[RiskLevelChange]
    seconds: float


def recompute(now: dt.date | None = None) -> RecomputeResult:
    """Score every area of the regency for every window and source; store the scores; record
    headline level changes and hand them on (``risk_level_changed``, in the same
    transaction)."""
    started = timezone.now()
    t0 = time.perf_counter()
    now = now or today()
    base = risk_config.base_config()
    windows = risk_config.windows()
    headline = windows[-1]
    gathered = gather(now, risk_config.config_for(headline, base))
    scored = score_all(gathered, now, windows, base)
    keep = settings.WASPADA_RISK_STORED_RECORDS
    rows = [
        (
            s.area,
            gathered.levels[s.area],
            s.source or "",
            w,
            s.score,
            s.level,
            json.dumps(stored_components(s, keep), separators=(",", ":")),
        )
        for w, s in scored
    ]
    with transaction.atomic():
        previous = {
            (a, src): lv
            for a, src, lv in RiskScore.objects.select_for_update()
            .filter(window=headline)
            .values_list("area_id", "source", "level")
        }
        RiskScore.objects.all().delete()
        _insert_scores(rows, now, started)
        changes = [
            RiskLevelChange(
                area_id=area,
                source=source,
                old_level=previous.get((area, source), "normal"),
                new_level=level,
                score=score,
                at=started,
            )
            for area, _, source, w, score, level, _ in rows
            if w == headline and previous.get((area, source), "normal") != level
        ]
        changes = RiskLevelChange.objects.bulk_create(changes)
        seconds = time.perf_counter() - t0
        RiskRun.objects.create(
            started_at=started,
            finished_at=timezone.now(),
            kind="scores",
            rows=len(rows),
            changes=len(changes),
            seconds=seconds,
        )
        if changes:
            risk_level_changed.announce(change_ids=[c.pk for c in changes])
    return RecomputeResult(len(rows), changes, seconds)


def _insert_scores(rows: list[tuple], as_of: dt.date, computed_at: dt.datetime) -> None:
    """Plain executemany: Django's bulk_create spends most of a run preparing 7,000 rows."""
    from django.db import connection

    ops = connection.ops
    table = connection.ops.quote_name(RiskScore._meta.db_table)
    cast = "::jsonb" if connection.vendor == "postgresql" else ""
    columns = (
        "area_id",
        "level_of_area",
        "source",
        "window",
        "score",
        "level",
        "components",
        "as_of",
        "computed_at",
    )
    names = ", ".join(ops.quote_name(c) for c in columns)
    # Names from the model, quoted; every value a parameter.
    sql = f"INSERT INTO {table} ({names}) VALUES (%s, %s, %s, %s, %s, %s, %s{cast}, %s, %s)"  # noqa: S608
    day, at = ops.adapt_datefield_value(as_of), ops.adapt_datetimefield_value(computed_at)
    with connection.cursor() as cursor:
        for i in range(0, len(rows), 1000):
            cursor.executemany(sql, [(*r, day, at) for r in rows[i : i + 1000]])


def last_run() -> RiskRun | None:
    return RiskRun.objects.filter(kind="scores").order_by("-started_at").first()


def headline_levels(area_codes: Iterable[str]) -> dict[str, str]:
    """The current overall level of each area (for other apps: community, dashboard)."""
    return dict(
        RiskScore.objects.filter(
            area_id__in=list(area_codes), source="", window=risk_config.headline_window()
        ).values_list("area_id", "level")
    )


def summary(user) -> dict:
    """Kecamatan per headline level and the five highest-scored areas, in the user's scope."""
    from .models import LEVEL_COLORS
    from .models import Level as RiskLevel

    scores = RiskScore.objects.filter(source="", window=risk_config.headline_window())
    scope = user.scope_codes()
    if scope is not None:
        scores = scores.filter(
            visible_area_codes(user, Level.KECAMATAN) | visible_area_codes(user, Level.DESA)
        )
    kecamatan = scores.filter(level_of_area=Level.KECAMATAN)
    n = dict(kecamatan.values_list("level").annotate(n=Count("pk")).order_by())
    top = (
        scores.exclude(level_of_area=Level.KABUPATEN)
        .select_related("area")
        .defer("area__geometry", "components")
        .order_by("-score")[:5]
    )
    return {
        "counts": [(lv, LEVEL_COLORS[lv], label, n.get(lv, 0)) for lv, label in RiskLevel.choices],
        "top": list(top),
    }


# Forecast -----------------------------------------------------------------------------------

BLOCK_DAYS = 30
MAX_BLOCKS = 120
MIN_BLOCKS = 12  # below this, the history-only baseline instead of a fitted model


def forecast(now: dt.date | None = None) -> list[RiskForecast]:
    """P(at least one incident) and the expected count per kecamatan in the next 30 days.

    The history is cut into 30-day blocks ending today, treated as the months of
    ``forecast.build_panel``, so that "next period" is the next 30 days. Incidents: events of
    relevance ``incident`` that are not rejected or duplicates.
    """
    from .eventtable import Event as TableEvent
    from .forecast import (
        build_panel,
        forecast_next_period,
        history_forecasts,
        month_index,
        month_label,
    )

    started = timezone.now()
    t0 = time.perf_counter()
    now = now or today()
    kecamatan = list(Area.objects.kecamatan_of_regency().values_list("code", flat=True))
    since = now - dt.timedelta(days=BLOCK_DAYS * MAX_BLOCKS)
    m_now = month_index(now.year, now.month)
    rows = (
        Event.objects.filter(
            relevance=Relevance.INCIDENT,
            event_date__gt=since,
            event_date__lte=now,
            kecamatan_code__in=kecamatan,
        )
        .exclude(verification__in=EXCLUDED_VERIFICATION)
        .values_list("pk", "event_date", "area_id", "fatalities")
    )
    table, last_30 = [], defaultdict(int)
    for pk, date, area_id, fatalities in rows.order_by().iterator(5000):
        k = (now - date).days // BLOCK_DAYS
        m = m_now - k
        table.append(
            TableEvent.from_area_code(str(pk), dt.date(m // 12, m % 12 + 1, 1), area_id, fatalities)
        )
        if k == 0:
            last_30[".".join(area_id.split(".")[:3])] += 1
    out = []
    if table:
        first = min(month_index(e.date.year, e.date.month) for e in table)
        panel = build_panel(
            table, unit=3, units=kecamatan, start=month_label(first), end=month_label(m_now)
        )
        if panel.n_periods >= MIN_BLOCKS:
            result, chosen = forecast_next_period(panel)
            described = chosen.describe()[:200]
        else:  # too short a history to choose a model on: the history-only baseline
            result = history_forecasts(panel, [panel.n_periods])
            described = f"history only (mean rate, negative binomial): {panel.n_periods} blocks"
        for i, code in enumerate(panel.units):
            out.append(
                RiskForecast(
                    area_id=code,
                    probability=float(result.p[0, i]),
                    expected=float(result.mu[0, i]),
                    last_30_days=last_30.get(code, 0),
                    model=described,
                    start=now + dt.timedelta(days=1),
                    end=now + dt.timedelta(days=BLOCK_DAYS),
                    computed_at=started,
                )
            )
    with transaction.atomic():
        RiskForecast.objects.all().delete()
        RiskForecast.objects.bulk_create(out)
        RiskRun.objects.create(
            started_at=started,
            finished_at=timezone.now(),
            kind="forecast",
            rows=len(out),
            seconds=time.perf_counter() - t0,
        )
    return out


# What users see -----------------------------------------------------------------------------


def visible_area_codes(user, level: str) -> Q:
    """A Q on Area (or on ``area_id`` of a score) for the areas in the user's scope."""
    scope = user.scope_codes()
    if scope is None:
        return Q()
    if level == Level.KECAMATAN:
        return Q(area_id__in=sorted(scope))
    desa = Area.objects.filter(level=Level.DESA, parent_id__in=sorted(scope))
    return Q(area_id__in=list(desa.values_list("code", flat=True)))


def choropleth(user, level: str, source: str, window: int) -> dict:
    scores = RiskScore.objects.filter(window=window, source=source, level_of_area=level).filter(
        visible_area_codes(user, level)
    )
    from .models import LEVEL_COLORS

    return {
        "level": level,
        "source": source,
        "window": window,
        "areas": {
            code: {"score": round(score, 1), "level": lv, "color": LEVEL_COLORS[lv]}
            for code, score, lv in scores.values_list("area_id", "score", "level")
        },
    }


def may_view_area(user, area: Area) -> bool:
    if area.level == Level.KABUPATEN:
        return user.scope_codes() is None
    return in_area_scope(user, area.kecamatan_code)


@dataclass
class Contributor:
    kind: str
    id: str
    points: float
    label: str
    url: str | None
    date: dt.date | None = None


def _resolve(user, ids: list[str]) -> dict[str, Contributor]:
    """The records among ``ids`` that ``user`` may see, as labelled links (points filled in
    by the caller)."""
    from waspada.intake.models import Report
    from waspada.media.models import Article

    by_kind: dict[str, list[str]] = defaultdict(list)
    for i in ids:
        kind, _, rest = i.partition(":")
        by_kind[kind].append(rest)
    out: dict[str, Contributor] = {}
    if by_kind["event"]:
        forms = dict(Form.choices)
        for pk, date, form, summary in Event.objects.filter(
            visible_filter(user), pk__in=[int(x) for x in by_kind["event"]]
        ).values_list("pk", "event_date", "form", "summary"):
            label = f"{forms.get(form, form)}: {summary[:90]}"
            out[f"event:{pk}"] = Contributor(
                "event", f"event:{pk}", 0.0, label, reverse("events:detail", args=[pk]), date
            )
    if by_kind["report"]:
        for pk, code, title, text, received in Report.objects.filter(
            visible_filter(user) | Q(created_by=user),
            pk__in=[int(x) for x in by_kind["report"]],
        ).values_list("pk", "tracking_code", "title", "text", "received_at"):
            out[f"report:{pk}"] = Contributor(
                "report",
                f"report:{pk}",
                0.0,
                f"{code} {(title or text)[:90]}",
                reverse("intake:detail", args=[pk]),
                timezone.localtime(received).date(),
            )
    if by_kind["article"]:
        for pk, title, outlet, fetched in Article.objects.filter(
            visible_filter(user), pk__in=[int(x) for x in by_kind["article"]]
        ).values_list("pk", "title", "outlet", "fetched_at"):
            out[f"article:{pk}"] = Contributor(
                "article",
                f"article:{pk}",
                0.0,
                f"{outlet}: {title[:90]}",
                reverse("media:article", args=[pk]),
                timezone.localtime(fetched).date(),
            )
    for rest in by_kind["profile"]:
        code, _, name = rest.rpartition(":")
        ind = profiles.INDICATOR_BY_NAME.get(name)
        if ind is None:
            continue
        area = Area(code=code)
        if code != settings.WASPADA_REGENCY and not in_area_scope(user, area.kecamatan_code):
            continue
        out[f"profile:{rest}"] = Contributor(
            "profile",
            f"profile:{rest}",
            0.0,
            f"{code} · {ind.label}",
            reverse("risk:profile", args=[code]),
        )
    if by_kind["engagement"]:
        for ident, (label, url) in engagement.links(user, by_kind["engagement"]).items():
            out[f"engagement:{ident}"] = Contributor(
                "engagement", f"engagement:{ident}", 0.0, label, url
            )
    return out


def breakdown(user, row: RiskScore, per_component: int = 8) -> dict:
    """Components (points, records the user may see with links, whether some are hidden) and
    the top contributors over all components."""
    comps = row.components
    ids = [i for c in comps.values() for i, _ in c.get("contributions", [])]
    seen = _resolve(user, ids)
    components, everything = [], []
    for name in scoring.COMPONENTS:
        c = comps.get(name, {"points": 0.0, "n": 0, "contributions": []})
        visible = []
        for i, p in c.get("contributions", []):
            if i in seen:
                item = Contributor(**{**seen[i].__dict__, "points": p})
                visible.append(item)
                if name != "mitigation":
                    everything.append((name, item))
        components.append(
            {
                "name": name,
                "points": c["points"],
                "n": c.get("n", 0),
                "records": visible[:per_component],
                "more": max(len(visible) - per_component, 0),
                "hidden": c.get("n", 0) > len(visible),
                "detail": c.get("detail", {}),
            }
        )
    everything.sort(key=lambda t: -t[1].points)
    return {"components": components, "top": everything[:10]}


def trend(
    area_code: str,
    source: str,
    window: int,
    now: dt.date | None = None,
    points: int = 13,
    step_days: int = 7,
) -> list[tuple[str, float]]:
    """The area's score on each of the last ``points`` weeks, computed afresh from the records
    (kept in the cache until the next recomputation or the next day)."""
    now = now or today()
    run = last_run()
    stamp = f"{run.pk}.{run.started_at.timestamp()}" if run else "0"
    key = f"risk:trend:{area_code}:{source}:{window}:{now}:{stamp}:{points}"
    cached = cache.get(key)
    if cached is not None:
        return cached
    cfg = risk_config.config_for(window)
    extra = (points - 1) * step_days
    rec = gather(now, cfg, within=area_code, extra_days=extra).records.get(area_code)
    rec = rec or scoring.AreaRecords()
    out = []
    for k in range(points - 1, -1, -1):
        day = now - dt.timedelta(days=k * step_days)
        s = scoring.score_area(
            area_code,
            day,
            rec.events,
            rec.signals,
            rec.indicators,
            rec.engagements,
            cfg,
            source=source or None,
        )
        out.append((day.isoformat(), round(s.score, 2)))
    cache.set(key, out, 24 * 3600)
    return out


def events_by_month(user, months: int = 12, area: Area | None = None) -> dict:
    """Monthly counts of the events ``user`` may see, by source and by form (charts)."""
    now = today()
    start = (now.replace(day=1) - dt.timedelta(days=31 * (months - 1))).replace(day=1)
    labels = []
    m = start
    while m <= now:
        labels.append(m.strftime("%Y-%m"))
        m = (m + dt.timedelta(days=32)).replace(day=1)
    events = Event.objects.filter(visible_filter(user), event_date__gte=start).exclude(
        verification__in=EXCLUDED_VERIFICATION
    )
    if area is not None and area.level != Level.KABUPATEN:
        events = (
            events.filter(kecamatan_code=area.code)
            if area.level == Level.KECAMATAN
            else events.filter(area_id=area.code)
        )
    # Grouped by day (an index range), folded into months here: no date function per row.
    index = {label: i for i, label in enumerate(labels)}
    by_form: dict[str, list[int]] = {}
    for day, form, n in events.values_list("event_date", "form").annotate(n=Count("pk")).order_by():
        key = f"{day:%Y-%m}"
        if key in index and form:
            by_form.setdefault(form, [0] * len(labels))[index[key]] += n
    by_source: dict[str, list[int]] = {}
    tags = EventSource.objects.filter(event__in=events.values("pk"))
    for day, source, n in (
        tags.values_list("event__event_date", "source").annotate(n=Count("pk")).order_by()
    ):
        key = f"{day:%Y-%m}"
        if key in index:
            by_source.setdefault(source, [0] * len(labels))[index[key]] += n
    sources, forms = dict(Source.choices), dict(Form.choices)
    return {
        "labels": labels,
        "by_source": [
            {"key": k, "label": str(sources.get(k, k)), "data": v}
            for k, v in sorted(by_source.items())
        ],
        "by_form": [
            {"key": k, "label": str(forms.get(k, k)), "data": v} for k, v in sorted(by_form.items())
        ],
    }


def area_forecast(area: Area) -> dict | None:
    """The forecast for a kecamatan (a desa shows its kecamatan's; the regency the sum)."""
    rows = RiskForecast.objects.all()
    if area.level == Level.KABUPATEN:
        items = list(rows)
        if not items:
            return None
        p_none = 1.0
        for r in items:
            p_none *= 1.0 - r.probability
        return {
            "probability": 1.0 - p_none,
            "expected": sum(r.expected for r in items),
            "start": items[0].start,
            "end": items[0].end,
            "model": items[0].model,
            "of": area,
        }
    r = rows.filter(area_id=area.kecamatan_code).select_related("area").first()
    if r is None:
        return None
    return {
        "probability": r.probability,
        "expected": r.expected,
        "start": r.start,
        "end": r.end,
        "model": r.model,
        "of": r.area,
    }
