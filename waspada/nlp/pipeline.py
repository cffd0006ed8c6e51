"""The one entry point: ``analyze(text, published_at=None) -> Analysis``."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import re
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from . import artifacts, extract, hatespeech
from .conflict import ConflictModel
from .lexicon import Lexicon, load_lexicon
from .places import Gazetteer

SCHEMA_VERSION = 1
HS_CHUNK = 320  # characters: hate speech is scored per tweet-sized piece of a longer text
HS_MAX_CHARS = 2500  # the lead of a long article; posts and reports fit whole


@dataclass
class Analysis:
    """The result of reading one text. JSON-serialisable (``as_dict`` / ``to_json``); the
    schema is documented in docs/nlp/schema.md."""

    id: str | None = None
    relevance: str = "none"
    relevance_scores: dict[str, float] = field(default_factory=dict)
    sources: list[dict] = field(default_factory=list)
    form: str | None = None
    form_scores: dict[str, float] = field(default_factory=dict)
    hate_speech: dict[str, float] = field(default_factory=dict)
    hate_speech_labels: list[str] = field(default_factory=list)
    places: list[dict] = field(default_factory=list)
    primary_place: str | None = None
    event_date: str | None = None
    fatalities: int | None = None
    injured: int | None = None
    actors: list[dict] = field(default_factory=list)
    evidence: dict = field(default_factory=dict)
    urgency: float = 0.0
    model_version: str = ""
    schema_version: int = SCHEMA_VERSION

    def as_dict(self) -> dict:
        return dataclasses.asdict(self)

    def to_json(self) -> str:
        return json.dumps(self.as_dict(), ensure_ascii=False)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any] | None) -> Analysis:
        """The Analysis again from its ``as_dict`` form (as stored by the apps). Keys this
        version does not know are ignored; keys it misses (an analysis stored by an older
        version) and null lists or objects take their defaults."""
        values: dict[str, Any] = {}
        for f in dataclasses.fields(cls):
            if not data or f.name not in data:
                continue
            if data[f.name] is None and f.default_factory is not dataclasses.MISSING:
                continue
            values[f.name] = data[f.name]
        return cls(**values)

    @property
    def source_names(self) -> list[str]:
        """The names of the conflict sources found, best first."""
        return [str(s["name"]) for s in self.sources if isinstance(s, dict) and "name" in s]


_SENT_END = re.compile(r"(?<=[.!?\n])\s+")


def _chunks(text: str) -> list[str]:
    text = text[:HS_MAX_CHARS]
    if len(text) <= HS_CHUNK:
        return [text]
    out, cur = [], ""
    for sent in _SENT_END.split(text):
        if cur and len(cur) + len(sent) > HS_CHUNK:
            out.append(cur)
            cur = ""
        cur = f"{cur} {sent}" if cur else sent
    if cur:
        out.append(cur)
    return out


class Analyzer:
    """Loads the models once; thread-safe for reading.

    regency: the deployment's Kemendagri code ("64.02" Kutai Kartanegara).
    lexicon_paths: extra JSON lexicons (same shape as data/lexicon_conflict.json) merged into
    the shipped one — the per-regency terms analysts maintain.
    aliases_path: extra place names (JSON name -> code).
    """

    def __init__(
        self,
        regency: str = "64.02",
        lexicon_paths: list[str | Path] = (),
        aliases_path: str | Path | None = None,
        models_dir: Path = artifacts.MODELS_DIR,
        gazetteer: Gazetteer | None = None,
    ):
        self.regency = regency
        self.lexicon = (
            Lexicon(load_lexicon(Lexicon.default().data, *lexicon_paths))
            if lexicon_paths
            else Lexicon.default()
        )
        self.gazetteer = gazetteer or Gazetteer.default(regency, aliases_path)
        self.hs = hatespeech.HateSpeechModel.load(models_dir)
        self.conflict = ConflictModel.load(models_dir, lexicon=self.lexicon)
        digest = hashlib.sha256()
        for name in ("hatespeech.npz", "conflict.npz", "hatespeech.json", "conflict.json"):
            digest.update((Path(models_dir) / name).read_bytes())
        for extra in [*lexicon_paths, aliases_path]:
            if extra:
                digest.update(Path(extra).read_bytes())
        self.model_version = digest.hexdigest()[:12]

    # ------------------------------------------------------------------
    def hate_speech(self, texts: list[str]) -> tuple[np.ndarray, np.ndarray, list[int]]:
        """Per text: max probability over its chunks, the decisions of its most hateful chunk,
        and that chunk's index."""
        pieces, owner = [], []
        for i, t in enumerate(texts):
            for c in _chunks(t or ""):
                pieces.append(c)
                owner.append(i)
        P, D = self.hs.predict(pieces)
        owner = np.asarray(owner)
        Pm = np.zeros((len(texts), P.shape[1]), dtype=np.float32)
        Dm = np.zeros((len(texts), P.shape[1]), dtype=np.int8)
        best = [0] * len(texts)
        for i in range(len(texts)):
            rows = np.flatnonzero(owner == i)
            Pm[i] = P[rows].max(axis=0)
            k = rows[int(np.argmax(P[rows, 0]))]
            Dm[i] = D[k]
            best[i] = int(k - rows[0])
        return Pm, Dm, best

    def analyze_many(self, items: list[dict]) -> list[Analysis]:
        """items: dicts with text, optional title, published_at, id."""
        titles = [it.get("title") for it in items]
        texts = [it.get("text") or "" for it in items]
        conf = self.conflict.predict(titles, texts)
        full = [((t + ". ") if t else "") + x for t, x in zip(titles, texts, strict=True)]
        P, D, best = self.hate_speech(full)
        out = []
        for i, it in enumerate(items):
            out.append(self._assemble(it, full[i], conf[i], P[i], D[i], best[i]))
        return out

    def analyze(
        self, text: str, published_at=None, title: str | None = None, id: str | None = None
    ) -> Analysis:
        return self.analyze_many(
            [{"text": text, "published_at": published_at, "title": title, "id": id}]
        )[0]

    # ------------------------------------------------------------------
    def _assemble(self, item, full, conf, p_hs, d_hs, best_chunk) -> Analysis:
        labels = hatespeech.LABELS
        hs = {k: round(float(p_hs[j]), 4) for j, k in enumerate(labels)}
        hs_labels = [k for j, k in enumerate(labels) if d_hs[j]]
        evidence = dict(conf.evidence)
        if hs_labels:
            evidence["hate_speech"] = [_chunks(full)[best_chunk][:300]]
        places = self.gazetteer.find(full)
        primary = self.gazetteer.primary(places, len(full))
        if primary:
            p = next(p for p in places if p.code == primary)
            evidence["primary_place"] = [p.text]
        date, date_ev = extract.event_date(full, item.get("published_at"))
        if date_ev:
            evidence["event_date"] = [date_ev["text"]]
        fat, inj, cas_ev = extract.casualties(full)
        if cas_ev:
            evidence["casualties"] = cas_ev
        actors = extract.actors(full)
        a = Analysis(
            id=None if item.get("id") is None else str(item.get("id")),
            relevance=conf.relevance,
            relevance_scores=conf.relevance_scores,
            sources=conf.sources,
            form=conf.form,
            form_scores=conf.form_scores,
            hate_speech=hs,
            hate_speech_labels=hs_labels,
            places=[p.as_dict() for p in places],
            primary_place=primary,
            event_date=date,
            fatalities=fat,
            injured=inj,
            actors=actors,
            evidence=evidence,
        )
        a.urgency = urgency(a)
        a.model_version = self.model_version
        return a


def urgency(a: Analysis) -> float:
    """0..1, for ordering a triage queue: relevance, violence, casualties, hate speech, and
    whether the place is known."""
    s = a.relevance_scores
    base = {"incident": 0.6, "tension": 0.4, "prevention": 0.1, "none": 0.0}[a.relevance]
    base += 0.2 * s.get("incident", 0) + 0.1 * s.get("tension", 0)
    if a.form in ("kerusuhan", "bentrok", "kekerasan", "perusakan"):
        base += 0.1
    if a.fatalities:
        base += 0.15
    elif a.injured:
        base += 0.07
    if "HS" in a.hate_speech_labels and a.relevance != "none":
        base += 0.05
        if {"HS_Religion", "HS_Race"} & set(a.hate_speech_labels):
            base += 0.1
    if a.primary_place:
        base += 0.03
    return round(min(1.0, base), 3)


_default: Analyzer | None = None
_lock = threading.Lock()


def default_analyzer() -> Analyzer:
    global _default
    if _default is None:
        with _lock:
            if _default is None:
                _default = Analyzer()
    return _default


def analyze(text: str, published_at=None, title: str | None = None) -> Analysis:
    """Read one text (report, article, post) with the shipped models and the default
    deployment (Kutai Kartanegara, 64.02)."""
    return default_analyzer().analyze(text, published_at=published_at, title=title)
