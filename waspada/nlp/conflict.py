"""Conflict relevance, sources and form: a lexicon layer plus small linear models.

The lexicon (``data/lexicon_conflict.json``, extensible per regency) gives every decision its
evidence terms and a prior that works on texts unlike the few labelled ones; the linear models
(TF-IDF words + the lexicon scores as features, trained on the labelled news and Kaltim texts)
weigh the evidence. Final scores mix the model probability with the lexicon score.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
from scipy.sparse import csr_matrix, hstack

from . import artifacts
from .lexicon import Lexicon
from .normalize import normalize, strip_boilerplate

RELEVANCE = ["incident", "tension", "prevention", "none"]
SOURCES = [
    "politik",
    "ekonomi",
    "sosial_budaya",
    "agama",
    "etnis",
    "batas_wilayah",
    "sumber_daya_alam",
    "ketimpangan",
]
FORMS = [
    "unjuk_rasa",
    "kerusuhan",
    "bentrok",
    "kekerasan",
    "perusakan",
    "blokade",
    "ancaman",
    "ujaran_kebencian",
    "sengketa",
    "pencegahan",
]
GROUPS = [("relevance", RELEVANCE[:3]), ("sources", SOURCES), ("forms", FORMS)]
MAX_CHARS = (
    1500  # the lead carries the event; the rest is often background (grouped CV: 1,200-1,600 best)
)
WORD_SPEC = [
    ("text", {"ngram_range": [1, 2], "min_df": 2, "sublinear_tf": True, "max_features": 20000})
]
LEX_SCALE = 0.5  # weight of the lexicon features beside the TF-IDF columns (grouped CV)
LEAD_CHARS = 400
# Settings that ``train`` chooses by an inner cross-validation on its own training texts
# (so that the outer CV of ``training.conflict_cv`` is nested): the relevance head's C, and
# how far source scores lean on the model rather than the lexicon.
C_RELEVANT_GRID = (10.0, 30.0, 100.0)
SRC_K_GRID = (10.0, 20.0, 40.0, 80.0)  # a source's model weight is n / (n + k), n its positives
SRC_SCALE_GRID = (2.5, 3.0, 4.0, 6.0)  # lexicon source score = 1 - exp(-weight / scale)
INNER_FOLDS = 4
SELECT_TOLERANCE = 0.01  # prefer the more regularised setting unless another is this much better
# defaults for models saved before these settings were stored in their meta
SRC_MIX = 0.7
SRC_SCALE = 2.5


def lexicon_features(
    scan: dict, title_scan: dict | None, n_chars: int, title_len: int
) -> np.ndarray:
    """log(1 + summed weight) of each label of each group; the relevance labels again for the
    title, the lead (first sentences) and as a density per 1,000 characters."""
    feats = []
    for group, labels in GROUPS:
        g = scan.get(group, {})
        for label in labels:
            feats.append(math.log1p(sum(w for _, w, _ in g.get(label, ()))))
    t = (title_scan or {}).get("relevance", {})
    rel = scan.get("relevance", {})
    lead_end = title_len + LEAD_CHARS
    for label in RELEVANCE[:3]:
        feats.append(math.log1p(sum(w for _, w, _ in t.get(label, ()))))
        feats.append(math.log1p(sum(w for _, w, s in rel.get(label, ()) if s < lead_end)))
        feats.append(
            math.log1p(1000 * sum(w for _, w, _ in rel.get(label, ())) / max(n_chars, 300))
        )
    return np.asarray(feats, dtype=np.float32)


def lexicon_evidence(scan: dict, group: str, label: str, limit: int = 8) -> list[str]:
    seen: dict[str, None] = {}
    for surface, _, _ in sorted(scan.get(group, {}).get(label, ()), key=lambda x: -x[1]):
        seen.setdefault(surface, None)
        if len(seen) >= limit:
            break
    return list(seen)


def lexicon_score(scan: dict, group: str, label: str, scale: float = 3.0) -> float:
    s = sum(w for _, w, _ in scan.get(group, {}).get(label, ()))
    return 1.0 - math.exp(-s / scale)


@dataclass
class ConflictResult:
    relevance: str
    relevance_scores: dict[str, float]
    sources: list[dict]
    source_scores: dict[str, float]
    form: str | None
    form_scores: dict[str, float]
    evidence: dict[str, list[str]] = field(default_factory=dict)


def _prep(title: str | None, text: str) -> tuple[str, str]:
    body = strip_boilerplate(text)[:MAX_CHARS]
    return (title or ""), ((title + ". ") if title else "") + body


class _Linear:
    """Rows of weights over [tfidf | lexicon features]."""

    def __init__(
        self, coef: np.ndarray, intercept: np.ndarray, labels: list[str], multiclass: bool
    ):
        self.coef = coef.astype(np.float32)
        self.intercept = intercept.astype(np.float32)
        self.labels = labels
        self.multiclass = multiclass

    def proba(self, X) -> np.ndarray:
        z = np.asarray(X @ self.coef.T) + self.intercept
        if self.multiclass:
            z = z - z.max(axis=1, keepdims=True)
            e = np.exp(z)
            return e / e.sum(axis=1, keepdims=True)
        return artifacts.sigmoid(z)


NEWS = "conflict"  # the model for news articles (artifact name)
REPORTS = "conflict_reports"  # the model for field reports (SMS, chat, forms, e-mail)


class ConflictModel:
    def __init__(
        self,
        vec,
        models: dict[str, _Linear],
        meta: dict,
        lexicon: Lexicon | None = None,
        name: str = NEWS,
    ):
        self.name = name
        self.vec = vec
        self.models = models
        self.meta = meta
        self.lexicon = lexicon or Lexicon.default()
        self.mix = meta.get("mix", 0.5)
        self.rel_threshold = meta.get("rel_threshold", 0.5)
        self.source_threshold = meta.get("source_threshold", 0.5)
        self.lex_scale = meta.get("lex_scale", 1.0)
        self.src_scale = meta.get("src_scale", SRC_SCALE)
        # per source: the model's share of the score (the rest is the lexicon's)
        self.src_weight = np.asarray(
            meta.get("src_model_weight", [1 - SRC_MIX] * len(SOURCES)), dtype=np.float64
        )

    # ------------------------------------------------------------- features
    def features(self, titles: list[str | None], texts: list[str]):
        scans, fulls = [], []
        dense = []
        for title, text in zip(titles, texts, strict=True):
            t, full = _prep(title, text)
            scan = self.lexicon.scan(full)
            tscan = self.lexicon.scan(t) if t else {}
            scans.append(scan)
            fulls.append(normalize(full))
            dense.append(lexicon_features(scan, tscan, len(full), len(t)))
        Xw = self.vec.transform({"text": fulls})
        X = hstack([Xw, csr_matrix(np.vstack(dense) * self.lex_scale)], format="csr")
        return X, scans

    # ------------------------------------------------------------- inference
    def predict(self, titles: list[str | None], texts: list[str]) -> list[ConflictResult]:
        X, scans = self.features(titles, texts)
        p_rel = self.models["relevant"].proba(X)[:, 0]
        p_kind = self.models["kind"].proba(X)
        p_src = self.models["sources"].proba(X)
        p_form = self.models["form"].proba(X)
        out = []
        for i, scan in enumerate(scans):
            out.append(self._decide(scan, p_rel[i], p_kind[i], p_src[i], p_form[i]))
        return out

    def _decide(self, scan, p_rel, p_kind, p_src, p_form) -> ConflictResult:
        mix = self.mix
        kinds = self.models["kind"].labels
        lex_kind = np.array([lexicon_score(scan, "relevance", k) for k in kinds])
        lex_kind = (
            lex_kind / lex_kind.sum() if lex_kind.sum() > 0 else np.full(len(kinds), 1 / len(kinds))
        )
        kind_p = (1 - mix) * p_kind + mix * lex_kind
        rel = float(p_rel)
        scores = {k: rel * float(kind_p[j]) for j, k in enumerate(kinds)}
        scores["none"] = 1.0 - rel
        evidence: dict[str, list[str]] = {}
        relevance = kinds[int(np.argmax(kind_p))] if rel >= self.rel_threshold else "none"
        for k in kinds:
            ev = lexicon_evidence(scan, "relevance", k)
            if ev:
                evidence[f"relevance:{k}"] = ev
        src_labels = self.models["sources"].labels
        src_scores = {}
        for j, s in enumerate(src_labels):
            w = self.src_weight[j]
            src_scores[s] = float(
                w * p_src[j] + (1 - w) * lexicon_score(scan, "sources", s, scale=self.src_scale)
            )
        sources: list[dict] = []
        form = None
        form_scores = {}
        form_labels = self.models["form"].labels
        for j, f in enumerate(form_labels):
            form_scores[f] = float((1 - mix) * p_form[j] + mix * lexicon_score(scan, "forms", f))
        if relevance != "none":
            ranked = sorted(src_scores.items(), key=lambda x: -x[1])
            for s, sc in ranked:
                if sc >= self.source_threshold or not sources:
                    sources.append({"name": s, "score": round(sc, 3)})
                    ev = lexicon_evidence(scan, "sources", s)
                    if ev:
                        evidence[f"source:{s}"] = ev
            if relevance == "prevention":
                form = "pencegahan"
            else:
                cand = {f: v for f, v in form_scores.items() if f != "pencegahan"}
                form = max(cand, key=cand.get)
            ev = lexicon_evidence(scan, "forms", form)
            if ev:
                evidence[f"form:{form}"] = ev
        return ConflictResult(
            relevance=relevance,
            relevance_scores={k: round(v, 4) for k, v in scores.items()},
            sources=sources,
            source_scores={k: round(v, 4) for k, v in src_scores.items()},
            form=form,
            form_scores={k: round(v, 4) for k, v in form_scores.items()},
            evidence=evidence,
        )

    # ------------------------------------------------------------- persistence
    def save(self, directory=artifacts.MODELS_DIR) -> None:
        states, arrays = self.vec.state(WORD_SPEC)
        meta = dict(self.meta)
        meta["vectorizers"] = states
        meta["heads"] = {}
        for k, m in self.models.items():
            arrays[f"{k}_coef"] = m.coef.astype(np.float16)
            arrays[f"{k}_intercept"] = m.intercept
            meta["heads"][k] = {"labels": m.labels, "multiclass": m.multiclass}
        artifacts.save(self.name, meta, arrays, directory)

    @classmethod
    def load(
        cls, directory=artifacts.MODELS_DIR, lexicon: Lexicon | None = None, name: str = NEWS
    ) -> ConflictModel:
        meta, arrays = artifacts.load(name, directory)
        vec = artifacts.FeatureUnion.from_state(meta["vectorizers"], arrays)
        models = {
            k: _Linear(
                arrays[f"{k}_coef"].astype(np.float32),
                arrays[f"{k}_intercept"],
                h["labels"],
                h["multiclass"],
            )
            for k, h in meta["heads"].items()
        }
        return cls(vec, models, meta, lexicon, name)


# ----------------------------------------------------------------- training
def group_key(r: dict) -> str:
    """Duplicated articles (the detik file repeats many) share a title: keep them together."""
    return (r.get("title") or str(r.get("id", ""))).strip().lower()


def _fit_binary(X, y, C: float, seed: int) -> tuple[np.ndarray, np.ndarray]:
    from sklearn.linear_model import LogisticRegression

    m = LogisticRegression(
        C=C, class_weight="balanced", solver="liblinear", max_iter=5000, random_state=seed
    ).fit(X, y)
    return m.coef_.astype(np.float32), m.intercept_.astype(np.float32)


def _source_heads(Xr, Y: np.ndarray, C: float, seed: int) -> _Linear:
    """One binary head per source (constant where a source has fewer than 2 examples)."""
    nfeat = Xr.shape[1]
    rows, bs = [], []
    for j in range(len(SOURCES)):
        y = Y[:, j]
        if 2 <= y.sum() < len(y):
            c, b = _fit_binary(Xr, y, C, seed)
        else:
            c, b = np.zeros((1, nfeat), np.float32), np.array([-3.0], np.float32)
        rows.append(c[0])
        bs.append(b[0])
    return _Linear(np.vstack(rows), np.array(bs), SOURCES, False)


def _decide_sources(scores: np.ndarray, threshold: float = 0.5) -> np.ndarray:
    out = (scores >= threshold).astype(int)
    out[np.arange(len(scores)), scores.argmax(axis=1)] = 1
    return out


def _simplest(candidates: list, score: dict, tolerance: float = SELECT_TOLERANCE):
    """The first candidate (the most regularised) whose inner-CV score is within
    ``tolerance`` of the best: differences that small are noise with ~100 relevant texts."""
    best = max(score.values())
    return next(c for c in candidates if score[c] >= best - tolerance)


def select_settings(records: list[dict], X, scans: list[dict], C: float, seed: int) -> dict:
    """Inner grouped, stratified CV on the training texts: the relevance head's C (by
    relevant-vs-none F1) and the source mix (by source macro F1 on the relevant texts), each
    the most regularised setting within ``SELECT_TOLERANCE`` of the best.
    The vectorizer fitted on all training texts is reused inside (no test text is seen)."""
    from sklearn.metrics import f1_score
    from sklearn.model_selection import StratifiedGroupKFold

    n = len(records)
    y4 = np.array([r["relevance"] for r in records])
    rel = (y4 != "none").astype(int)
    Y = np.array([[s in r["sources"] for s in SOURCES] for r in records], dtype=int)
    z = {c: np.zeros(n) for c in C_RELEVANT_GRID}
    S = np.zeros((n, len(SOURCES)))
    npos = np.zeros((n, len(SOURCES)))
    skf = StratifiedGroupKFold(INNER_FOLDS, shuffle=True, random_state=seed)
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # rare classes: fewer members than folds
        folds = list(skf.split(np.zeros(n), y4, [group_key(r) for r in records]))
    for tr, te in folds:
        for c in C_RELEVANT_GRID:
            w, b = _fit_binary(X[tr], rel[tr], c, seed)
            z[c][te] = np.asarray(X[te] @ w[0]).ravel() + b[0]
        ri = tr[rel[tr] == 1]
        heads = _source_heads(X[ri], Y[ri], C, seed)
        S[te] = heads.proba(X[te])
        npos[te] = Y[ri].sum(axis=0)
    rel_f1 = {c: f1_score(rel, z[c] >= 0) for c in C_RELEVANT_GRID}
    c_rel = _simplest(list(C_RELEVANT_GRID), rel_f1)
    idx = np.flatnonzero(rel)
    lex = {
        sc: np.array(
            [[lexicon_score(scans[i], "sources", s, scale=sc) for s in SOURCES] for i in idx]
        )
        for sc in SRC_SCALE_GRID
    }

    def source_f1(k: float, sc: float) -> float:
        w = npos[idx] / (npos[idx] + k)
        pred = _decide_sources(w * S[idx] + (1 - w) * lex[sc])
        return f1_score(Y[idx], pred, average="macro", zero_division=0)

    # candidates from the most lexicon-bound (largest k) down: the lexicon carries over to texts
    # unlike the labelled ones, so the model's share grows only for a clear inner-CV gain
    cands = [(k, sc) for k in sorted(SRC_K_GRID, reverse=True) for sc in SRC_SCALE_GRID]
    k, sc = _simplest(cands, {p: source_f1(*p) for p in cands})
    return {"C_relevant": c_rel, "src_k": k, "src_scale": sc}


def train(
    records: list[dict],
    lexicon: Lexicon | None = None,
    C: float = 1.0,
    mix: float = 0.5,
    seed: int = 0,
    C_relevant: float | None = None,
    src_k: float | None = None,
    src_scale: float | None = None,
    name: str = NEWS,
) -> ConflictModel:
    """records: dicts with title, text, relevance, sources, form.

    Settings left as None (the relevance head's C, the source mix) are chosen by an inner
    cross-validation on ``records`` (see ``select_settings``), so a CV that calls ``train``
    on each training part is nested.
    """
    lexicon = lexicon or Lexicon.default()
    titles = [r.get("title") for r in records]
    texts = [r["text"] for r in records]
    fulls = [normalize(_prep(t, x)[1]) for t, x in zip(titles, texts, strict=True)]
    vec = artifacts.FeatureUnion.fit(WORD_SPEC, {"text": fulls})
    meta = {"mix": mix, "C": C, "lex_scale": LEX_SCALE}
    X, scans = ConflictModel(vec, {}, meta, lexicon).features(titles, texts)
    nfeat = X.shape[1]
    rel = np.array([r["relevance"] != "none" for r in records], dtype=int)
    chosen = {"C_relevant": C_relevant, "src_k": src_k, "src_scale": src_scale}
    if any(v is None for v in chosen.values()):
        auto = select_settings(records, X, scans, C, seed)
        chosen = {k: (auto[k] if v is None else v) for k, v in chosen.items()}
    meta.update(chosen)

    c, b = _fit_binary(X, rel, chosen["C_relevant"], seed)
    models = {"relevant": _Linear(c, b, ["relevant"], False)}
    idx = np.flatnonzero(rel)
    Xr = X[idx]
    kinds = RELEVANCE[:3]
    yk = np.array([kinds.index(records[i]["relevance"]) for i in idx])
    models["kind"] = _multiclass(Xr, yk, kinds, C, seed, nfeat)
    Ys = np.array([[s in records[i]["sources"] for s in SOURCES] for i in idx], dtype=int)
    models["sources"] = _source_heads(Xr, Ys, C, seed)
    npos = Ys.sum(axis=0)
    meta["src_model_weight"] = [
        round(float(n / (n + chosen["src_k"])), 4) if n >= 2 else 0.0 for n in npos
    ]
    yf = np.array(
        [FORMS.index(records[i]["form"]) if records[i].get("form") in FORMS else -1 for i in idx]
    )
    keep = yf >= 0
    models["form"] = _multiclass(Xr[keep], yf[keep], FORMS, C, seed, nfeat)
    return ConflictModel(vec, models, meta, lexicon, name)


def _multiclass(X, y, labels: list[str], C: float, seed: int, nfeat: int) -> _Linear:
    from sklearn.linear_model import LogisticRegression

    present = sorted(set(y.tolist()))
    coef = np.zeros((len(labels), nfeat), dtype=np.float32)
    intercept = np.full(len(labels), -10.0, dtype=np.float32)
    if len(present) == 1:
        intercept[present[0]] = 10.0
        return _Linear(coef, intercept, labels, True)
    m = LogisticRegression(C=C, class_weight="balanced", max_iter=5000, random_state=seed).fit(X, y)
    for j, cls in enumerate(m.classes_):
        if len(m.classes_) == 2:
            w = m.coef_[0] if j == 1 else -m.coef_[0]
            b = m.intercept_[0] if j == 1 else -m.intercept_[0]
            coef[cls], intercept[cls] = w / 2, b / 2
        else:
            coef[cls], intercept[cls] = m.coef_[j], m.intercept_[j]
    return _Linear(coef, intercept, labels, True)
