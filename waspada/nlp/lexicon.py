"""Weighted term lexicons with evidence.

A lexicon is a JSON object ``{group: {label: {term: weight}}}`` (e.g. ``relevance`` →
``incident`` → ``"bentrok*": 2``). Terms are lower case; a trailing ``*`` matches any word
ending, and a space matches spaces or hyphens. Analysts extend the shipped lexicon per regency
by passing more JSON files of the same shape: their terms are merged into it (a weight of 0
removes a term).
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from pathlib import Path

DATA_DIR = Path(__file__).parent / "data"


def load_lexicon(*paths: str | Path | dict) -> dict[str, dict[str, dict[str, float]]]:
    merged: dict[str, dict[str, dict[str, float]]] = {}
    for p in paths:
        data = p if isinstance(p, dict) else json.loads(Path(p).read_text(encoding="utf-8"))
        for group, labels in data.items():
            if group.startswith("_"):
                continue
            g = merged.setdefault(group, {})
            for label, terms in labels.items():
                t = g.setdefault(label, {})
                for term, w in terms.items():
                    term = term.strip().lower()
                    if not term:
                        continue
                    if float(w) == 0:
                        t.pop(term, None)
                    else:
                        t[term] = float(w)
    return merged


def _term_regex(term: str) -> str:
    prefix = term.endswith("*")
    term = term.rstrip("*")
    parts = [re.escape(p) for p in re.split(r"[\s\-]+", term) if p]
    body = r"[\s\-]+".join(parts)
    return body + (r"\w*" if prefix else "")


class Lexicon:
    """Finds every term of every group/label in a text in one regex pass."""

    def __init__(self, data: dict[str, dict[str, dict[str, float]]]):
        self.data = data
        self.entries: list[tuple[str, list[tuple[str, str, float]]]] = []
        by_term: dict[str, list[tuple[str, str, float]]] = defaultdict(list)
        for group, labels in data.items():
            for label, terms in labels.items():
                for term, w in terms.items():
                    by_term[term].append((group, label, w))
        # longest first so that "unjuk rasa" wins over "unjuk"
        terms = sorted(by_term, key=lambda t: (-len(t), t))
        self.terms = terms
        self.targets = [by_term[t] for t in terms]
        pattern = "|".join(f"(?P<t{i}>{_term_regex(t)})" for i, t in enumerate(terms))
        self.regex = re.compile(r"(?<!\w)(?:" + pattern + r")(?!\w)") if terms else None

    @classmethod
    def default(cls, *extra: str | Path | dict) -> Lexicon:
        return cls(load_lexicon(DATA_DIR / "lexicon_conflict.json", *extra))

    def labels(self, group: str) -> list[str]:
        return list(self.data.get(group, {}))

    def scan(self, text: str) -> dict[str, dict[str, list[tuple[str, float, int]]]]:
        """group -> label -> [(matched text, weight, start)]."""
        out: dict[str, dict[str, list[tuple[str, float, int]]]] = defaultdict(lambda: defaultdict(list))
        if self.regex is None:
            return out
        low = text.lower()
        for m in self.regex.finditer(low):
            idx = int(m.lastgroup[1:])
            for group, label, w in self.targets[idx]:
                out[group][label].append((m.group(0), w, m.start()))
        return out
