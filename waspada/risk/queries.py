"""What users see of risk: the map's choropleth, the summary, the area panel (components
with the records behind them, the trend, the forecast, the charts), each filtered by the
access policy (``policy.visible_filter``: a record the user may not see is counted, never
linked). Other apps read the current levels with ``headline_levels``. Nothing here writes.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone

from waspada.accounts.policy import in_area_scope, visible_filter
from waspada.areas.models import Area, Level
from waspada.events import stamp
from waspada.events.models import Event
from waspada.events.vocab import Form, Source
from waspada.lib.sqlfuncs import YearMonth

from . import config as risk_config
from . import engagement, profiles, scoring
from .gathering import EXCLUDED_VERIFICATION, gather
from .models import RiskForecast, RiskRun, RiskScore


def last_run() -> RiskRun | None:
    return RiskRun.objects.filter(kind="scores").order_by("-started_at").first()


def headline_levels(area_codes: Iterable[str]) -> dict[str, str]:
    """The current overall level of each area (for other apps: community, dashboard)."""
    return dict(
        RiskScore.objects.filter(
            area_id__in=list(area_codes), source="", window=risk_config.headline_window()
        ).values_list("area_id", "level")
    )


def headline_score(area_code: str) -> float | None:
    """The current overall score (0-100) of one area, or None before the first computation."""
    return (
        RiskScore.objects.filter(area_id=area_code, source="", window=risk_config.headline_window())
        .values_list("score", flat=True)
        .first()
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
    now = now or risk_config.today()
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
    now = risk_config.today()
    start = (now.replace(day=1) - dt.timedelta(days=31 * (months - 1))).replace(day=1)
    labels = []
    m = start
    while m <= now:
        labels.append(m.strftime("%Y-%m"))
        m = (m + dt.timedelta(days=32)).replace(day=1)
    where = str(visible_filter(user)), area.code if area is not None else None
    counts = stamp.cached(
        ("risk.events_by_month", start, where),
        lambda: _monthly_counts(user, start, area),
    )
    index = {label: i for i, label in enumerate(labels)}
    series: dict[str, dict[str, list[int]]] = {"form": {}, "source": {}}
    for kind, month, key, n in counts:
        if month in index and key:
            series[kind].setdefault(key, [0] * len(labels))[index[month]] += n
    sources, forms = dict(Source.choices), dict(Form.choices)
    return {
        "labels": labels,
        "by_source": [
            {"key": k, "label": str(sources.get(k, k)), "data": v}
            for k, v in sorted(series["source"].items())
        ],
        "by_form": [
            {"key": k, "label": str(forms.get(k, k)), "data": v}
            for k, v in sorted(series["form"].items())
        ],
    }


def _monthly_counts(user, start: dt.date, area: Area | None) -> tuple[tuple, ...]:
    """(kind, 'YYYY-MM', form or source, count) from ``start`` on, grouped by the database
    (cached by the caller until any event changes: see waspada.events.stamp)."""

    def where(prefix: str) -> Q:
        q = visible_filter(user, prefix=prefix) & Q(**{f"{prefix}event_date__gte": start})
        if area is not None and area.level == Level.KECAMATAN:
            q &= Q(**{f"{prefix}kecamatan_code": area.code})
        elif area is not None and area.level != Level.KABUPATEN:
            q &= Q(**{f"{prefix}area_id": area.code})
        return q & ~Q(**{f"{prefix}verification__in": EXCLUDED_VERIFICATION})

    # Grouped by lower(form), not form (the same values): grouping by the bare column makes
    # SQLite read every event in the order of the form index instead of the twelve months
    # from the date index (1.8 s instead of a few ms at 300,000 events).
    by_form = (
        Event.objects.filter(where(""))
        .annotate(month=YearMonth("event_date"), form_=Lower("form"))
        .values_list("month", "form_")
        .annotate(n=Count("pk"))
        .order_by()
    )
    # Driven from the events (their date range), joined to their sources by event id.
    by_source = (
        Event.objects.filter(where(""))
        .annotate(month=YearMonth("event_date"))
        .values_list("month", "source_tags__source")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return tuple(("form", *row) for row in by_form) + tuple(("source", *row) for row in by_source)


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
