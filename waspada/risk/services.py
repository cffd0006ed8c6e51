"""Computing risk: score every area from its gathered records (``gathering``, ``scoring``),
store the scores, record level changes and hand them on (``risk_level_changed``); forecast
incidents per kecamatan. What users see of it is read by ``queries.py``.

Every area of the regency is scored: each desa on its own records, each kecamatan on its own
and its desa's, the regency on all.
"""

from __future__ import annotations

import datetime as dt
import gc
import json
import logging
import time
from collections import defaultdict
from collections.abc import Hashable, Iterable
from contextlib import contextmanager
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from waspada.areas.models import Area
from waspada.events.models import Event
from waspada.events.vocab import Relevance, Source

from . import batch, scoring
from . import config as risk_config
from .gathering import EXCLUDED_VERIFICATION, gather_columns, severe_reports
from .models import RiskForecast, RiskLevelChange, RiskRun, RiskScore
from .signals import risk_level_changed

logger = logging.getLogger("waspada.risk")

SOURCES = tuple(Source.values)


# Scoring ------------------------------------------------------------------------------------


def score_all(
    records: batch.Records, windows: Iterable[int], base: scoring.ScoreConfig
) -> list[tuple[int, str | None, Hashable, batch.Stored]]:
    """(window, source, area, (score, level, stored components)) for every window, source
    (None = overall) and area: ``scoring.score_area``'s, all areas at once (``batch``)."""
    keep = settings.WASPADA_RISK_STORED_RECORDS
    out = []
    for w in windows:
        scored = batch.score(records, risk_config.config_for(w, base), (None, *SOURCES), keep)
        for source, rows in scored.items():
            out.extend(
                (w, source, area, row) for area, row in zip(records.areas, rows, strict=True)
            )
    return out


def stored_components(score: scoring.AreaScore, keep: int) -> dict:
    """The components as stored: points, raw, detail, and the largest ``keep`` contributions
    (``n`` counts them all)."""
    return {c.name: batch.stored(c, keep) for c in score.components}


@contextmanager
def _collector_paused():
    """Python's cyclic garbage collector paused: the recompute makes some 10^6 short-lived
    objects (rows, columns, stored components) and no reference cycles, and the collector's
    passes over them and the rest of the heap took a third of its time."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


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
    now = now or risk_config.today()
    base = risk_config.base_config()
    windows = risk_config.windows()
    headline = windows[-1]
    cfg = risk_config.config_for(headline, base)
    # json.dumps(components, separators=(",", ":")); with no check for circular references
    # (there are none), a quarter faster on 7 MB.
    encode = json.JSONEncoder(separators=(",", ":"), check_circular=False).encode
    with _collector_paused():
        levels, records = gather_columns(now, cfg, SOURCES)
        scored = score_all(records, windows, base)
        rows = [
            (
                area,
                levels[area],
                source or "",
                w,
                score,
                level,
                encode(components),
            )
            for w, source, area, (score, level, components) in scored
        ]
        del scored
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
    """Plain executemany (COPY on PostgreSQL): Django's bulk_create spends most of a run
    preparing 7,000 rows."""
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
        if hasattr(cursor.cursor, "copy"):  # PostgreSQL (psycopg 3): COPY, a third of the time
            with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for r in rows:
                    copy.write_row((*r, day, at))
            return
        for i in range(0, len(rows), 1000):
            cursor.executemany(sql, [(*r, day, at) for r in rows[i : i + 1000]])


# Forecast -----------------------------------------------------------------------------------

BLOCK_DAYS = 30
MAX_BLOCKS = 120
MIN_BLOCKS = 12  # below this, the history-only baseline instead of a fitted model


def _provisional_incidents(since: dt.date, now: dt.date, kecamatan: list[str]):
    """(id, day, area code, deaths) of the severe reports that count as incidents."""
    wanted = set(kecamatan)
    for pk, area_id, day, reading in severe_reports(since, now):
        if ".".join(area_id.split(".")[:3]) in wanted:
            yield f"report:{pk}", day, area_id, reading.fatalities or 0


def forecast(now: dt.date | None = None) -> list[RiskForecast]:
    """P(at least one incident) and the expected count per kecamatan in the next 30 days.

    The history is cut into 30-day blocks ending today, treated as the months of
    ``forecast.build_panel``, so that "next period" is the next 30 days. Incidents: events of
    relevance ``incident`` that are not rejected or duplicates, and (the nowcast) reports read
    as incidents of severity 4 or more that no event was coded from yet. Recomputed minutes
    after each change (``triggers.request_forecast``), not only nightly.
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
    now = now or risk_config.today()
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
    # The nowcast: severe reports no event was coded from count as incidents of their day.
    for pk, day, area_id, fatalities in _provisional_incidents(since, now, kecamatan):
        k = (now - day).days // BLOCK_DAYS
        m = m_now - k
        table.append(
            TableEvent.from_area_code(pk, dt.date(m // 12, m % 12 + 1, 1), area_id, fatalities)
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
