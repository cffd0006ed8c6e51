"""Named entities (places, persons, organisations) with a CRF (python-crfsuite).

Trained on IndoNLU NERGrit (PLACE / PERSON / ORGANISATION, cased text) and NERP
(PLC / PPL / IND / EVT / FNB, lower-cased news). Features: the word, its shape, affixes,
neighbours, and whether it belongs to a gazetteer name (the national list of areas), so the
tagger knows Indonesian place names it never saw in training. The model file is crfsuite's
own binary format (no pickle).
"""

from __future__ import annotations

import functools
import re
import time
from pathlib import Path

from . import artifacts

_SHAPE_UP = re.compile(r"[A-Z]")
_SHAPE_LO = re.compile(r"[a-z]")
_SHAPE_DI = re.compile(r"[0-9]")
_TOKEN = re.compile(r"\w+(?:[-'.]\w+)*|[^\w\s]")

ORG_CUES = {
    "pt",
    "cv",
    "ud",
    "koperasi",
    "partai",
    "dprd",
    "dpr",
    "polres",
    "polsek",
    "polda",
    "kodim",
    "koramil",
    "dinas",
}
EXTRA_FEATURES = True
PLACE_CUES = {
    "desa",
    "kelurahan",
    "kecamatan",
    "kabupaten",
    "kota",
    "provinsi",
    "kampung",
    "dusun",
    "di",
    "ke",
    "dari",
    "jalan",
    "jl",
}


@functools.lru_cache(maxsize=1)
def place_words() -> frozenset[str]:
    """Lower-case tokens of area names (from the shipped national gazetteer)."""
    from .places import NATIONAL_AREAS, read_areas_csv

    words = set()
    for a in read_areas_csv(NATIONAL_AREAS):
        if a.level in ("provinsi", "kabupaten", "kota", "kecamatan"):
            for w in re.findall(r"[A-Za-z]+", a.name):
                if len(w) > 2:
                    words.add(w.lower())
    for w in ("kabupaten", "kota", "provinsi", "administrasi", "daerah", "khusus", "istimewa"):
        words.discard(w)
    return frozenset(words)


def _shape(w: str) -> str:
    s = _SHAPE_DI.sub("0", _SHAPE_LO.sub("a", _SHAPE_UP.sub("A", w)))
    return re.sub(r"(.)\1+", r"\1", s)


def word_features(sent: list[str], i: int, gaz: frozenset[str]) -> list[str]:
    w = sent[i]
    lw = w.lower()
    f = [
        "b",
        "w=" + lw,
        "sh=" + _shape(w),
        "p3=" + lw[:3],
        "s3=" + lw[-3:],
        "s2=" + lw[-2:],
    ]
    if w[:1].isupper():
        f.append("title")
    if w.isupper() and len(w) > 1:
        f.append("upper")
    if lw in gaz:
        f.append("gaz")
    if i == 0:
        f.append("BOS")
    for d in (-2, -1, 1, 2):
        j = i + d
        if 0 <= j < len(sent):
            o = sent[j]
            lo = o.lower()
            f.append(f"{d}:w=" + lo)
            if abs(d) == 1:
                f.append(f"{d}:sh=" + _shape(o))
                if o[:1].isupper():
                    f.append(f"{d}:title")
                if lo in gaz:
                    f.append(f"{d}:gaz")
                if lo in ORG_CUES:
                    f.append(f"{d}:org")
                if lo in PLACE_CUES:
                    f.append(f"{d}:plc")
        elif d == -1:
            f.append("-1:BOS")
        elif d == 1:
            f.append("+1:EOS")
    if i > 0:
        f.append("bi=" + sent[i - 1].lower() + "|" + lw)
    if EXTRA_FEATURES:
        f.append("p4=" + lw[:4])
        f.append("s4=" + lw[-4:])
        f.append("len=" + str(min(len(w), 8)))
        if i + 1 < len(sent):
            f.append("bi+=" + lw + "|" + sent[i + 1].lower())
        # inside a run of capitalised words (names are usually several)
        cap_prev = i > 0 and sent[i - 1][:1].isupper()
        cap_next = i + 1 < len(sent) and sent[i + 1][:1].isupper()
        if w[:1].isupper():
            f.append(f"caprun={int(cap_prev)}{int(cap_next)}")
        for d in (-2, 2):
            j = i + d
            if 0 <= j < len(sent):
                f.append(f"{d}:sh=" + _shape(sent[j]))
    return f


def sent_features(sent: list[str]) -> list[list[str]]:
    gaz = place_words()
    return [word_features(sent, i, gaz) for i in range(len(sent))]


def spans(tags: list[str]) -> set[tuple[int, int, str]]:
    """BIO tags -> entity spans (start, end, type); an I- without a B- starts a span."""
    out, start, kind = set(), None, None
    for i, t in enumerate(list(tags) + ["O"]):
        if t == "O" or t.startswith("B-") or (t.startswith("I-") and t[2:] != kind):
            if start is not None:
                out.add((start, i, kind))
                start, kind = None, None
            if t != "O":
                start, kind = i, t[2:]
    return out


def entity_f1(gold: list[list[str]], pred: list[list[str]]) -> dict[str, dict[str, float]]:
    from collections import Counter

    tp, fp, fn = Counter(), Counter(), Counter()
    for g, p in zip(gold, pred, strict=True):
        gs, ps = spans(g), spans(p)
        for s in ps:
            (tp if s in gs else fp)[s[2]] += 1
        for s in gs - ps:
            fn[s[2]] += 1
    out = {}
    kinds = sorted(set(tp) | set(fp) | set(fn))
    for k in kinds + ["overall"]:
        if k == "overall":
            t, f_p, f_n = sum(tp.values()), sum(fp.values()), sum(fn.values())
        else:
            t, f_p, f_n = tp[k], fp[k], fn[k]
        prec = t / (t + f_p) if t + f_p else 0.0
        rec = t / (t + f_n) if t + f_n else 0.0
        f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
        out[k] = {
            "precision": round(prec, 4),
            "recall": round(rec, 4),
            "f1": round(f1, 4),
            "support": t + f_n,
        }
    return out


class NerTagger:
    def __init__(self, path: Path):
        import pycrfsuite

        self.path = path
        self.tagger = pycrfsuite.Tagger()
        self.tagger.open(str(path))

    @classmethod
    def load(cls, corpus: str = "nergrit", directory: Path = artifacts.MODELS_DIR) -> NerTagger:
        return cls(directory / f"ner_{corpus}.crfsuite")

    def tag(self, tokens: list[str]) -> list[str]:
        if not tokens:
            return []
        return self.tagger.tag(sent_features(tokens))

    def entities(self, text: str, max_tokens: int = 400) -> list[dict]:
        """Entities with character spans: [{"text", "type", "start", "end"}]."""
        toks = [(m.group(0), m.start(), m.end()) for m in _TOKEN.finditer(text)][:max_tokens]
        out = []
        # sentence-sized chunks keep the CRF fast and its context local
        chunk: list[tuple[str, int, int]] = []
        chunks = []
        for t in toks:
            chunk.append(t)
            if t[0] in ".!?" and len(chunk) > 3:
                chunks.append(chunk)
                chunk = []
        if chunk:
            chunks.append(chunk)
        for ch in chunks:
            tags = self.tag([t[0] for t in ch])
            for s, e, kind in sorted(spans(tags)):
                out.append(
                    {
                        "text": text[ch[s][1] : ch[e - 1][2]],
                        "type": kind,
                        "start": ch[s][1],
                        "end": ch[e - 1][2],
                    }
                )
        return out


def train(
    corpus: str,
    train_sents,
    directory: Path = artifacts.MODELS_DIR,
    c1: float = 0.1,
    c2: float = 0.05,
    max_iter: int = 150,
    log=print,
) -> Path:
    import pycrfsuite

    t0 = time.time()
    trainer = pycrfsuite.Trainer(verbose=False)
    for sent in train_sents:
        words = [w for w, _ in sent]
        trainer.append(sent_features(words), [t for _, t in sent])
    trainer.set_params(
        {"c1": c1, "c2": c2, "max_iterations": max_iter, "feature.possible_transitions": True}
    )
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"ner_{corpus}.crfsuite"
    trainer.train(str(path))
    log(f"  ner {corpus}: trained in {time.time() - t0:.0f} s, {path.stat().st_size // 1024} KiB")
    return path


def evaluate(corpus: str, sents, directory: Path = artifacts.MODELS_DIR) -> dict:
    tagger = NerTagger.load(corpus, directory)
    gold = [[t for _, t in s] for s in sents]
    pred = [tagger.tag([w for w, _ in s]) for s in sents]
    return entity_f1(gold, pred)
