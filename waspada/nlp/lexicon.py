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


_WORD = re.compile(r"[a-z0-9]+")


def _term_key(term: str) -> tuple[tuple[str, ...], bool]:
    prefix = term.endswith("*")
    return tuple(_WORD.findall(term.rstrip("*"))), prefix


class Lexicon:
    """Finds every term of every group/label in a text in one pass over its word tokens
    (hyphens and spaces alike separate words, so *unjuk-rasa* matches *unjuk rasa*)."""

    def __init__(self, data: dict[str, dict[str, dict[str, float]]]):
        self.data = data
        self.exact: dict[tuple[str, ...], list[tuple[str, str, float]]] = defaultdict(list)
        self.prefix: dict[tuple[str, ...], list[tuple[str, str, float]]] = defaultdict(list)
        for group, labels in data.items():
            for label, terms in labels.items():
                for term, w in terms.items():
                    key, is_prefix = _term_key(term)
                    if key:
                        (self.prefix if is_prefix else self.exact)[key].append((group, label, w))
        keys = list(self.exact) + list(self.prefix)
        self.max_len = max((len(k) for k in keys), default=0)
        self.prefix_lens = sorted({len(k[-1]) for k in self.prefix}, reverse=True)
        self.terms = sorted(" ".join(k) for k in keys)

    @classmethod
    def default(cls, *extra: str | Path | dict) -> Lexicon:
        return cls(load_lexicon(DATA_DIR / "lexicon_conflict.json", *extra))

    def labels(self, group: str) -> list[str]:
        return list(self.data.get(group, {}))

    def scan(self, text: str) -> dict[str, dict[str, list[tuple[str, float, int]]]]:
        """group -> label -> [(matched text, weight, start)]."""
        out: dict[str, dict[str, list[tuple[str, float, int]]]] = defaultdict(
            lambda: defaultdict(list)
        )
        low = text.lower()
        toks = [(m.group(0), m.start(), m.end()) for m in _WORD.finditer(low)]
        words = [t[0] for t in toks]
        n = len(words)
        exact, prefix, plens = self.exact, self.prefix, self.prefix_lens
        i = 0
        while i < n:
            hit = None
            for L in range(min(self.max_len, n - i), 0, -1):
                key = tuple(words[i : i + L])
                targets = exact.get(key)
                if targets is None and prefix:
                    last = key[-1]
                    for k in plens:
                        if k <= len(last):
                            targets = prefix.get(key[:-1] + (last[:k],))
                            if targets is not None:
                                break
                if targets is not None:
                    hit = (L, targets)
                    break
            if hit is None:
                i += 1
                continue
            L, targets = hit
            start, end = toks[i][1], toks[i + L - 1][2]
            surface = low[start:end]
            for group, label, w in targets:
                out[group][label].append((surface, w, start))
            i += L
        return out
