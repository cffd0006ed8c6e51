"""Benchmark of the NLP pipeline (prints figures; not a test).

    python bench/nlp.py [--shared PATH]

Figures, on one core (BLAS threads pinned to 1):
- tweets/s for hate-speech scoring (all 12 labels, decoded) on the hate speech train tweets;
- articles/s for the full ``analyze`` on ../shared/data/news/detik_1000.csv (title + text);
- reports/s for the full ``analyze`` of our labelled field reports, one at a time;
- peak resident memory of the process with all models loaded (hate speech, conflict,
  gazetteer, and both NER taggers although ``analyze`` does not use them).
"""

from __future__ import annotations

import os

for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(var, "1")

import argparse  # noqa: E402
import resource  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--shared", default=None, help="path of shared/data")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    if args.shared:
        os.environ["WASPADA_SHARED_DATA"] = args.shared
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})

    from waspada.nlp import datasets, ner
    from waspada.nlp.datasets import detik_published
    from waspada.nlp.pipeline import Analyzer

    if datasets.shared_dir() is None:
        print("shared data not found (set WASPADA_SHARED_DATA); nothing to measure")
        return 2
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(
        f"python {sys.version.split()[0]}, 1 core pinned, load average {load:.1f} "
        f"on {os.cpu_count()} cores; start RSS {rss_mb():.0f} MB"
    )
    print("(wall-clock figures drop when other processes share the core; per CPU-second do not)")
    t = time.perf_counter()
    analyzer = Analyzer()
    taggers = [ner.NerTagger.load("nergrit"), ner.NerTagger.load("nerp")]
    print(
        f"models loaded in {time.perf_counter() - t:.2f} s "
        f"(NER taggers: {len(taggers)}); RSS {rss_mb():.0f} MB"
    )

    tweets, _ = datasets.read_hatespeech("train")
    analyzer.hs.predict(tweets[:200])  # warm-up
    best = cpu_best = 0.0
    for _ in range(args.repeat):
        t, c = time.perf_counter(), time.process_time()
        for i in range(0, len(tweets), 1000):
            analyzer.hs.predict(tweets[i : i + 1000])
        best = max(best, len(tweets) / (time.perf_counter() - t))
        cpu_best = max(cpu_best, len(tweets) / (time.process_time() - c))
    print(
        f"hate speech: {best:,.0f} tweets/s per core wall clock, {cpu_best:,.0f} per CPU-second "
        f"({len(tweets)} tweets, batches of 1000, best of {args.repeat})"
    )

    t = time.perf_counter()
    for tw in tweets[:500]:
        analyzer.hs.predict([tw])
    print(f"hate speech, one tweet at a time: {500 / (time.perf_counter() - t):,.0f} tweets/s")

    rows = list(datasets.read_detik().values())
    items = [
        {
            "id": r["id"],
            "title": r["judul"],
            "text": r["isi_berita"],
            "published_at": detik_published(r),
        }
        for r in rows
    ]
    chars = sum(len(i["text"]) for i in items) / len(items)
    analyzer.analyze_many(items[:20])  # warm-up
    best = cpu_best = 0.0
    for _ in range(max(1, args.repeat - 1)):
        t, c = time.perf_counter(), time.process_time()
        for i in range(0, len(items), 64):
            analyzer.analyze_many(items[i : i + 64])
        best = max(best, len(items) / (time.perf_counter() - t))
        cpu_best = max(cpu_best, len(items) / (time.process_time() - c))
    print(
        f"full analyze: {best:,.1f} articles/s per core wall clock, "
        f"{cpu_best:,.1f} per CPU-second "
        f"({len(items)} detik articles, mean {chars:,.0f} chars, batches of 64)"
    )

    t = time.perf_counter()
    for it in items[:100]:
        analyzer.analyze(it["text"], it["published_at"], it["title"])
    print(f"full analyze, one article at a time: {100 / (time.perf_counter() - t):,.1f} articles/s")

    # field reports: our labelled SMS / WhatsApp / Babinsa / e-mail texts (shipped), one at a time
    # as intake analyses them
    reports = [r for split in datasets.REPORT_SPLITS for r in datasets.read_reports(split)]
    t, c = time.perf_counter(), time.process_time()
    for r in reports:
        analyzer.analyze(r["text"], r["received_at"], channel=r["channel"])
    print(
        f"field reports, one at a time: {len(reports) / (time.perf_counter() - t):,.0f} reports/s "
        f"wall clock, {len(reports) / (time.process_time() - c):,.0f} per CPU-second "
        f"({len(reports)} reports)"
    )
    print(f"peak RSS with all models loaded: {rss_mb():.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
