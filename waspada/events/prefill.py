"""Initial values of a new event from a report or an article and its analysis
(``reading``: a ``waspada.nlp.Analysis``)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from .vocab import ActorType, Form, Relevance, Source

if TYPE_CHECKING:
    from waspada.nlp.analysis import Analysis

_ACTOR_TYPES = set(ActorType.values)


def from_report(report) -> dict:
    reading = report.reading
    return _from_analysis(
        reading,
        {
            "summary": (report.text or report.title or "")[:5000],
            "classification": report.classification,
            "location": report.place_text[:200],
            "latitude": report.lat,
            "longitude": report.lon,
            "area": report.area_id or (reading and reading.primary_place) or "",
            "event_date": (report.occurred_at or report.received_at).date(),
        },
    )


def from_article(article) -> dict:
    reading = article.reading
    when = article.published_at or article.fetched_at
    return _from_analysis(
        reading,
        {
            "summary": f"{article.title}. {article.text}"[:5000]
            if article.title
            else article.text[:5000],
            "classification": article.classification,
            "location": "",
            "area": article.area_id or (reading and reading.primary_place) or "",
            "event_date": when.date(),
        },
    )


def _from_analysis(analysis: Analysis | None, initial: dict) -> dict:
    if analysis is None:
        return initial
    initial["event_date"] = _date(analysis.event_date) or initial["event_date"]
    if analysis.relevance in Relevance.values:
        relevance = analysis.relevance
        initial["relevance"] = relevance if relevance != Relevance.NONE else Relevance.INCIDENT
    if analysis.form in Form.values:
        initial["form"] = analysis.form
    initial["sources"] = [s for s in analysis.source_names if s in Source.values]
    for key, value in (("fatalities", analysis.fatalities), ("injured", analysis.injured)):
        if isinstance(value, int):
            initial[key] = value
    actors = [a for a in analysis.actors if isinstance(a, dict)]
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
