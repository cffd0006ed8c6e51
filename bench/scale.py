"""Benchmark of a province's decade of records on one machine (prints figures; not a test).

    .venv/bin/python bench/scale.py [--events 1000000] [--reports 200000] [--years 10]
                                    [--db sqlite|postgres|both] [--clients 10] [--seconds 15]
                                    [--import-rows 100000] [--xlsx-rows 100000]
                                    [--keep DIR [--seed-only]]

Seeds ``--events`` events (Kukar kecamatan and desa, every form and source, one to two
sources each, four classifications) and ``--reports`` reports (2 % still open for triage,
urgency set as the analysis sets it) over ``--years`` years into a fresh database — SQLite
(embedded profile, WAL) in a temporary folder, or a fresh PostgreSQL database
``bench21_scale_<pid>`` on 127.0.0.1 — with bulk inserts, then prints, each measured in a
fresh process (peak memory is that process's maximum resident set, its baseline after
``django.setup()`` beside it):

- the CSV and the ACLED export of every event, streamed (the writers the export view and the
  export job use), and the XLSX export of ``--xlsx-rows`` events;
- the import of ``--import-rows`` ACLED-shaped rows through the import entry point as it is
  (``importer.stage`` + ``importer.commit``; set operations for it are issue #21 item 2,
  which lands separately);
- one recomputation of every risk score;
- over HTTP against the real server (``python -m waspada serve``: gunicorn, one process per
  core), with ``--clients`` concurrent keep-alive clients for ``--seconds`` each: the event
  list page, the event list API and the triage page; then ``/risiko/`` by one client.

Goals (issue #21): export of 1M rows ≤ 60 s with ≤ 300 MB, XLSX of 100k ≤ 60 s, import of 100k
ACLED rows ≤ 60 s with ≤ 500 MB, list page and API p95 ≤ 200 ms and triage ≤ 100 ms with 10
clients, risk recompute ≤ 2 s, /risiko/ ≤ 150 ms. The database and its folder are removed at
the end, whatever happens; with ``--keep DIR`` they are kept instead (SQLite in DIR/sqlite,
PostgreSQL's ``bench21_scale_kept``), and the next run with the same DIR measures them again
without seeding (after applying new migrations; the import's events are deleted again).
"""

import argparse
import contextlib
import os
import time
from pathlib import Path

from events import load, summary
from harness import django_code, fresh_database, kept_database, manage, server

SEED = r"""
import datetime, random, time
from django.db import connection, transaction
from django.utils import timezone
from waspada.areas.models import Area
from waspada.accounts.models import Organisation, User, Role
from waspada.api.models import ApiToken
from waspada.events.models import Event, EventSource
from waspada.events.vocab import Form, Source
from waspada.intake.models import Report
rng = random.Random(21)
areas = list(Area.objects.in_regency().filter(level__in=["kecamatan", "desa"]).defer("geometry"))
org = Organisation.objects.create(name="Kesbangpol (bench)", type="pemerintah")
analyst = User.objects.create_user("bench-analyst", password="bench-password-123",
                                   role=Role.ANALYST, organisation=org, scope_all=True)
forms, sources = Form.values, Source.values
words = ("tambang sawit plasma blokade hauling pemuda pasar lahan perusahaan warga ormas "
         "spanduk dialog mediasi batas nelayan buruh upah demo kantor desa sungai").split()
today = timezone.localdate()
days = 365 * YEARS
t0 = time.perf_counter()
def flush(batch):
    made = Event.objects.bulk_create(batch)
    tags = []
    for e in made:
        for i, s in enumerate(rng.sample(sources, rng.choice([1, 1, 2]))):
            tags.append(EventSource(event_id=e.pk, source=s, rank=i))
    EventSource.objects.bulk_create(tags, batch_size=5000)
batch = []
with transaction.atomic():
    for i in range(N_EVENTS):
        a = rng.choice(areas)
        summary = " ".join(rng.choice(words) for _ in range(10))
        batch.append(Event(
            event_date=today - datetime.timedelta(days=rng.randrange(days)), area=a,
            kecamatan_code=a.kecamatan_code, form=rng.choice(forms),
            relevance=rng.choice(["incident", "incident", "tension", "prevention"]),
            verification=rng.choice(["terverifikasi", "terverifikasi", "belum", "ditolak"]),
            fatalities=rng.choice([0, 0, 0, 0, 1, 2]), summary=summary,
            search_document=f"{summary} {a.name}", organisation=org,
            latitude=a.lat, longitude=a.lon, location=a.name,
            classification=rng.choice(["biasa", "biasa", "terbatas", "rahasia"]),
            geo_precision=1 if a.level == "desa" else 2))
        if len(batch) == 5000:
            flush(batch)
            batch = []
    if batch:
        flush(batch)
t1 = time.perf_counter()
now = timezone.now()
with transaction.atomic():
    batch = []
    for i in range(N_REPORTS):
        a = rng.choice(areas)
        open_ = rng.random() < 0.02
        batch.append(Report(
            channel=rng.choice(["web", "api", "sms", "telegram", "whatsapp"]),
            text=" ".join(rng.choice(words) for _ in range(15)), area=a,
            kecamatan_code=a.kecamatan_code, organisation=org,
            classification=rng.choice(["biasa", "terbatas", "terbatas"]),
            status=rng.choice(["baru", "diproses"]) if open_ else
                   rng.choice(["terverifikasi", "ditolak", "duplikat"]),
            urgency=rng.random(), analysed_at=now))
        if len(batch) == 5000:
            Report.objects.bulk_create(batch)
            batch = []
    if batch:
        Report.objects.bulk_create(batch)
    # received_at is auto_now_add: spread the reports over the years, open ones recent.
    table = Report._meta.db_table
    with connection.cursor() as c:
        if connection.vendor == "sqlite":
            c.execute(f"UPDATE {table} SET received_at = datetime(received_at, "
                      f"'-' || (abs(random()) % {days}) || ' days') "
                      "WHERE status NOT IN ('baru', 'diproses')")
        else:
            c.execute(f"UPDATE {table} SET received_at = received_at - "
                      f"(floor(random() * {days}) || ' days')::interval "
                      "WHERE status NOT IN ('baru', 'diproses')")
t2 = time.perf_counter()
from waspada.ops.jobs import refresh_planner_statistics
refresh_planner_statistics.call()  # what the periodic job does every 6 hours
if connection.vendor == "postgresql":
    with connection.cursor() as c:
        c.execute("VACUUM ANALYZE")
token, raw = ApiToken.issue(analyst, "bench")
from django.contrib.sessions.backends.db import SessionStore
s = SessionStore()
s["_auth_user_id"] = str(analyst.pk)
s["_auth_user_backend"] = "waspada.accounts.backends.UserBackend"
s["_auth_user_hash"] = analyst.get_session_auth_hash()
s.create()
print(f"  seeded {N_EVENTS:,} events in {t1 - t0:.0f} s, {N_REPORTS:,} reports in "
      f"{t2 - t1:.0f} s, planner statistics in {time.perf_counter() - t2:.0f} s")
print(raw, s.session_key)
"""

# Each measurement runs in its own process: ru_maxrss is then that measurement's peak.
MEASURE = r"""
import resource, time
def rss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
from waspada.accounts.models import User
from waspada.events.models import Event
user = User.objects.get(username="bench-analyst")
base = rss_mb()
"""

EXPORT = (
    MEASURE
    + r"""
from waspada.events.exchange.exporter import STREAMS
from waspada.events.queries import filtered
events = filtered(user, {})
if LIMIT:
    pks = events.order_by("pk").values_list("pk", flat=True)
    events = events.filter(pk__lte=pks[min(LIMIT, pks.count()) - 1])
t = time.perf_counter()
size = rows = 0
for block in STREAMS[FMT][0](events):
    size += len(block)
took = time.perf_counter() - t
n = events.count()
print(f"  export {FMT.upper():<4} {n:>9,} events  {took:6.1f} s  {size / 2**20:7.1f} MiB  "
      f"peak RSS {rss_mb():5.0f} MB (baseline {base:.0f} MB)")
"""
)

IMPORT = (
    MEASURE
    + r"""
import csv, io, random
from waspada.events.exchange import acled, importer
rng = random.Random(5)
out = io.StringIO()
w = csv.writer(out)
w.writerow(acled.COLUMNS)
subs = ["Peaceful protest", "Violent demonstration", "Mob violence", "Attack",
        "Looting/property destruction", "Agreement"]
for i in range(ROWS):
    row = dict.fromkeys(acled.COLUMNS, "")
    row.update(event_id_cnty=f"BENCH{i}", event_date=f"20{16 + i % 9}-0{1 + i % 9}-1{i % 9}",
               year=str(2016 + i % 9), time_precision="1", sub_event_type=rng.choice(subs),
               actor1="Warga", inter1="6", admin1="Kalimantan Timur",
               admin2="Kabupaten Kutai Kartanegara", location="Tenggarong", latitude="-0.42",
               longitude="116.99", geo_precision="2", notes=f"peristiwa impor {i}",
               fatalities="0", country="Indonesia")
    w.writerow([row[c] for c in acled.COLUMNS])
content = out.getvalue().encode()
del out
t = time.perf_counter()
batch, preview = importer.stage(content, "bench.acled.csv", user)
staged = time.perf_counter() - t
assert preview.ok, (preview.errors[:3], preview.file_errors)
count = importer.commit(batch, user)
took = time.perf_counter() - t
print(f"  import ACLED {ROWS:>9,} rows  {took:6.1f} s (stage {staged:.1f} s)  {count:,} events  "
      f"peak RSS {rss_mb():5.0f} MB (baseline {base:.0f} MB)")
if UNDO:  # a kept database: leave it as seeded for the next run
    Event.objects.filter(import_batch=batch).delete()
    batch.delete()
"""
)

RECOMPUTE = r"""
import time
from waspada.risk import services
took = []
for _ in range(2):  # the first in a fresh process; then as the worker's next run takes it
    t = time.perf_counter()
    result = services.recompute()
    took.append(time.perf_counter() - t)
print(f"  risk recompute (all scores): {took[0]:.2f} s in a fresh process, {took[1]:.2f} s the "
      f"next time ({result.rows:,} scores)")
"""


def sequential(port, path, headers, n, note=""):
    import http.client
    import statistics

    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    lat = []
    for _ in range(n):
        t = time.perf_counter()
        conn.request("GET", path, headers=headers)
        r = conn.getresponse()
        r.read()
        lat.append(time.perf_counter() - t)
        assert r.status == 200, (path, r.status)
    if n == 1:
        print(f"  {path:<34} 1 client  {lat[0] * 1000:6.1f} ms ({note})", flush=True)
        return
    q = statistics.quantiles(lat, n=20)
    print(
        f"  {path:<34} 1 client  n={n:>5}  p50 {statistics.median(lat) * 1000:6.1f} ms  "
        f"p95 {q[18] * 1000:6.1f} ms {note}",
        flush=True,
    )


@contextlib.contextmanager
def database(db: str, args):
    """(environment, seeded before): a fresh database, removed at the end; or with ``--keep
    DIR`` one kept in DIR (seeded on the first run, measured again on the next ones)."""
    if args.keep:
        with kept_database(db, os.path.join(args.keep, db), "bench21_scale_kept") as kept:
            yield kept
    else:
        with fresh_database(db, f"bench21_scale_{os.getpid()}") as env:
            yield env, False


def bench(db: str, args) -> None:
    with database(db, args) as (env, seeded):
        print(
            f"{db}: {args.events:,} events and {args.reports:,} reports over {args.years} years "
            f"({os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f})",
            flush=True,
        )
        manage(env, "migrate", "-v0")
        marker = os.path.join(env["WASPADA_VAR_DIR"], "seeded")
        if seeded:
            print(f"  seeded before (kept in {env['WASPADA_VAR_DIR']})", flush=True)
            token, session = Path(marker).read_text().split()
        else:
            manage(env, "load_areas")
            code = f"N_EVENTS = {args.events}\nN_REPORTS = {args.reports}\nYEARS = {args.years}\n"
            out = django_code(env, code + SEED).stdout.split("\n")
            print(out[0], flush=True)
            token, session = out[1].split()
            if args.keep:
                Path(marker).write_text(f"{token} {session}")
                if args.seed_only:
                    return
        for fmt, limit in (("csv", 0), ("acled", 0), ("xlsx", args.xlsx_rows)):
            code = f"FMT = {fmt!r}\nLIMIT = {limit}\n"
            print(django_code(env, code + EXPORT).stdout, end="", flush=True)
        print(django_code(env, RECOMPUTE).stdout, end="", flush=True)
        with server(env) as port:
            page = {"Cookie": f"sessionid={session}; django_language=id"}
            api = {"Authorization": f"Token {token}", "Accept": "application/json"}
            load(port, "/laporan/", page, 2, 2)  # the processes' first requests (imports)
            for path in ("/risiko/", "/peristiwa/peta.geojson"):
                sequential(port, path, page, 1, "first request, nothing cached yet")
            for path, headers in (
                ("/peristiwa/", page),
                ("/api/v1/events/", api),
                ("/laporan/triase/", page),
                ("/risiko/", page),
            ):
                load(port, path, headers, 2, 2)  # warm up every process
            for name, path, headers in (
                ("event list page", "/peristiwa/", page),
                ("event list API", "/api/v1/events/", api),
                ("triage page", "/laporan/triase/", page),
            ):
                lat, err = load(port, path, headers, args.clients, args.seconds)
                summary(f"{name}, {args.clients} clients", lat, err, args.seconds)
            sequential(port, "/risiko/", page, 40)
            sequential(port, "/peristiwa/peta.geojson", page, 40)
        if args.import_rows:
            code = f"ROWS = {args.import_rows}\nUNDO = {bool(args.keep)}\n"
            print(django_code(env, code + IMPORT).stdout, end="", flush=True)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--reports", type=int, default=200_000)
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--clients", type=int, default=10)
    parser.add_argument("--seconds", type=int, default=15)
    parser.add_argument("--import-rows", type=int, default=100_000)
    parser.add_argument("--xlsx-rows", type=int, default=100_000)
    parser.add_argument(
        "--keep",
        metavar="DIR",
        help="keep the seeded databases in DIR (and PostgreSQL's bench21_scale_kept) and "
        "measure them again on the next run instead of seeding; the import is then rolled "
        "back (run without --keep for a clean figure of everything)",
    )
    parser.add_argument("--seed-only", action="store_true", help="with --keep: seed, then stop")
    args = parser.parse_args()
    for db in ["sqlite", "postgres"] if args.db == "both" else [args.db]:
        bench(db, args)


if __name__ == "__main__":
    main()
