"""Rebuild every model from data (``python -m waspada train``) and print the evaluation on
the fixed test splits (``python -m waspada evaluate``). Deterministic: fixed seeds, fixed
folds. The test splits (hate speech test.csv, NER test files) are read by ``evaluate`` only.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
import time
from pathlib import Path

import numpy as np

from . import artifacts, conflict, datasets, hatespeech, ner

SEED = 0
PARTS = ("hatespeech", "conflict", "ner")
# chosen on the valid splits; NERP (not used by analyze) trades 0.9 point of valid F1 for half
# the model size
NER_PARAMS = {"nergrit": {"c1": 0.1, "c2": 0.05}, "nerp": {"c1": 0.5, "c2": 0.05}}


def _log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def train_all(parts=PARTS, directory: Path = artifacts.MODELS_DIR, log=_log) -> dict:
    # One BLAS/OpenMP thread: sums then run in one order, so two runs give the same weights.
    from threadpoolctl import threadpool_limits

    with threadpool_limits(limits=1):
        return _train_all(parts, directory, log)


def _train_all(parts, directory: Path, log) -> dict:
    cards = {}
    today = dt.date.today().isoformat()
    if "hatespeech" in parts:
        log("training hate speech (Ibrohim & Budi train.csv) ...")
        texts, Y = datasets.read_hatespeech("train")
        m = hatespeech.train(texts, np.asarray(Y), seed=SEED, log=log)
        m.meta.update(
            {
                "trained": today,
                "data": "Ibrohim & Budi (2019) re_dataset.csv, de-duplicated train split "
                "(train.csv, 10,400 tweets)",
                "licence": "CC BY-NC-SA 4.0 (inherited from the training data)",
            }
        )
        m.save(directory)
        cards["hatespeech"] = m.meta["cv_train"]
    if "conflict" in parts:
        log("training conflict relevance / sources / form ...")
        recs = datasets.read_conflict_records()
        cv = conflict_cv(recs)
        log(f"  conflict CV: {json.dumps(cv)}")
        m = conflict.train(recs, seed=SEED)
        m.meta.update(
            {
                "trained": today,
                "n_train": len(recs),
                "cv": cv,
                "data": "detik.com articles with our labels (conflict_labels_train.jsonl + "
                "data/own_conflict_labels.jsonl), Kaltim texts (kaltim_reports_train.jsonl)",
                "licence": "model weights: ours; detik article texts are not shipped",
            }
        )
        m.save(directory)
        cards["conflict"] = cv
        log("training conflict relevance / sources / form for field reports ...")
        reports = development_reports()
        rcv = reports_cv(recs, reports)
        log(f"  field reports CV: {json.dumps(rcv)}")
        m = conflict.train(recs + report_records(reports), seed=SEED, name=conflict.REPORTS)
        m.meta.update(
            {
                "trained": today,
                "n_train": len(recs) + len(report_records(reports)),
                "cv_reports": rcv,
                "data": "the news model's texts plus our field reports (data/reports/train.jsonl,"
                " dev.jsonl, dev2.jsonl and dev3.jsonl; never heldout.jsonl)",
                "licence": "model weights: ours; detik article texts are not shipped",
            }
        )
        m.save(directory)
        cards["conflict_reports"] = rcv
    if "ner" in parts:
        for corpus in ("nergrit", "nerp"):
            # features and c1/c2 were chosen on the valid split; the final model learns from both
            log(f"training NER CRF on {corpus} train + valid ...")
            sents = datasets.read_ner(corpus, "train") + datasets.read_ner(corpus, "valid")
            ner.train(corpus, sents, directory, log=log, **NER_PARAMS[corpus])
        meta = {
            "trained": today,
            "data": "IndoNLU NERGrit and NERP train + valid splits (test never used)",
            "licence": "Apache-2.0 (IndoNLU)",
            "params": NER_PARAMS,
            "valid_f1_when_chosen": {"nergrit": 0.718, "nerp": 0.7206},
        }
        (directory / "ner.json").write_text(json.dumps(meta, indent=1), encoding="utf-8")
    return cards


def development_reports() -> list[dict]:
    """The field reports training and choices may read (``DEVELOPMENT_SPLITS``), never
    heldout."""
    return [r for split in datasets.DEVELOPMENT_SPLITS for r in datasets.read_reports(split)]


def report_records(reports: list[dict] | None = None) -> list[dict]:
    """Our development field reports as conflict-model records (junk left to the junk
    filter)."""
    reports = development_reports() if reports is None else reports
    return [
        {**r, "title": None, "published_at": r.get("received_at"), "origin": "report"}
        for r in reports
        if not r.get("junk")
    ]


def reports_cv(news: list[dict], reports: list[dict], folds: int = 5) -> dict:
    """The whole analysis on the training field reports, 5-fold: each fold's conflict model
    learns from all the news texts and the other folds' reports, then the pipeline (rules
    included) reads the fold's reports with their channel and received date."""
    from sklearn.model_selection import StratifiedKFold

    from . import report_eval
    from .pipeline import Analyzer

    analyzer = Analyzer()
    y = [r["relevance"] for r in reports]
    pred: list = [None] * len(reports)
    skf = StratifiedKFold(folds, shuffle=True, random_state=SEED)
    for tr, te in skf.split(reports, y):
        analyzer.conflict_reports = conflict.train(
            news + report_records([reports[i] for i in tr]), seed=SEED, name=conflict.REPORTS
        )
        for i, a in zip(te, report_eval.analyse([reports[i] for i in te], analyzer), strict=True):
            pred[i] = a
    res = report_eval.score(reports, pred)
    keep = (
        "n",
        "relevance_accuracy",
        "incident_recall",
        "severity_ordering_agreement",
        "severity_exact",
        "form_accuracy_on_relevant",
        "main_source_found_on_relevant",
    )
    out = {k: res[k] for k in keep}
    model = [_model_relevance(a.relevance_scores) for a in pred]
    out["model_relevance_accuracy"] = round(
        float(np.mean([m == r["relevance"] for m, r in zip(model, reports, strict=True)])), 4
    )
    out["confusion"] = res["confusion"]
    out["deaths_or_injuries_read_as_none_or_prevention"] = len(
        res["deaths_or_injuries_read_as_none_or_prevention"]
    )
    return out


def _model_relevance(scores: dict[str, float]) -> str:
    """The conflict model's own decision, before the rules."""
    if scores.get("none", 1.0) > 0.5:
        return "none"
    return max(("incident", "tension", "prevention"), key=lambda k: scores.get(k, 0.0))


def conflict_cv(recs: list[dict], folds: int = 5, extra: list[dict] = ()) -> dict:
    """Grouped, stratified k-fold on the labelled texts (duplicated articles stay together);
    ``extra`` texts (our field reports) join every training part and are never scored, so the
    figures stay those of the news texts.

    Nested: ``conflict.train`` chooses its own settings (relevance C, source mix) by an inner
    CV on each training part, so no setting is chosen on the texts it is scored on."""
    from sklearn.metrics import f1_score
    from sklearn.model_selection import StratifiedGroupKFold

    y = np.array([r["relevance"] for r in recs])
    pred: list = [None] * len(recs)
    chosen = []
    skf = StratifiedGroupKFold(folds, shuffle=True, random_state=SEED)
    for tr, te in skf.split(recs, y, [conflict.group_key(r) for r in recs]):
        m = conflict.train([recs[i] for i in tr] + list(extra), seed=SEED)
        chosen.append({k: m.meta[k] for k in ("C_relevant", "src_k", "src_scale")})
        out = m.predict([recs[i].get("title") for i in te], [recs[i]["text"] for i in te])
        for i, o in zip(te, out, strict=True):
            pred[i] = o
    rel = (y != "none").astype(int)
    prel = np.array([p.relevance != "none" for p in pred]).astype(int)
    # the analysis as a whole: the model's result with the rules (severity, junk) on top
    from .junk import junk_reason
    from .pipeline import decide
    from .severity import read

    full = [((r.get("title") + ". ") if r.get("title") else "") + r["text"] for r in recs]
    final = [
        decide(p, read(f), junk_reason(f), informal=False)[0]
        for p, f in zip(pred, full, strict=True)
    ]
    frel = np.array([f != "none" for f in final]).astype(int)
    orig = np.array([r.get("origin") in ("detik", "kaltim") for r in recs])
    idx = [i for i in range(len(recs)) if rel[i]]
    G = np.array([[s in recs[i]["sources"] for s in conflict.SOURCES] for i in idx]).astype(int)
    Pd = np.array(
        [
            [s in {x["name"] for x in _sources_if_relevant(pred[i])} for s in conflict.SOURCES]
            for i in idx
        ]
    ).astype(int)
    per_src = f1_score(G, Pd, average=None, zero_division=0)
    fg = [recs[i]["form"] for i in idx]
    fp = [_form_if_relevant(pred[i], recs[i]["relevance"]) for i in idx]
    return {
        "n": len(recs),
        "n_relevant": int(rel.sum()),
        "relevant_vs_none_f1": round(float(f1_score(rel, prel)), 4),
        "relevant_vs_none_f1_shared_labels_only": round(float(f1_score(rel[orig], prel[orig])), 4),
        "analysis_relevant_vs_none_f1": round(float(f1_score(rel, frel)), 4),
        "analysis_relevant_vs_none_f1_shared_labels_only": round(
            float(f1_score(rel[orig], frel[orig])), 4
        ),
        "analysis_relevance_accuracy": round(float(np.mean(y == np.array(final))), 4),
        "relevance_macro_f1": round(
            float(f1_score(y, [p.relevance for p in pred], average="macro")), 4
        ),
        "relevance_accuracy": round(float(np.mean(y == np.array([p.relevance for p in pred]))), 4),
        "source_macro_f1": round(float(per_src.mean()), 4),
        "source_f1": {
            s: round(float(v), 4) for s, v in zip(conflict.SOURCES, per_src, strict=True)
        },
        "form_accuracy_given_relevance": round(float(np.mean(np.array(fg) == np.array(fp))), 4),
        "settings_chosen_per_fold": chosen,
    }


def _sources_if_relevant(res) -> list[dict]:
    """Sources as the model would decide them for a relevant text (so that source quality
    is measured apart from the relevance decision)."""
    if res.sources:
        return res.sources
    sc = res.source_scores
    ranked = sorted(sc, key=lambda s: -sc[s])
    return [{"name": s} for s in ranked if sc[s] >= 0.5] or [{"name": ranked[0]}]


def _form_if_relevant(res, relevance: str) -> str:
    if relevance == "prevention":
        return "pencegahan"
    cand = {k: v for k, v in res.form_scores.items() if k != "pencegahan"}
    return max(cand, key=cand.get)


# ---------------------------------------------------------------------- evaluate
def evaluate_all(
    parts=PARTS + ("places", "reports"),
    directory: Path = artifacts.MODELS_DIR,
    report_split: str = "heldout",
) -> dict:
    out = {}
    if "reports" in parts:
        from . import report_eval
        from .pipeline import Analyzer

        out["reports"] = report_eval.evaluate(report_split, Analyzer(models_dir=directory))
    if "hatespeech" in parts:
        texts, Y = datasets.read_hatespeech("test")
        m = hatespeech.HateSpeechModel.load(directory)
        t = time.time()
        _, D = m.predict(texts)
        out["hatespeech_test"] = hatespeech.evaluate_decisions(np.asarray(Y), D)
        out["hatespeech_test"]["n"] = len(texts)
        out["hatespeech_test"]["seconds"] = round(time.time() - t, 2)
    if "ner" in parts:
        for corpus in ("nergrit", "nerp"):
            r = ner.evaluate(corpus, datasets.read_ner(corpus, "test"), directory)
            out[f"ner_{corpus}_test"] = r
    if "conflict" in parts:
        meta, _ = artifacts.load("conflict", directory)
        out["conflict_cv"] = meta.get("cv") or conflict_cv(datasets.read_conflict_records())
        if (Path(directory) / f"{conflict.REPORTS}.json").exists():
            meta, _ = artifacts.load(conflict.REPORTS, directory)
            out["conflict_reports_cv"] = meta.get("cv_reports")
    if "places" in parts:
        out["places_kaltim_reports"] = evaluate_places()
    return out


def evaluate_places(regency: str = "64.02") -> dict:
    from .places import Gazetteer

    g = Gazetteer.default(regency)
    total = right = 0
    wrong = []
    for line in (
        (datasets.require_shared() / "news" / "kaltim_reports_train.jsonl")
        .read_text(encoding="utf-8")
        .splitlines()
    ):
        d = json.loads(line)
        got = {p.code for p in g.find(d["text"])}
        for p in d["places"]:
            if p.get("code"):
                total += 1
                if p["code"] in got:
                    right += 1
                else:
                    wrong.append(f"{d['id']}:{p['name']}")
    return {
        "kukar_places": total,
        "resolved_right": right,
        "share": round(right / max(total, 1), 4),
        "missed": wrong,
    }


def format_report(res: dict) -> str:
    lines = []
    if "reports" in res:
        from . import report_eval

        lines.append(report_eval.format_report(res["reports"]))
    if "hatespeech_test" in res:
        h = res["hatespeech_test"]
        lines.append(f"Hate speech, test.csv (n={h['n']}): per-label F1")
        for k in hatespeech.LABELS:
            lines.append(f"  {k:<14} {h[k]:.4f}")
        lines.append(
            f"  exact match of 12 labels: {h['exact_match']:.4f}   macro F1: {h['macro_f1']:.4f}"
        )
    for corpus, keys in (
        ("nergrit", ("PLACE", "PERSON", "ORGANISATION")),
        ("nerp", ("PLC", "PPL", "IND", "EVT", "FNB")),
    ):
        k = f"ner_{corpus}_test"
        if k in res:
            r = res[k]
            parts = "  ".join(f"{t} {r[t]['f1']:.4f}" for t in keys if t in r)
            o = r["overall"]
            lines.append(
                f"NER {corpus} test: overall F1 {o['f1']:.4f} "
                f"(P {o['precision']:.4f} R {o['recall']:.4f});  {parts}"
            )
    if "conflict_cv" in res:
        c = res["conflict_cv"]
        lines.append(
            f"Conflict, {c['n']} labelled texts ({c['n_relevant']} relevant), 5-fold grouped CV:"
        )
        shared_only = c.get("relevant_vs_none_f1_shared_labels_only", float("nan"))
        lines.append(
            f"  relevant-vs-none F1 {c['relevant_vs_none_f1']:.4f} "
            f"(on the 230 shared-label texts alone: {shared_only:.4f}); "
            f"4-way relevance macro F1 {c['relevance_macro_f1']:.4f}, "
            f"accuracy {c['relevance_accuracy']:.4f}"
        )
        lines.append(
            f"  source macro F1 {c['source_macro_f1']:.4f}  "
            + " ".join(f"{k}={v:.2f}" for k, v in c["source_f1"].items())
        )
        lines.append(f"  form accuracy (given relevance) {c['form_accuracy_given_relevance']:.4f}")
    if res.get("conflict_reports_cv"):
        c = res["conflict_reports_cv"]
        lines.append(
            f"Field reports, development splits, 5-fold CV of the whole analysis (n={c['n']}): "
            f"relevance accuracy {c['relevance_accuracy']:.4f} (the model alone "
            f"{c['model_relevance_accuracy']:.4f}), incident recall {c['incident_recall']:.4f}, "
            f"severity ordering {c['severity_ordering_agreement']:.4f}"
        )
    if "places_kaltim_reports" in res:
        p = res["places_kaltim_reports"]
        lines.append(
            f"Places, kaltim_reports_train.jsonl: {p['resolved_right']}/{p['kukar_places']} "
            f"Kukar places resolved right ({p['share']:.1%})"
        )
    return "\n".join(lines)
