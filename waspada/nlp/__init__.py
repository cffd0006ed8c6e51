"""Waspada NLP: reading Indonesian texts about social conflict.

Pure Python (no Django). The one entry point::

    from waspada.nlp import analyze
    a = analyze("Warga Desa Jongkang memblokade jalan tambang ...", published_at="2025-07-08")
    a.relevance, a.sources, a.places, a.to_json()

See docs/nlp/ for the output schema and the model cards.
"""

from .pipeline import Analysis, Analyzer, analyze

__all__ = ["Analysis", "Analyzer", "analyze"]
