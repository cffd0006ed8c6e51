"""Figures of the analysis on our labelled field reports (docs/nlp/reports.md).

``evaluate(split)`` analyses every text of a split with its channel and received date, the way
intake does, and scores it against the labels: relevance (confusion matrix, accuracy,
incident recall), reports of deaths or injuries read as none / prevention, severity
(exact, within one, ordering of pairs), casualties, primary place, event date, junk and the
triage order. ``python -m waspada evaluate --only reports`` prints it for the held-out split;
development reads the training split only.
"""

from __future__ import annotations

from collections import Counter
from itertools import combinations

from . import datasets

RELEVANCE = ("incident", "tension", "prevention", "none")


def analyse(records: list[dict], analyzer=None) -> list:
    if analyzer is None:
        from .pipeline import default_analyzer

        analyzer = default_analyzer()
    items = [
        {
            "id": r["id"],
            "text": r["text"],
            "published_at": r.get("received_at"),
            "channel": r.get("channel"),
        }
        for r in records
    ]
    return analyzer.analyze_many(items)


def _share(hits: int, n: int) -> float | None:
    return round(hits / n, 4) if n else None


def ordering_agreement(gold: list[int], pred: list[int]) -> float | None:
    """Of the pairs of texts whose gold severities differ, the share that the predicted
    severities put in the same order; a predicted tie counts one half (a concordance index)."""
    agree = pairs = 0.0
    for (g1, p1), (g2, p2) in combinations(zip(gold, pred, strict=True), 2):
        if g1 == g2:
            continue
        pairs += 1
        if p1 == p2:
            agree += 0.5
        elif (g1 < g2) == (p1 < p2):
            agree += 1
    return round(agree / pairs, 4) if pairs else None


def _exact(records, analyses, key: str) -> dict:
    stated = [(r[key], getattr(a, key)) for r, a in zip(records, analyses, strict=True)]
    given = [(g, p) for g, p in stated if g is not None]
    return {
        "stated": len(given),
        "exact_where_stated": _share(sum(g == p for g, p in given), len(given)),
        "exact_all": _share(sum(g == p for g, p in stated), len(stated)),
        "misses": [
            f"{r['id']}: {r[key]} read as {getattr(a, key)}"
            for r, a in zip(records, analyses, strict=True)
            if r[key] != getattr(a, key)
        ],
    }


def score(records: list[dict], analyses: list) -> dict:
    n = len(records)
    pairs = list(zip(records, analyses, strict=True))
    gold = [r["relevance"] for r in records]
    pred = [a.relevance for a in analyses]
    confusion = {g: dict.fromkeys(RELEVANCE, 0) for g in RELEVANCE}
    for g, p in zip(gold, pred, strict=True):
        confusion[g][p] += 1
    incidents = [i for i, g in enumerate(gold) if g == "incident"]
    said_incident = [i for i, p in enumerate(pred) if p == "incident"]
    hurt = [
        (r, a)
        for r, a in pairs
        if r["relevance"] == "incident" and (r["severity"] >= 4 or r["fatalities"] or r["injured"])
    ]
    dropped = [
        f"{r['id']} (severity {r['severity']}) read as {a.relevance}"
        for r, a in hurt
        if a.relevance in ("none", "prevention")
    ]
    gsev = [r["severity"] for r in records]
    psev = [int(getattr(a, "severity", 0) or 0) for a in analyses]
    places = [(r["primary_place"], a.primary_place) for r, a in pairs]
    stated_places = [(g, p) for g, p in places if g]
    dates = [(r["event_date"], a.event_date) for r, a in pairs]
    stated_dates = [(g, p) for g, p in dates if g]
    junk_gold = [bool(r.get("junk")) for r in records]
    junk_pred = [bool(getattr(a, "junk", False)) for a in analyses]
    urg = [float(a.urgency) for a in analyses]
    lowest_real = min((u for u, j in zip(urg, junk_gold, strict=True) if not j), default=1.0)
    relevant = [(r, a) for r, a in pairs if r["relevance"] != "none"]
    per_channel = {}
    for ch in sorted({r.get("channel") or "?" for r in records}):
        idx = [i for i, r in enumerate(records) if (r.get("channel") or "?") == ch]
        per_channel[ch] = {
            "n": len(idx),
            "relevance_accuracy": _share(sum(gold[i] == pred[i] for i in idx), len(idx)),
        }
    return {
        "n": n,
        "gold_counts": dict(Counter(gold)),
        "confusion": confusion,
        "relevance_accuracy": _share(sum(g == p for g, p in zip(gold, pred, strict=True)), n),
        "incident_recall": _share(sum(pred[i] == "incident" for i in incidents), len(incidents)),
        "incident_precision": _share(
            sum(gold[i] == "incident" for i in said_incident), len(said_incident)
        ),
        "deaths_or_injuries": len(hurt),
        "deaths_or_injuries_read_as_none_or_prevention": dropped,
        "severity_exact": _share(sum(g == p for g, p in zip(gsev, psev, strict=True)), n),
        "severity_within_one": _share(
            sum(abs(g - p) <= 1 for g, p in zip(gsev, psev, strict=True)), n
        ),
        "severity_ordering_agreement": ordering_agreement(gsev, psev),
        "severity_confusion": {
            g: dict(Counter(p for gg, p in zip(gsev, psev, strict=True) if gg == g))
            for g in sorted(set(gsev))
        },
        "fatalities": _exact(records, analyses, "fatalities"),
        "injured": _exact(records, analyses, "injured"),
        "primary_place": {
            "stated": len(stated_places),
            "exact_where_stated": _share(sum(g == p for g, p in stated_places), len(stated_places)),
            "found_where_none": sum(1 for g, p in places if not g and p),
            "misses": [
                f"{r['id']}: {r['primary_place']} read as {a.primary_place}"
                for r, a in pairs
                if r["primary_place"] and r["primary_place"] != a.primary_place
            ],
        },
        "event_date": {
            "stated": len(stated_dates),
            "exact_where_stated": _share(sum(g == p for g, p in stated_dates), len(stated_dates)),
            "exact_all": _share(sum(g == p for g, p in dates), len(dates)),
            "misses": [
                f"{r['id']}: {r['event_date']} read as {a.event_date}"
                for r, a in pairs
                if r["event_date"] != a.event_date
            ],
        },
        "junk": {
            "gold": sum(junk_gold),
            "flagged": sum(junk_pred),
            "flagged_right": sum(g and p for g, p in zip(junk_gold, junk_pred, strict=True)),
            "all_below_every_report": all(
                u < lowest_real for u, j in zip(urg, junk_gold, strict=True) if j
            ),
        },
        "form_accuracy_on_relevant": _share(
            sum(r["form"] == a.form for r, a in relevant), len(relevant)
        ),
        "main_source_found_on_relevant": _share(
            sum(
                r["sources"][0] in {s["name"] for s in a.sources}
                for r, a in relevant
                if r["sources"]
            ),
            sum(1 for r, _ in relevant if r["sources"]),
        ),
        "per_channel": per_channel,
        "relevance_misses": [
            f"{r['id']}: {r['relevance']}/{r['severity']} read as {a.relevance}/"
            f"{getattr(a, 'severity', '?')}"
            for r, a in pairs
            if r["relevance"] != a.relevance
        ],
    }


def evaluate(split: str = "heldout", analyzer=None) -> dict:
    records = datasets.read_reports(split)
    res = score(records, analyse(records, analyzer))
    res["split"] = split
    return res


def format_report(res: dict) -> str:
    f = res
    lines = [f"Field reports, {f['split']} split (n={f['n']}; {f['gold_counts']}):"]
    lines.append("  confusion (rows: label, columns: read as)")
    lines.append("  " + " " * 12 + "".join(f"{p:>11}" for p in RELEVANCE))
    for g in RELEVANCE:
        lines.append(f"  {g:<12}" + "".join(f"{f['confusion'][g][p]:>11}" for p in RELEVANCE))
    dropped = f["deaths_or_injuries_read_as_none_or_prevention"]
    lines.append(
        f"  relevance accuracy {f['relevance_accuracy']:.4f}; incident recall "
        f"{f['incident_recall']:.4f} (precision {f['incident_precision']:.4f}); "
        f"reports of deaths or injuries read as none/prevention: {len(dropped)} "
        f"of {f['deaths_or_injuries']}" + (f" ({', '.join(dropped)})" if dropped else "")
    )
    lines.append(
        f"  severity: ordering agreement on pairs {f['severity_ordering_agreement']:.4f}, "
        f"exact {f['severity_exact']:.4f}, within one {f['severity_within_one']:.4f}"
    )
    for key in ("fatalities", "injured"):
        c = f[key]
        lines.append(
            f"  {key}: exact {c['exact_where_stated']:.4f} where stated (n={c['stated']}), "
            f"{c['exact_all']:.4f} on all"
        )
    p = f["primary_place"]
    lines.append(
        f"  primary place: exact {p['exact_where_stated']:.4f} where stated (n={p['stated']}); "
        f"a place found where none is labelled: {p['found_where_none']}"
    )
    d = f["event_date"]
    lines.append(
        f"  event date: exact {d['exact_where_stated']:.4f} where stated (n={d['stated']}), "
        f"{d['exact_all']:.4f} on all"
    )
    j = f["junk"]
    lines.append(
        f"  junk: {j['flagged_right']} of {j['gold']} flagged ({j['flagged']} flags); "
        f"all below every real report in urgency: {j['all_below_every_report']}"
    )
    lines.append(
        f"  form accuracy on relevant {f['form_accuracy_on_relevant']:.4f}; main source among "
        f"those found {f['main_source_found_on_relevant']:.4f}"
    )
    lines.append(
        "  per channel: "
        + ", ".join(
            f"{ch} {v['relevance_accuracy']:.2f} (n={v['n']})" for ch, v in f["per_channel"].items()
        )
    )
    return "\n".join(lines)
