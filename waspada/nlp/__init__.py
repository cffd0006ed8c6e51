"""Waspada NLP: reading Indonesian texts about social conflict.

Pure Python (no Django). The one entry point::

    from waspada.nlp import analyze
    a = analyze("Warga Desa Jongkang memblokade jalan tambang ...", published_at="2025-07-08",
                channel="sms")
    a.relevance, a.severity, a.severity_evidence, a.sources, a.places, a.to_json()

See docs/nlp/ for the output schema and the model cards.
"""

from typing import TYPE_CHECKING, Any

from .analysis import Analysis

if TYPE_CHECKING:
    from .pipeline import Analyzer, analyze, urgency

__all__ = ["Analysis", "Analyzer", "analyze", "urgency"]


def __getattr__(name: str) -> Any:
    """The reading itself (``analyze`` and its kin) is imported when first asked for: it
    loads the models' code, which reading a stored ``Analysis`` does not need."""
    if name in ("Analyzer", "analyze", "urgency"):
        from . import pipeline

        return getattr(pipeline, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
