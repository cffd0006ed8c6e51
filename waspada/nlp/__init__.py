"""Waspada NLP: reading Indonesian texts about social conflict.

Pure Python (no Django). The one entry point::

    from waspada.nlp import analyze
    a = analyze("Warga Desa Jongkang memblokade jalan tambang ...", published_at="2025-07-08",
                channel="sms")
    a.relevance, a.severity, a.severity_evidence, a.sources, a.places, a.to_json()

See docs/nlp/ for the output schema and the model cards.
"""

from .pipeline import Analysis, Analyzer, analyze, urgency

__all__ = ["Analysis", "Analyzer", "analyze", "urgency"]
