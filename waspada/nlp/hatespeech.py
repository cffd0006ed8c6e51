"""Hate speech and abusive language: the 12 labels of Ibrohim & Budi (2019).

Model: word n-grams of the slang-normalised text plus character n-grams of the raw text
(TF-IDF), and for each label the average logit of a logistic regression and an NB-weighted
logistic regression (NB-SVM style); the two collapse into one weight vector per label.
The HS_* labels are modelled given HS (trained on the HS tweets only) and multiplied by P(HS).
P(HS) itself is the average of that linear model's probability and a LightGBM model on the
20,000 chi²-best features (its trees are kept as LightGBM's own text format, no pickle).
P(category | HS) for Religion, Race, Physical and Gender mixes the linear head with a small
LightGBM model per category (trained on the HS tweets, on that category's 10,000 chi²-best
features); those trees are only evaluated where the HS decision is positive, elsewhere the
category probabilities are the linear heads' (the decisions are the same either way).

Decoding respects the label structure of the data: HS_* only when HS; exactly one target
(Individual or Group); exactly one level (Weak/Moderate/Strong, where Weak goes with an
individual target and Moderate with a group); categories Religion/Race/Physical/Gender
(any of them), otherwise Other. Thresholds are chosen by 5-fold cross-validation on the
training split only.

Licence: trained on CC BY-NC-SA 4.0 data, so the model carries that licence.
"""

from __future__ import annotations

import functools
import time
from typing import NamedTuple

import numpy as np
from scipy.sparse import diags

from . import artifacts
from .normalize import DATA_DIR, clean_social, normalize_cleaned

LABELS = [
    "HS",
    "Abusive",
    "HS_Individual",
    "HS_Group",
    "HS_Religion",
    "HS_Race",
    "HS_Physical",
    "HS_Gender",
    "HS_Other",
    "HS_Weak",
    "HS_Moderate",
    "HS_Strong",
]
CATEGORIES = ["HS_Religion", "HS_Race", "HS_Physical", "HS_Gender"]
SPECS = [
    ("norm", {"ngram_range": [1, 2], "min_df": 2, "sublinear_tf": True}),
    ("raw", {"analyzer": "char", "ngram_range": [1, 5], "min_df": 2, "sublinear_tf": True}),
]
C = 4.0
NAME = "hatespeech"
ABUSIVE_MARK = "zzkasar"  # appended once per abusive word (see mark_abusive)
# gradient-boosted trees for P(HS), averaged with the linear model (chosen on 5-fold CV on train)
GBM_FEATURES = 20_000
GBM_WEIGHT = 0.5
GBM_PARAMS = {
    "n_estimators": 400,
    "learning_rate": 0.05,
    "num_leaves": 31,
    "min_child_samples": 10,
    "colsample_bytree": 0.3,
    "subsample": 0.8,
    "subsample_freq": 1,
    "reg_lambda": 1.0,
    "n_jobs": 1,
    "deterministic": True,
    "force_col_wise": True,
    "verbose": -1,
}
# small trees for P(category | HS), mixed 80/20 with the linear head (5-fold CV on train)
CAT_GBM_FEATURES = 10_000
CAT_GBM_WEIGHT = 0.2
CAT_GBM_PARAMS = {**GBM_PARAMS, "n_estimators": 300, "num_leaves": 7, "min_child_samples": 5}


def views(texts: list[str]) -> dict[str, list[str]]:
    raw = [clean_social(t).lower() for t in texts]
    return {"norm": [mark_abusive(normalize_cleaned(t)) for t in raw], "raw": raw}


@functools.cache
def _abusive_terms() -> tuple[frozenset[str], tuple[str, ...]]:
    """The dataset authors' list of abusive words (``data/abusive_words.csv``): single words,
    and the few phrases."""
    lines = (DATA_DIR / "abusive_words.csv").read_text(encoding="utf-8").splitlines()[1:]
    words = [w.strip().lower() for w in lines if w.strip()]
    return frozenset(w for w in words if " " not in w), tuple(w for w in words if " " in w)


def mark_abusive(norm: str) -> str:
    """``norm`` with one ``ABUSIVE_MARK`` token appended per abusive word or phrase in it, so
    that one feature counts them all (5-fold CV on train, five fold splits: HS +0.003,
    Abusive +0.003, Race +0.007)."""
    singles, phrases = _abusive_terms()
    n = sum(token in singles for token in norm.split()) + sum(norm.count(p) for p in phrases)
    return norm + f" {ABUSIVE_MARK}" * n


def _nb_ratio(X, y, alpha: float = 1.0) -> np.ndarray:
    Xb = X.copy()
    Xb.data[:] = 1.0
    p = alpha + np.asarray(Xb[y == 1].sum(0)).ravel()
    q = alpha + np.asarray(Xb[y == 0].sum(0)).ravel()
    return np.log((p / p.sum()) / (q / q.sum())).astype(np.float32)


def _fit_label(X, y, seed: int) -> tuple[np.ndarray, float]:
    """One weight vector: the average of LR and NB-LR logits."""
    from sklearn.linear_model import LogisticRegression

    lr = LogisticRegression(C=C, solver="liblinear", max_iter=5000, random_state=seed).fit(X, y)
    r = _nb_ratio(X, y)
    nb = LogisticRegression(C=C, solver="liblinear", max_iter=5000, random_state=seed).fit(
        X @ diags(r), y
    )
    w = (lr.coef_[0] + nb.coef_[0] * r) / 2
    b = (lr.intercept_[0] + nb.intercept_[0]) / 2
    return w.astype(np.float32), float(b)


def fit_weights(X, Y: np.ndarray, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    W = np.zeros((len(LABELS), X.shape[1]), dtype=np.float32)
    b = np.zeros(len(LABELS), dtype=np.float32)
    hs = Y[:, 0] == 1
    Xh = X[hs]
    for j in range(len(LABELS)):
        if j < 2:
            W[j], b[j] = _fit_label(X, Y[:, j], seed)
        else:
            W[j], b[j] = _fit_label(Xh, Y[hs, j], seed)
    return W, b


class HsTrees:
    """LightGBM trees for one label on a chi²-selected subset of the TF-IDF columns (P(HS), and
    P(category | HS) when fitted on the HS tweets)."""

    def __init__(self, features: np.ndarray, model: str):
        import lightgbm as lgb

        self.features = features.astype(np.int64)
        self.model = model
        self.booster = lgb.Booster(model_str=model)

    @classmethod
    def fit(
        cls, X, y: np.ndarray, seed: int = 0, n_features: int = GBM_FEATURES, params=None
    ) -> HsTrees:
        import lightgbm as lgb
        from sklearn.feature_selection import chi2

        score, _ = chi2(X, y)
        features = np.sort(np.argsort(-np.nan_to_num(score), kind="stable")[:n_features])
        m = lgb.LGBMClassifier(random_state=seed, **(params or GBM_PARAMS))
        m.fit(X[:, features], y)
        return cls(features, m.booster_.model_to_string())

    def predict(self, X) -> np.ndarray:
        if X.shape[0] == 0:
            return np.zeros(0, dtype=np.float32)
        return self.booster.predict(X[:, self.features], num_threads=1).astype(np.float32)

    def arrays(self, key: str) -> dict[str, np.ndarray]:
        """The npz entries that store these trees (no pickle)."""
        return {
            f"{key}_features": self.features.astype(np.int32),
            f"{key}_model": np.frombuffer(self.model.encode("utf-8"), dtype=np.uint8),
        }

    @classmethod
    def from_arrays(cls, arrays, key: str) -> HsTrees | None:
        if f"{key}_model" not in arrays:
            return None
        return cls(arrays[f"{key}_features"], arrays[f"{key}_model"].tobytes().decode("utf-8"))


def fit_category_trees(X, Y: np.ndarray, seed: int = 0) -> dict[str, HsTrees]:
    """P(category | HS) trees, trained on the HS tweets."""
    hs = Y[:, 0] == 1
    Xh = X[hs]
    return {
        c: HsTrees.fit(Xh, Y[hs, LABELS.index(c)], seed, CAT_GBM_FEATURES, CAT_GBM_PARAMS)
        for c in CATEGORIES
    }


def probabilities(
    logits: np.ndarray,
    p_trees: np.ndarray | None = None,
    p_cats: dict[str, np.ndarray] | None = None,
) -> np.ndarray:
    """Logits -> marginal probabilities; HS_* = P(HS) * P(label | HS). With ``p_trees``,
    P(HS) is the weighted average of the linear model's and the trees' probabilities; with
    ``p_cats`` (category -> trees' P(category | HS)), likewise for the categories."""
    P = artifacts.sigmoid(logits)
    if p_trees is not None:
        P[:, 0] = (1 - GBM_WEIGHT) * P[:, 0] + GBM_WEIGHT * p_trees
    for c, p in (p_cats or {}).items():
        j = LABELS.index(c)
        P[:, j] = (1 - CAT_GBM_WEIGHT) * P[:, j] + CAT_GBM_WEIGHT * p
    P[:, 2:] *= P[:, :1]
    return P


DEFAULT_THRESHOLDS = {
    "HS": 0.45,
    "Abusive": 0.45,
    "target": 0.5,
    "HS_Strong": 0.5,
    **dict.fromkeys(CATEGORIES, 0.5),
}


def decode(P: np.ndarray, th: dict[str, float]) -> np.ndarray:
    """Marginal probabilities -> 0/1 decisions that respect the label structure."""
    n = P.shape[0]
    D = np.zeros((n, len(LABELS)), dtype=np.int8)
    ix = {name: j for j, name in enumerate(LABELS)}
    D[:, 1] = P[:, 1] >= th["Abusive"]
    hs = P[:, 0] >= th["HS"]
    D[:, 0] = hs
    ph = np.maximum(P[:, 0:1], 1e-9)
    cond = P / ph  # P(label | HS)
    ind = cond[:, ix["HS_Individual"]] / np.maximum(
        cond[:, ix["HS_Individual"]] + cond[:, ix["HS_Group"]], 1e-9
    )
    is_ind = ind >= th["target"]
    strong = cond[:, ix["HS_Strong"]] >= th["HS_Strong"]
    any_cat = np.zeros(n, dtype=bool)
    for c in CATEGORIES:
        dc = hs & (cond[:, ix[c]] >= th[c])
        D[:, ix[c]] = dc
        any_cat |= dc
    D[:, ix["HS_Other"]] = hs & ~any_cat
    D[:, ix["HS_Individual"]] = hs & is_ind
    D[:, ix["HS_Group"]] = hs & ~is_ind
    D[:, ix["HS_Strong"]] = hs & strong
    D[:, ix["HS_Weak"]] = hs & ~strong & is_ind
    D[:, ix["HS_Moderate"]] = hs & ~strong & ~is_ind
    return D


def tune_thresholds(P: np.ndarray, Y: np.ndarray) -> dict[str, float]:
    from sklearn.metrics import f1_score

    grid = np.round(np.arange(0.1, 0.91, 0.02), 2)
    th = dict(DEFAULT_THRESHOLDS)
    for name, j in (("HS", 0), ("Abusive", 1)):
        th[name] = float(max(grid, key=lambda t: (f1_score(Y[:, j], P[:, j] >= t), -abs(t - 0.5))))
    ix = {name: j for j, name in enumerate(LABELS)}

    def exact(t):
        return (decode(P, t) == Y).all(axis=1).mean()

    # target and level by exact match; categories by their own F1 (then exact match to break ties)
    for name in ["target", "HS_Strong"]:
        th[name] = float(max(grid, key=lambda t: (exact({**th, name: t}), -abs(t - 0.5))))
    for c in CATEGORIES:
        j = ix[c]
        th[c] = float(
            max(
                grid,
                key=lambda t: (
                    round(f1_score(Y[:, j], decode(P, {**th, c: t})[:, j]), 3),
                    exact({**th, c: t}),
                ),
            )
        )
    return th


class HateSpeechModel:
    def __init__(
        self,
        vec: artifacts.FeatureUnion,
        W: np.ndarray,
        b: np.ndarray,
        meta: dict,
        trees: HsTrees | None = None,
        cat_trees: dict[str, HsTrees] | None = None,
    ):
        self.vec = vec
        self.Wt = np.ascontiguousarray(W.T.astype(np.float32))
        self.b = b.astype(np.float32)
        self.meta = meta
        self.thresholds = meta["thresholds"]
        self.trees = trees
        self.cat_trees = cat_trees or {}

    def predict_proba(self, texts: list[str]) -> np.ndarray:
        X = self.vec.transform(views(texts))
        logits = np.asarray(X @ self.Wt) + self.b
        pt = self.trees.predict(X) if self.trees else None
        P = probabilities(logits, pt)
        if self.cat_trees:
            # the category trees only where the HS decision is positive: elsewhere every HS_*
            # decision is 0 whatever P(category | HS) is, and the linear heads' value is kept
            rows = np.flatnonzero(P[:, 0] >= self.thresholds["HS"])
            if len(rows):
                Xr = X[rows]
                p_cats = {c: t.predict(Xr) for c, t in self.cat_trees.items()}
                P[rows] = probabilities(logits[rows], None if pt is None else pt[rows], p_cats)
        return P

    def predict(self, texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
        P = self.predict_proba(texts)
        return P, decode(P, self.thresholds)

    def save(self, directory=artifacts.MODELS_DIR) -> None:
        states, arrays = self.vec.state(SPECS)
        # int8 weights with one scale per label keep the artifact small
        W = self.Wt.T
        scale = np.abs(W).max(axis=1) / 127.0
        arrays["W_q"] = np.round(W / scale[:, None]).astype(np.int8)
        arrays["W_scale"] = scale.astype(np.float32)
        arrays["b"] = self.b
        vocab = [st.pop("vocabulary") for st in states]
        for k, v in enumerate(vocab):
            arrays[f"vocab{k}"] = np.array(v)
        if self.trees is not None:
            arrays.update(self.trees.arrays("gbm"))
        for c, t in self.cat_trees.items():
            arrays.update(t.arrays(f"gbm_{c}"))
        meta = {**self.meta, "vectorizers": states}
        artifacts.save(NAME, meta, arrays, directory)

    @classmethod
    def load(cls, directory=artifacts.MODELS_DIR) -> HateSpeechModel:
        meta, arrays = artifacts.load(NAME, directory)
        states = meta["vectorizers"]
        for k, st in enumerate(states):
            st["vocabulary"] = arrays[f"vocab{k}"].tolist()
        vec = artifacts.FeatureUnion.from_state(states, arrays)
        W = arrays["W_q"].astype(np.float32) * arrays["W_scale"][:, None]
        trees = HsTrees.from_arrays(arrays, "gbm")
        cats = {c: HsTrees.from_arrays(arrays, f"gbm_{c}") for c in CATEGORIES}
        cats = {c: t for c, t in cats.items() if t is not None}
        return cls(vec, W, arrays["b"], meta, trees, cats)


class Parts(NamedTuple):
    """Everything one fit produces, before thresholds: used for the CV folds and the final
    model alike."""

    vec: artifacts.FeatureUnion
    W: np.ndarray
    b: np.ndarray
    trees: HsTrees
    cats: dict[str, HsTrees]

    def proba(self, V: dict[str, list[str]]) -> np.ndarray:
        """Marginal probabilities, the category trees evaluated on every row."""
        X = self.vec.transform(V)
        return probabilities(
            np.asarray(X @ self.W.T) + self.b,
            self.trees.predict(X),
            {c: t.predict(X) for c, t in self.cats.items()},
        )


def fit_parts(V: dict[str, list[str]], Y: np.ndarray, seed: int = 0) -> Parts:
    vec = artifacts.FeatureUnion.fit(SPECS, V)
    X = vec.transform(V)
    W, b = fit_weights(X, Y, seed)
    return Parts(vec, W, b, HsTrees.fit(X, Y[:, 0], seed), fit_category_trees(X, Y, seed))


def train(
    texts: list[str], Y: np.ndarray, seed: int = 0, folds: int = 5, log=print
) -> HateSpeechModel:
    from sklearn.model_selection import StratifiedKFold

    t0 = time.time()
    V = views(texts)
    P = np.zeros(Y.shape, dtype=np.float32)
    skf = StratifiedKFold(folds, shuffle=True, random_state=seed)
    for k, (tr, te) in enumerate(skf.split(texts, Y[:, 0])):
        part = fit_parts({name: [v[i] for i in tr] for name, v in V.items()}, Y[tr], seed)
        P[te] = part.proba({name: [v[i] for i in te] for name, v in V.items()})
        log(f"  hatespeech fold {k + 1}/{folds} done ({time.time() - t0:.0f} s)")
    th = tune_thresholds(P, Y)
    cv = evaluate_decisions(Y, decode(P, th))
    log(f"  hatespeech thresholds (CV on train): {th}")
    vec, W, b, trees, cats = fit_parts(V, Y, seed)
    meta = {
        "labels": LABELS,
        "thresholds": th,
        "cv_train": cv,
        "n_train": len(texts),
        "n_features": int(W.shape[1]),
        "seed": seed,
        "C": C,
        "gbm": {"features": GBM_FEATURES, "weight": GBM_WEIGHT, "params": GBM_PARAMS},
        "gbm_categories": {
            "labels": CATEGORIES,
            "features": CAT_GBM_FEATURES,
            "weight": CAT_GBM_WEIGHT,
            "params": CAT_GBM_PARAMS,
        },
    }
    log(f"  hatespeech trained in {time.time() - t0:.0f} s, {W.shape[1]} features")
    return HateSpeechModel(vec, W, b, meta, trees, cats)


def evaluate_decisions(Y: np.ndarray, D: np.ndarray) -> dict:
    from sklearn.metrics import f1_score

    out = {
        name: round(float(f1_score(Y[:, j], D[:, j], zero_division=0)), 4)
        for j, name in enumerate(LABELS)
    }
    out["exact_match"] = round(float((D == Y).all(axis=1).mean()), 4)
    out["macro_f1"] = round(float(np.mean([out[n] for n in LABELS])), 4)
    return out
