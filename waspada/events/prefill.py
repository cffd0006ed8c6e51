"""Initial values of a new event from a report and its analysis (waspada.nlp's JSON)."""

from datetime import date

from .vocab import ActorType, Form, Relevance, Source

_ACTOR_TYPES = set(ActorType.values)


def from_report(report) -> dict:
    return _from_analysis(
        report.analysis or {},
        {
            "summary": (report.text or report.title or "")[:5000],
            "classification": report.classification,
            "location": report.place_text[:200],
            "latitude": report.lat,
            "longitude": report.lon,
            "area": report.area_id or (report.analysis or {}).get("primary_place") or "",
            "event_date": (report.occurred_at or report.received_at).date(),
        },
    )


def from_article(article) -> dict:
    analysis = article.analysis or {}
    when = article.published_at or article.fetched_at
    return _from_analysis(
        analysis,
        {
            "summary": f"{article.title}. {article.text}"[:5000]
            if article.title
            else article.text[:5000],
            "classification": article.classification,
            "location": "",
            "area": article.area_id or analysis.get("primary_place") or "",
            "event_date": when.date(),
        },
    )


def _from_analysis(analysis: dict, initial: dict) -> dict:
    initial["event_date"] = _date(analysis.get("event_date")) or initial["event_date"]
    relevance = analysis.get("relevance")
    if relevance in Relevance.values:
        initial["relevance"] = relevance if relevance != Relevance.NONE else Relevance.INCIDENT
    if analysis.get("form") in Form.values:
        initial["form"] = analysis["form"]
    initial["sources"] = [
        s["name"]
        for s in analysis.get("sources", [])
        if isinstance(s, dict) and s.get("name") in Source.values
    ]
    for key in ("fatalities", "injured"):
        if isinstance(analysis.get(key), int):
            initial[key] = analysis[key]
    actors = [a for a in analysis.get("actors", []) if isinstance(a, dict)]
    for n, actor in enumerate(actors[:2], start=1):
        initial[f"actor{n}"] = str(actor.get("text") or actor.get("name") or "")[:200]
        if actor.get("type") in _ACTOR_TYPES:
            initial[f"actor{n}_type"] = actor["type"]
    return initial


def _date(value):
    try:
        return date.fromisoformat(value) if value else None
    except (TypeError, ValueError):
        return None
