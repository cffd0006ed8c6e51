"""Compact, pickle-free model artifacts: TF-IDF vocabularies and linear weights.

A model is a folder entry ``NAME.json`` (parameters, vocabularies, label names, thresholds,
metrics) plus ``NAME.npz`` (numeric arrays, loaded with ``allow_pickle=False``).
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
from scipy.sparse import csr_matrix, hstack
from sklearn.feature_extraction.text import TfidfVectorizer

MODELS_DIR = Path(__file__).parent / "models"


def vectorizer_state(v: TfidfVectorizer, params: dict) -> tuple[dict, np.ndarray]:
    vocab = v.get_feature_names_out().tolist()
    return {"params": params, "vocabulary": vocab}, v.idf_.astype(np.float32)


def vectorizer_from_state(state: dict, idf: np.ndarray) -> TfidfVectorizer:
    params = dict(state["params"])
    if "ngram_range" in params:
        params["ngram_range"] = tuple(params["ngram_range"])
    v = TfidfVectorizer(
        vocabulary={t: i for i, t in enumerate(state["vocabulary"])}, dtype=np.float32, **params
    )
    v.idf_ = idf.astype(np.float64)
    return v


class FeatureUnion:
    """Several TF-IDF vectorizers, each reading one view of the text (e.g. "norm", "raw")."""

    def __init__(self, parts: list[tuple[str, TfidfVectorizer]]):
        self.parts = parts

    @classmethod
    def fit(cls, specs: list[tuple[str, dict]], views: dict[str, list[str]]) -> FeatureUnion:
        parts = []
        for view, params in specs:
            p = dict(params)
            if "ngram_range" in p:
                p["ngram_range"] = tuple(p["ngram_range"])
            v = TfidfVectorizer(dtype=np.float32, **p)
            v.fit(views[view])
            parts.append((view, v))
        out = cls(parts)
        out.specs = specs
        return out

    def transform(self, views: dict[str, list[str]]) -> csr_matrix:
        mats = [v.transform(views[view]) for view, v in self.parts]
        return hstack(mats, format="csr", dtype=np.float32)

    def state(self, specs: list[tuple[str, dict]]) -> tuple[list[dict], dict[str, np.ndarray]]:
        states, arrays = [], {}
        for k, ((view, v), (_, params)) in enumerate(zip(self.parts, specs, strict=True)):
            st, idf = vectorizer_state(v, params)
            st["view"] = view
            states.append(st)
            arrays[f"idf{k}"] = idf
        return states, arrays

    @classmethod
    def from_state(cls, states: list[dict], arrays) -> FeatureUnion:
        return cls([(st["view"], vectorizer_from_state(st, arrays[f"idf{k}"])) for k, st in enumerate(states)])

    @property
    def n_features(self) -> int:
        return sum(len(v.vocabulary) for _, v in self.parts)


def save(name: str, meta: dict, arrays: dict[str, np.ndarray], directory: Path = MODELS_DIR) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    (directory / f"{name}.json").write_text(json.dumps(meta, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    np.savez_compressed(directory / f"{name}.npz", **arrays)


def load(name: str, directory: Path = MODELS_DIR) -> tuple[dict, dict[str, np.ndarray]]:
    meta = json.loads((directory / f"{name}.json").read_text(encoding="utf-8"))
    with np.load(directory / f"{name}.npz", allow_pickle=False) as z:
        arrays = {k: z[k] for k in z.files}
    return meta, arrays


def sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.clip(x, -30, 30)))
