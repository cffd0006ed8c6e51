"""Gathering the records that bear on the scores: per area of the regency, its events, the
hate-speech signals of its reports and articles (read from their ``Analysis``), its profile's
indicators and the engagement held there. Each desa's records count for itself, its kecamatan
and the regency.

``gather`` hands them over as record lists per area (the panel's trend of one area);
``gather_columns`` the same records, from the same queries, as columns for ``batch`` (the
recompute of every area). Both put the events newest first: the order the scores add them up.

Records carry typed ids (``event:12``, ``report:7``, ``article:3``,
``profile:64.02.06:poverty``, ``engagement:5``) that the panel resolves into links
(``queries.py``).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from operator import itemgetter
from typing import Any

import numpy as np
from django.conf import settings
from django.db import connections
from django.db.models import (
    Case,
    CharField,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce
from django.utils import timezone

from waspada.areas.models import Area, Level
from waspada.events.models import Event, EventSource
from waspada.events.vocab import Relevance, Verification
from waspada.nlp.analysis import Analysis

from . import batch, engagement, profiles, scoring
from . import config as risk_config
from .models import AreaProfile

EXCLUDED_VERIFICATION = (Verification.DITOLAK, Verification.DUPLIKAT)
SIGNAL_FORM = "ujaran_kebencian"
SEVERE = 4  # severity (0-5) from which a report counts as a provisional incident
PROVISIONAL = "laporan"  # the verification weight of such a report (scoring.VERIFICATION_WEIGHT)


def severe_reports(since: dt.date, now: dt.date, within: str | None = None, levels=None):
    """(report id, area code, local day, Analysis) of reports read as an incident of severity
    ``SEVERE`` or more (injuries, arson, armed clash, deaths) on days ``since`` < day <= ``now``
    that no event was coded from, not rejected or duplicates: the nowcast's provisional
    incidents (scores and forecast)."""
    from waspada.intake.models import Report, Status

    start = timezone.make_aware(dt.datetime.combine(since, dt.time()))
    reports = (
        Report.objects.filter(received_at__gte=start, events=None)
        .exclude(analysis=None)
        .exclude(area=None)
        .exclude(status__in=[Status.DITOLAK, Status.DUPLIKAT])
    )
    if within and levels is not None and within != settings.WASPADA_REGENCY:
        reports = reports.filter(_within(within, levels))
    for pk, area_id, occurred, received, stored in reports.values_list(
        "pk", "area_id", "occurred_at", "received_at", "analysis"
    ).iterator(2000):
        reading = _reading(stored)
        if reading.relevance != "incident" or (reading.severity or 0) < SEVERE:
            continue
        day = timezone.localtime(occurred or received).date()
        if since < day <= now:
            yield pk, area_id, day, reading


def _reading(stored: dict | None) -> Analysis:
    """A stored analysis, read (``waspada.nlp.analysis``: without the models' code)."""
    return Analysis.from_dict(stored)


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


def _signal(
    kind: str, pk: int, when: dt.datetime, stored: dict | None
) -> scoring.SignalRecord | None:
    analysis = _reading(stored)
    strength = hate_strength(analysis)
    if strength <= 0:
        return None
    day = timezone.localtime(when).date()
    return scoring.SignalRecord(f"{kind}:{pk}", day, strength, tuple(analysis.source_names))


def regency_levels(regency: str) -> dict[str, str]:
    """Every area scored (the regency, its kecamatan and desa): code -> level."""
    areas = Area.objects.in_regency(regency).filter(
        Q(level__in=[Level.KECAMATAN, Level.DESA]) | Q(code=regency)
    )
    return dict(areas.values_list("code", "level"))


def _events(since: dt.date, now: dt.date, within: str | None, levels: dict[str, str]):
    """The events that count (days ``since`` < day <= ``now``, not rejected or duplicates, of
    some relevance and form) and the source tags of the events of those days."""
    days = Event.objects.filter(event_date__gt=since, event_date__lte=now)
    narrow = _narrowed(within)
    if narrow and levels.get(narrow) == Level.KECAMATAN:
        days = days.filter(kecamatan_code=narrow)
    elif narrow:
        days = days.filter(area_id=narrow)
    # The tags of the events of those days (what the events' other filters leave out is never
    # asked for): the ids come from an index, and SQLite reads the tags in their order.
    tags = EventSource.objects.filter(event_id__in=days.values("pk"))
    events = days
    if not narrow and connections[Event.objects.db].vendor == "sqlite":
        # The whole regency on SQLite: the rows in table order (ids from the index on the
        # days, then row by row), not in the index's order of days, which jumps about the
        # table (PostgreSQL's bitmap scans read in table order of themselves).
        events = Event.objects.filter(pk__in=days.values("pk"))
    events = (
        events.exclude(verification__in=EXCLUDED_VERIFICATION)
        .exclude(relevance=Relevance.NONE)
        .exclude(form="")
    )
    return events.order_by(), tags.order_by()


EVENT_COLUMNS = ("pk", "event_date", "form", "verification", "fatalities", "area_id")


def _other_records(
    now: dt.date,
    cfg: scoring.ScoreConfig,
    within: str | None,
    levels: dict[str, str],
    extra_days: int,
):
    """(kind, area code, record) of every record besides the coded events, kind by kind in
    the order they count: hate-speech signals of reports, the nowcast's provisional events,
    signals of articles, engagement."""
    from waspada.intake.models import Report, Status
    from waspada.media.models import Article

    narrow = _narrowed(within)
    signal_since = now - dt.timedelta(days=cfg.hate_days + 1 + extra_days)
    signal_start = timezone.make_aware(dt.datetime.combine(signal_since, dt.time()))
    reports = (
        Report.objects.filter(received_at__gte=signal_start)
        .exclude(analysis=None)
        .exclude(status__in=[Status.DITOLAK, Status.DUPLIKAT])
    )
    if narrow:
        reports = reports.filter(_within(narrow, levels))
    for pk, area_id, occurred, received, analysis in reports.values_list(
        "pk", "area_id", "occurred_at", "received_at", "analysis"
    ):
        signal = _signal("report", pk, occurred or received, analysis)
        if signal is not None:
            yield "signals", area_id, signal

    # The nowcast: a severe report counts as a provisional incident from the moment it is
    # analysed, before any analyst has coded it (then its event counts instead).
    for pk, area_id, day, reading in severe_reports(
        now - dt.timedelta(days=cfg.recent_days + extra_days), now, within, levels
    ):
        yield (
            "events",
            area_id,
            scoring.EventRecord(
                f"report:{pk}",
                day,
                reading.form or "kekerasan",
                PROVISIONAL,
                reading.fatalities or 0,
                tuple(reading.source_names),
            ),
        )
    articles = Article.objects.filter(in_regency=True, fetched_at__gte=signal_start).exclude(
        analysis=None
    )
    if narrow:
        articles = articles.filter(_within(narrow, levels))
    for pk, area_id, published, fetched, analysis in articles.values_list(
        "pk", "area_id", "published_at", "fetched_at", "analysis"
    ):
        signal = _signal("article", pk, published or fetched, analysis)
        if signal is not None:
            yield "signals", area_id, signal

    found = engagement.engagements(
        [c for c, lv in levels.items() if lv != Level.KABUPATEN],
        now - dt.timedelta(days=cfg.engagement_days - 1 + extra_days),
        now,
    )
    for code, items in found.items():
        for record in items:
            yield "engagements", code, record


def gather(
    now: dt.date,
    cfg: scoring.ScoreConfig | None = None,
    within: str | None = None,
    extra_days: int = 0,
) -> Gathered:
    """Every record that bears on a score on day ``now``. ``within`` (an area code) limits the
    work to that area's own records (the panel's trend); by default the whole regency.
    ``extra_days`` reaches that much further back (for scores on earlier days)."""
    cfg = cfg or risk_config.base_config()
    regency = settings.WASPADA_REGENCY
    levels = regency_levels(regency)
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
    events, tags = _events(since, now, within, levels)
    sources_of: dict[int, list[str]] = defaultdict(list)
    for event_id, source in tags.values_list("event_id", "source").iterator(5000):
        sources_of[event_id].append(source)
    rows = _newest_first(list(events.values_list(*EVENT_COLUMNS)))
    for pk, date, form, ver, fat, area_id in rows:
        add(
            area_id,
            "events",
            scoring.EventRecord(f"event:{pk}", date, form, ver, fat, tuple(sources_of.get(pk, ()))),
        )
    for kind, code, record in _other_records(now, cfg, within, levels, extra_days):
        add(code, kind, record)
    for code, indicators in _indicators(levels, regency).items():
        if code in records:
            records[code].indicators = indicators
    return Gathered(regency, levels, records)


def gather_columns(
    now: dt.date, cfg: scoring.ScoreConfig, sources: Sequence[str]
) -> tuple[dict[str, str], batch.Records]:
    """The areas' levels and what ``gather`` gathers for the whole regency, as columns for
    ``batch`` (the full recompute): the events read straight from the database cursor;
    ``sources``, the conflict sources a record may be tagged with."""
    regency = settings.WASPADA_REGENCY
    levels = regency_levels(regency)
    builder = batch.Builder(list(levels), sources, now, lambda c: _targets(c, levels, regency))
    events, _ = _events(now - dt.timedelta(days=horizon_days(cfg)), now, None, levels)
    # Each event's sources as the builder's bits (an event has each source once: their sum),
    # its day as ISO text (no converter per row).
    bit = Case(
        *(When(source=s, then=Value(b)) for s, b in builder.bits.items()),
        default=Value(0),
        output_field=IntegerField(),
    )
    tagged = EventSource.objects.filter(event_id=OuterRef("pk")).order_by().values("event_id")
    masks = Coalesce(Subquery(tagged.annotate(m=Sum(bit)).values("m")), 0)
    events = events.annotate(day=Cast("event_date", CharField()), masks=masks)
    rows = _fetch(events.values_list("pk", "day", *EVENT_COLUMNS[2:], "masks"))
    if rows:
        pks, days, forms, verifications, fatalities, areas, masks_of = zip(
            *_newest_first(rows), strict=True
        )
        ids = list(map("event:%d".__mod__, pks))
        builder.events(ids, days, forms, verifications, fatalities, masks_of, areas)
    add: dict[str, Callable[[str, Any], None]] = {
        "events": builder.event,
        "signals": builder.signal,
        "engagements": builder.engagement,
    }
    for kind, code, record in _other_records(now, cfg, None, levels, 0):
        add[kind](code, record)
    for code, indicators in _indicators(levels, regency).items():
        builder.indicators(code, indicators)
    return levels, builder.build()


def _newest_first(rows: list[tuple]) -> Sequence[tuple]:
    """Event rows (id, day, ...) newest first, the highest id first among a day's (the order
    of SQLite's index on the days): the order in which the scores add the events up, whatever
    order the database returned them in. ``day``, a date or ISO text."""
    if len(rows) < 2:
        return rows
    ordinal = {
        d: (d if isinstance(d, dt.date) else dt.date.fromisoformat(d)).toordinal()
        for d in set(map(itemgetter(1), rows))
    }
    by_day = np.fromiter(map(ordinal.__getitem__, map(itemgetter(1), rows)), dtype=np.int64)
    ids = np.fromiter(map(itemgetter(0), rows), dtype=np.int64)
    return itemgetter(*np.lexsort((ids, by_day))[::-1].tolist())(rows)


def _fetch(query) -> list[tuple]:
    """The rows of a ``values_list`` query as the database driver returns them (without
    Django's per-value converters: thousands of rows, and dates already dates)."""
    sql, params = query.query.sql_with_params()
    with connections[query.db].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _narrowed(within: str | None) -> str | None:
    """The area a gathering is limited to, None for the whole regency."""
    return within if within and within != settings.WASPADA_REGENCY else None


def _within(code: str, levels: dict[str, str]) -> Q:
    """A Q on a GovernedRecord for the records located in area ``code`` (or beneath it)."""
    if levels.get(code) == Level.KECAMATAN:
        return Q(kecamatan_code=code)
    return Q(area_id=code)


def _indicators(levels: dict[str, str], regency: str) -> dict[str, list]:
    """Each area's indicators: its own profile's; a desa without one takes its kecamatan's, a
    kecamatan without one the mean of its desa's, the regency the mean of its kecamatan's."""
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
            kec[code] = own.get(code) or mean_of([own.get(d) or [] for d in desa_of[code]])
    out = {}
    for code, level in levels.items():
        if level == Level.DESA:
            out[code] = own.get(code) or kec.get(code.rsplit(".", 1)[0], [])
        elif level == Level.KECAMATAN:
            out[code] = kec[code]
        else:
            out[code] = mean_of(list(kec.values()))
    return out
