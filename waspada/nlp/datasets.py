"""Readers for the training and evaluation data in ``../shared/data`` (never shipped, except
our own labels under ``data/``). The location can be set with ``WASPADA_SHARED_DATA``."""

from __future__ import annotations

import csv
import json
import os
import sys
from pathlib import Path

DATA_DIR = Path(__file__).parent / "data"
HS_LABELS = [
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


REPORTS_DIR = DATA_DIR / "reports"
REPORT_SPLITS = ("train", "dev", "dev2", "dev3", "heldout")
DEVELOPMENT_SPLITS = ("train", "dev", "dev2", "dev3")  # what training and every choice may read


def read_reports(split: str = "train") -> list[dict]:
    """Our labelled field reports (docs/nlp/reports.md). ``DEVELOPMENT_SPLITS`` are what
    training and any choice may read; ``heldout`` is read by ``evaluate`` alone."""
    if split not in REPORT_SPLITS:
        raise ValueError(f"unknown report split {split!r}")
    return _jsonl(REPORTS_DIR / f"{split}.jsonl")


def shared_dir() -> Path | None:
    """The shared data folder: $WASPADA_SHARED_DATA when set (even if it does not exist),
    else the first ``shared/data`` above this package."""
    env = os.environ.get("WASPADA_SHARED_DATA")
    cands = (
        [Path(env)] if env else [p / "shared" / "data" for p in Path(__file__).resolve().parents]
    )
    for c in cands:
        if (c / "hatespeech").is_dir() or (c / "news").is_dir():
            return c
    return None


def require_shared() -> Path:
    d = shared_dir()
    if d is None:
        raise FileNotFoundError(
            "shared data not found: set WASPADA_SHARED_DATA to the shared/data folder"
        )
    return d


def read_hatespeech(split: str) -> tuple[list[str], list[list[int]]]:
    path = require_shared() / "hatespeech" / f"{split}.csv"
    texts, labels = [], []
    with open(path, encoding="utf-8", newline="") as fh:
        r = csv.reader(fh)
        header = next(r)
        assert header[1:] == HS_LABELS, header
        for row in r:
            texts.append(row[0])
            labels.append([int(v) for v in row[1:]])
    return texts, labels


def read_conll(path: Path) -> list[list[tuple[str, str]]]:
    sents, cur = [], []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line:
            if cur:
                sents.append(cur)
                cur = []
            continue
        parts = line.split("\t") if "\t" in line else line.split()
        cur.append((parts[0], parts[-1]))
    if cur:
        sents.append(cur)
    return sents


def read_ner(corpus: str, split: str) -> list[list[tuple[str, str]]]:
    folder = {"nergrit": "nergrit_ner-grit", "nerp": "nerp_ner-prosa"}[corpus]
    return read_conll(require_shared() / "ner" / folder / f"{split}_preprocess.txt")


def read_detik() -> dict[str, dict]:
    csv.field_size_limit(sys.maxsize)
    out = {}
    with open(require_shared() / "news" / "detik_1000.csv", encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            out[row["id"]] = row
    return out


def detik_published(row: dict) -> str | None:
    """``MM/DD/YYYY HH:MM`` -> ISO datetime."""
    try:
        date, time = row["tanggal"].split()
        m, d, y = date.split("/")
        return f"{int(y):04d}-{int(m):02d}-{int(d):02d}T{time}"
    except (KeyError, ValueError):
        return None


def _jsonl(path: Path) -> list[dict]:
    if not path.exists():
        return []
    return [
        json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()
    ]


def read_conflict_records(include_own: bool = True) -> list[dict]:
    """Labelled texts for relevance / sources / form, each with title, text, published_at,
    the labels, and ``origin`` (detik, kaltim, own)."""
    shared = require_shared()
    detik = read_detik()
    recs = []
    for lab in _jsonl(shared / "news" / "conflict_labels_train.jsonl"):
        row = detik.get(str(lab["id"]))
        if row is None:
            continue
        recs.append(
            {
                **lab,
                "title": row["judul"],
                "text": row["isi_berita"],
                "published_at": detik_published(row),
                "origin": "detik",
            }
        )
    for lab in _jsonl(shared / "news" / "kaltim_reports_train.jsonl"):
        recs.append({**lab, "title": None, "origin": "kaltim"})
    if include_own:
        seen = {r["id"] for r in recs if r["origin"] == "detik"}
        for lab in _jsonl(DATA_DIR / "own_conflict_labels.jsonl"):
            row = detik.get(str(lab["id"]))
            if row is None or str(lab["id"]) in seen:
                continue
            recs.append(
                {
                    **lab,
                    "title": row["judul"],
                    "text": row["isi_berita"],
                    "published_at": detik_published(row),
                    "origin": "own",
                }
            )
    return recs
