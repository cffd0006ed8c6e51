"""Benchmark of media monitoring end to end, and the measurement behind the story threshold
(prints figures; not a test). Reads ../shared/data/news/detik_1000.csv, which the project may
not ship: nothing of it is written outside a temporary directory.

    .venv/bin/python bench/media.py [ingest] [--feeds 20] [--limit 1000] [--queue]
    .venv/bin/python bench/media.py threshold

ingest: serves the 1,000 detik articles as HTML pages (with site navigation, sidebar and footer
around the text) and as ``--feeds`` RSS feeds from a loopback server, creates one source per
feed in a fresh SQLite database (embedded profile, temporary directory, Kukar gazetteer loaded),
then polls every source once: fetch → robots.txt → extract → store (raw page compressed,
MinHash, story) → analyse (the NLP pipeline, run on commit by the immediate task backend) →
triage. With --queue the same runs as in production: the worker loop's periodic job, one
poll task per source and one analysis task per article through the database queue. Prints
articles/s for the whole, the time spent in analysis, the number of stories,
and how many articles and stories reached triage. A second poll of every source must add
nothing. The per-host rate limit is off (one local host serves every "outlet").

threshold: exact Jaccard similarity of word-3-shingle sets for every pair of distinct articles
(by URL), the titles of pairs in each band of similarity to judge by eye where "the same story"
ends, and how well MinHash + LSH (waspada.media.similarity) recovers the pairs above the
threshold. The figures are quoted in docs/media.md.
"""

import argparse
import atexit
import csv
import html
import itertools
import os
import shutil
import sys
import tempfile
import threading
import time
from collections import Counter
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "news" / "detik_1000.csv"
sys.path.insert(0, str(ROOT))


def read_detik() -> list[dict]:
    if not DATA.exists():
        sys.exit(f"{DATA} not found: this benchmark needs ../shared/data beside the project")
    with DATA.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def published(row) -> str:
    return datetime.strptime(row["tanggal"], "%m/%d/%Y %H:%M").strftime("%Y-%m-%dT%H:%M:00+07:00")


def page(row) -> bytes:
    title = html.escape(row["judul"])
    paragraphs = "".join(
        f"<p>{html.escape(p.strip())}</p>" for p in row["isi_berita"].split("\n") if p.strip()
    )
    return (
        '<!doctype html><html lang="id"><head><meta charset="utf-8">'
        f"<title>{title} - detikNews</title>"
        f'<meta property="article:published_time" content="{published(row)}">'
        '<meta name="author" content="Tim detikcom"></head><body>'
        '<header><nav><a href="/">Beranda</a> <a href="/berita">Berita</a> '
        '<a href="/finance">Finance</a> <a href="/hukum">Hukum</a></nav></header>'
        f"<main><article><h1>{title}</h1>{paragraphs}</article></main>"
        '<aside><h3>Berita Terpopuler</h3><ul><li><a href="/x">Harga emas hari ini</a></li>'
        '<li><a href="/y">Jadwal KRL akhir pekan</a></li></ul></aside>'
        "<footer>Copyright © 2025 detikcom. All rights reserved.</footer></body></html>"
    ).encode()


def feed(base: str, rows: list[dict]) -> bytes:
    items = "".join(
        f"<item><title>{html.escape(r['judul'])}</title><link>{base}/d/{r['id']}.html</link></item>"
        for r in rows
    )
    return (
        f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>detik</title>'
        f"<link>{base}/</link><description>bench</description>{items}</channel></rss>"
    ).encode()


def serve(routes: dict) -> tuple[ThreadingHTTPServer, str]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def do_GET(self):
            found = routes.get(self.path)
            if found is None:
                self.send_response(404)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            content_type, body = found
            self.send_response(200)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def ingest(args) -> None:
    rows = read_detik()[: args.limit]
    tmp = tempfile.mkdtemp(prefix="waspada-bench-media-")
    atexit.register(shutil.rmtree, tmp, ignore_errors=True)  # the bench leaves nothing behind
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "waspada.settings")
    os.environ.update(
        WASPADA_VAR_DIR=tmp,
        WASPADA_HTTP_ALLOW_PRIVATE="true",
        WASPADA_MEDIA_HOST_INTERVAL_MS="0",
        WASPADA_MEDIA_MAX_ARTICLES_PER_POLL="100000",
        LOG_LEVEL="WARNING",
    )
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.core.signals import setting_changed

    if not args.queue:
        immediate = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
        settings.TASKS = immediate  # analysis runs on commit, in this process
        setting_changed.send(sender=None, setting="TASKS", value=immediate, enter=True)
    call_command("migrate", verbosity=0)
    from waspada.areas.loading import load_areas

    load_areas("64.02")

    from waspada.media import services
    from waspada.media.models import Article, Source, Story, Triage
    from waspada.nlp import analyze

    analyze("pemanasan model")  # load the models before the clock starts

    routes = {}
    server, base = serve(routes)
    for row in rows:
        routes[f"/d/{row['id']}.html"] = ("text/html; charset=utf-8", page(row))
    per_feed = -(-len(rows) // args.feeds)
    for i in range(args.feeds):
        chunk = rows[i * per_feed : (i + 1) * per_feed]
        routes[f"/feed-{i}.xml"] = ("application/rss+xml", feed(base, chunk))
        Source.objects.create(name=f"detik {i}", url=f"{base}/feed-{i}.xml", outlet=f"outlet {i}")

    spent = Counter()
    analyse = services.analyse

    def timed_analyse(article_id):
        t = time.perf_counter()
        try:
            return analyse(article_id)
        finally:
            spent["analyse"] += time.perf_counter() - t

    services.analyse = timed_analyse
    started = time.perf_counter()
    errors = 0
    if args.queue:
        # Production path: the worker's periodic job claims the due sources, one poll task
        # each, whose articles enqueue their analysis tasks on commit; run until drained.
        from django_tasks_db.models import DBTaskResult

        from waspada.media.models import PollLog
        from waspada.ops.worker import WaspadaWorker

        while True:
            WaspadaWorker(once=True).run()
            if not DBTaskResult.objects.filter(status="READY").exists():
                break
        errors = sum(PollLog.objects.values_list("errors", flat=True))
    else:
        for source in Source.objects.order_by("pk"):
            log = services.poll(source)
            errors += log.errors
    elapsed = time.perf_counter() - started
    articles = Article.objects.count()
    analysed = Article.objects.exclude(analysed_at=None).count()

    second = sum(services.poll(s).new_articles for s in Source.objects.all())
    server.shutdown()

    stories = Story.objects.count()
    multi = Story.objects.filter(article_count__gt=1).count()
    pending = Story.objects.filter(triage=Triage.PENDING)
    relevant = Article.objects.exclude(relevance__in=["", "none"]).count()
    in_regency = Article.objects.filter(in_regency=True).count()
    print(f"served {len(rows)} detik articles in {args.feeds} feeds from {base}")
    print(
        f"ingested {articles} articles ({analysed} analysed, {errors} errors) in {elapsed:.1f} s: "
        f"{articles / elapsed:.1f} articles/s end to end (fetch → extract → analyse → store)"
    )
    print(
        f"  of which analysis {spent['analyse']:.1f} s "
        f"({articles / spent['analyse']:.0f} articles/s), the rest fetch, extract, cluster, "
        f"store: {articles / (elapsed - spent['analyse']):.0f} articles/s"
    )
    print(f"stories: {stories} ({multi} told by more than one article)")
    print(
        f"relevant articles: {relevant}; placed in the regency: {in_regency}; "
        f"reached triage: {pending.count()} stories "
        f"({Article.objects.filter(story__triage=Triage.PENDING).count()} articles)"
    )
    print(f"second poll of every source added {second} articles")


def threshold(args) -> None:
    from waspada.media import similarity as sim

    rows = read_detik()
    unique = list({r["tautan"]: r for r in rows}.values())
    print(f"{len(rows)} rows, {len(unique)} distinct URLs ({len(rows) - len(unique)} repeats)")
    texts = [r["isi_berita"] for r in unique]
    sets = [sim.shingles(t) for t in texts]
    t = time.perf_counter()
    exact = {}
    for i, j in itertools.combinations(range(len(sets)), 2):
        a, b = sets[i], sets[j]
        if a and b:
            exact[(i, j)] = len(a & b) / len(a | b)
    print(f"exact Jaccard of {len(exact):,} pairs in {time.perf_counter() - t:.0f} s")
    bins = Counter(min(int(v * 10), 9) for v in exact.values())
    print("pairs per similarity band:")
    for b in range(10):
        print(f"  {b / 10:.1f}-{(b + 1) / 10:.1f}: {bins.get(b, 0):>7,}")
    print("titles of sample pairs per band (judge: same story or not):")
    for low in (0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5):
        band = sorted(((v, p) for p, v in exact.items() if low <= v < low + 0.05), reverse=True)[
            : args.samples
        ]
        for v, (i, j) in band:
            print(f"  {v:.3f} | {unique[i]['judul'][:60]} | {unique[j]['judul'][:60]}")

    t = time.perf_counter()
    sigs = [sim.signature(x) for x in texts]
    print(f"signatures: {len(texts) / (time.perf_counter() - t):.0f} texts/s")
    index = {}
    for k, s in enumerate(sigs):
        if s is not None:
            for band in sim.bands(s):
                index.setdefault(band, []).append(k)
    candidates = set()
    for members in index.values():
        candidates.update(itertools.combinations(sorted(members), 2))
    found = {p for p in candidates if sim.similarity(sigs[p[0]], sigs[p[1]]) >= sim.THRESHOLD}
    truth = {p for p, v in exact.items() if v >= sim.THRESHOLD}
    near = {p for p, v in exact.items() if v >= sim.THRESHOLD - 0.05}
    print(
        f"threshold {sim.THRESHOLD}: {len(truth)} pairs at or above it (exact); MinHash+LSH finds "
        f"{len(found & truth)} of them (recall {len(found & truth) / max(1, len(truth)):.3f}); "
        f"{len(found - near)} found pairs lie more than 0.05 below it; "
        f"{len(candidates):,} candidate pairs checked of {len(exact):,}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("action", nargs="?", default="ingest", choices=["ingest", "threshold"])
    parser.add_argument("--feeds", type=int, default=20)
    parser.add_argument("--limit", type=int, default=1000)
    parser.add_argument(
        "--queue",
        action="store_true",
        help="run through the database task queue and the worker loop instead of in-process",
    )
    parser.add_argument("--samples", type=int, default=4)
    args = parser.parse_args()
    (ingest if args.action == "ingest" else threshold)(args)


if __name__ == "__main__":
    main()
