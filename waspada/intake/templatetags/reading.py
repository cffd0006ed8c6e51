"""The automatic analysis as a reader wants it: labelled fields and the evidence words marked in
the text, never the raw dictionary (report, article and triage pages).

``{% analysis_panel record %}`` renders ``reading/panel.html`` for a report or an article;
``record|reading`` gives the record's analysis as a ``waspada.nlp.Analysis`` (for the triage
rows). The Analysis comes from ``record.reading`` where the record offers one, else it is
built here from the stored JSON (``record.analysis``).
"""

from __future__ import annotations

import re
from html import escape

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from waspada.events.vocab import Form, Relevance, Source
from waspada.nlp.analysis import Analysis

register = template.Library()

SEVERITY = {
    0: _("not about social conflict"),
    1: _("a dispute, a complaint or prevention"),
    2: _("a threat, a protest or a blockade"),
    3: _("violence or destruction, a crowd with weapons"),
    4: _("people injured, property burned or an armed clash"),
    5: _("someone killed"),
}
HATE = {
    "HS": _("hate speech"),
    "Abusive": _("abusive language"),
    "HS_Religion": _("against a religion"),
    "HS_Race": _("against an ethnic group"),
    "HS_Physical": _("against a body or disability"),
    "HS_Gender": _("against a gender"),
    "HS_Other": _("other"),
    "HS_Individual": _("at a person"),
    "HS_Group": _("at a group"),
    "HS_Weak": _("weak"),
    "HS_Moderate": _("moderate"),
    "HS_Strong": _("strong"),
}
# what each kind of marked word says, in the order a reader scans them
KINDS = {
    "severity": _("severity"),
    "relevance": _("conflict"),
    "casualties": _("casualties"),
    "place": _("place"),
    "date": _("date"),
    "source": _("source"),
    "form": _("form"),
}
JUNK = {
    "markup": _("markup or a test string"),
    "no words": _("no words"),
    "repeated characters": _("repeated characters"),
    "placeholder": _("a test or placeholder"),
}
TEXT_CHARS = 3000  # the lead of a long article; a report is shown whole


def reading_of(record) -> Analysis | None:
    """The record's analysis as an Analysis (None when it has not been analysed)."""
    if isinstance(record, Analysis):
        return record
    if isinstance(record, dict):
        return Analysis.from_dict(record) if record else None
    return getattr(record, "reading", None)


@register.filter
def reading(record) -> Analysis | None:
    return reading_of(record)


@register.simple_tag
def analysis_cell(a: Analysis | None) -> SafeString:
    """One analysis in a table cell (triage rows, news awaiting triage): severity, relevance,
    form, stated casualties and date. Built in Python: a template included per row cost more
    than the rest of the triage page."""
    if a is None:
        return format_html('<span class="muted">{}</span>', gettext("not analysed yet"))
    if a.junk:
        return format_html('<span class="sev sev-0">0</span> {}', gettext("junk"))
    parts = [_label(Relevance, a.relevance)]
    if a.form:
        parts.append(_label(Form, a.form))
    if a.fatalities:
        parts.append(ngettext("%(n)s killed", "%(n)s killed", a.fatalities) % {"n": a.fatalities})
    if a.injured:
        parts.append(ngettext("%(n)s injured", "%(n)s injured", a.injured) % {"n": a.injured})
    if a.event_date:
        parts.append(str(a.event_date))
    return format_html(
        '<span class="sev sev-{}" title="{}">{}</span> {}',
        a.severity,
        severity_label(a.severity),
        a.severity,
        " · ".join(parts),
    )


@register.filter
def severity_label(level) -> str:
    try:
        return str(SEVERITY[int(level)])
    except (KeyError, TypeError, ValueError):
        return ""


@register.filter
def relevance_label(value) -> str:
    return _label(Relevance, value)


@register.filter
def form_label(value) -> str:
    return _label(Form, value)


def _label(choices, value) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return str(value or "")


def _text_of(record) -> str:
    parts = [getattr(record, "title", "") or "", getattr(record, "text", "") or ""]
    text = "\n".join(p for p in parts if p)
    if len(text) > TEXT_CHARS:
        cut = text.rfind(" ", 0, TEXT_CHARS)
        text = text[: cut if cut > 0 else TEXT_CHARS] + " …"
    return text


def evidence_words(a: Analysis) -> list[tuple[str, str]]:
    """(phrase, kind) pairs of every word the analysis decided on."""
    out: list[tuple[str, str]] = [(w, "severity") for w in a.severity_evidence]
    for key, words in (a.evidence or {}).items():
        if not isinstance(words, list):
            continue
        kind = {
            "primary_place": "place",
            "event_date": "date",
            "casualties": "casualties",
            "severity": "severity",
        }.get(key)
        if kind is None:
            if key == f"relevance:{a.relevance}":
                kind = "relevance"
            elif key.startswith("source:"):
                kind = "source"
            elif key == f"form:{a.form}":
                kind = "form"
            else:
                continue
        out += [(str(w), kind) for w in words if isinstance(w, str)]
    for p in a.places or []:
        if isinstance(p, dict) and isinstance(p.get("text"), str):
            out.append((p["text"], "place"))
    return [(w.strip(), k) for w, k in out if len(w.strip()) >= 2]


def mark_text(text: str, words: list[tuple[str, str]]) -> str:
    """The text, escaped, with every evidence phrase in a ``<mark>`` of its kind (longest
    phrases first, no overlaps), line breaks kept."""
    spans: list[tuple[int, int, str]] = []
    low = text.lower()
    seen = set()
    order = list(KINDS)  # the words that set the severity win over a longer phrase around them
    for phrase, kind in sorted(words, key=lambda w: (order.index(w[1]), -len(w[0]))):
        key = (phrase.lower(), kind)
        if key in seen:
            continue
        seen.add(key)
        pattern = re.compile(r"(?<!\w)" + re.escape(phrase.lower()) + r"(?!\w)")
        for m in pattern.finditer(low):
            if not any(s < m.end() and m.start() < e for s, e, _ in spans):
                spans.append((m.start(), m.end(), kind))
    spans.sort()
    html, at = [], 0
    for s, e, kind in spans:
        html.append(escape(text[at:s]))
        html.append(
            f'<mark class="ev ev-{kind}" data-kind="{kind}" title="{escape(str(KINDS[kind]))}">'
            f"{escape(text[s:e])}</mark>"
        )
        at = e
    html.append(escape(text[at:]))
    return "".join(html).replace("\n", "<br>")


@register.inclusion_tag("reading/panel.html")
def analysis_panel(record, text: str | None = None):
    a = reading_of(record)
    if a is None:
        return {"a": None}
    shown = text if text is not None else _text_of(record)
    places = [p for p in a.places or [] if isinstance(p, dict)]
    primary = next((p for p in places if p.get("code") == a.primary_place), None)
    hate = [str(HATE.get(label, label)) for label in a.hate_speech_labels if label != "HS"]
    return {
        "a": a,
        "relevance": _label(Relevance, a.relevance),
        "confidence": (a.relevance_scores or {}).get(a.relevance),
        "severity": SEVERITY.get(a.severity, ""),
        "form": _label(Form, a.form) if a.form else "",
        "sources": [_label(Source, s.get("name")) for s in a.sources if isinstance(s, dict)],
        "places": places,
        "primary": primary,
        "date_words": (a.evidence or {}).get("event_date") or [],
        "hate": hate,
        "junk": JUNK.get(((a.evidence or {}).get("junk") or [""])[0], ""),
        "marked": mark_safe(mark_text(shown, evidence_words(a))),  # noqa: S308 - escaped above
        "kinds": list(KINDS.items()),
    }
