"""Benchmark of risk (prints figures; not a test).

    .venv/bin/python bench/risk.py [--events 100000] [--years 5] [--runs 3] [--requests 40]
                                   [--db sqlite|postgres|both]

Seeds ``--events`` events over the last ``--years`` years (Kukar kecamatan and desa, all forms,
sources, verification states and classifications, like bench/events.py), 2,000 hate-speech
reports of the last 60 days, and a profile for every kecamatan and desa, into a fresh database
(SQLite in a temporary folder, or a fresh PostgreSQL database on 127.0.0.1). Then:

- the time to recompute every score of the regency (all desa, kecamatan and the regency; three
  windows; overall and eight sources), best and worst of ``--runs``, with the recompute's own
  split into gathering the records, scoring and writing;
- the time of the 30-day forecast per kecamatan;
- the server time of an area panel (the real server, waitress, one keep-alive client):
  ``--requests`` requests each for a kecamatan, a desa and the regency; p50 and p95.

Goals (issue 7): recompute ≤ 2 s, area panel ≤ 300 ms.
"""

import argparse
import http.client
import os
import statistics
import time

from harness import django_code, fresh_database, manage, server

SEED = r"""
import random, datetime
from django.db import transaction
from django.utils import timezone
from waspada.areas.models import Area
from waspada.accounts.models import Organisation, User, Role
from waspada.events.models import Event, EventSource
from waspada.events.vocab import Form, Source
from waspada.intake.models import Report
from waspada.risk.models import AreaProfile
rng = random.Random(7)
areas = list(Area.objects.in_regency().filter(level__in=["kecamatan", "desa"]).defer("geometry"))
org = Organisation.objects.create(name="Kesbangpol (bench)", type="pemerintah")
user = User.objects.create_user("bench-analyst", password="bench-password-123",
                                role=Role.LEADERSHIP, organisation=org, scope_all=True)
forms, sources = Form.values, Source.values
today = timezone.localdate()
days = 365 * YEARS
batch = []
def flush(batch):
    made = Event.objects.bulk_create(batch)
    tags = []
    for e in made:
        for i, s in enumerate(rng.sample(sources, rng.choice([1, 1, 2]))):
            tags.append(EventSource(event_id=e.pk, source=s, rank=i))
    EventSource.objects.bulk_create(tags)
with transaction.atomic():
    for i in range(N):
        a = rng.choice(areas)
        batch.append(Event(
            event_date=today - datetime.timedelta(days=rng.randrange(days)), area=a,
            kecamatan_code=a.kecamatan_code, form=rng.choice(forms),
            relevance=rng.choice(["incident", "incident", "tension", "prevention"]),
            verification=rng.choice(["terverifikasi", "terverifikasi", "belum", "ditolak"]),
            fatalities=rng.choice([0, 0, 0, 0, 1, 2]), summary="peristiwa uji " + a.name,
            search_document=a.name, organisation=org,
            classification=rng.choice(["biasa", "biasa", "terbatas", "rahasia"]),
            geo_precision=1 if a.level == "desa" else 2))
        if len(batch) == 5000:
            flush(batch)
            batch = []
    if batch:
        flush(batch)
    reports = []
    for i in range(2000):
        a = rng.choice(areas)
        hs = rng.random()
        reports.append(Report(
            channel="web", text="uji", area=a, kecamatan_code=a.kecamatan_code,
            classification="terbatas", status="baru",
            analysis={"relevance": "tension", "hate_speech": {"HS": hs},
                      "hate_speech_labels": ["HS"] if hs > 0.5 else [],
                      "sources": [{"name": rng.choice(sources), "score": 0.8}]},
            analysed_at=timezone.now()))
    ids = [r.pk for r in Report.objects.bulk_create(reports)]
    for d in range(60):
        Report.objects.filter(pk__in=ids[d::60]).update(
            received_at=timezone.now() - datetime.timedelta(days=d))
    AreaProfile.objects.bulk_create(AreaProfile(
        area=a, population=rng.randrange(1000, 90000), poverty_rate=rng.uniform(3, 25),
        religions={"islam": 80, "kristen": 15, "katolik": 5}, ethnicities={"kutai": 50, "jawa": 30,
        "bugis": 20}, mining_concessions=rng.randrange(5), plantation_concessions=rng.randrange(5),
        boundary_disputes=rng.randrange(3), fkdm_present=rng.random() < 0.8,
        past_conflicts=rng.randrange(6)) for a in areas)
from waspada.ops.jobs import refresh_planner_statistics
refresh_planner_statistics.call()
from django.contrib.sessions.backends.db import SessionStore
s = SessionStore()
s["_auth_user_id"] = str(user.pk)
s["_auth_user_backend"] = "waspada.accounts.backends.UserBackend"
s["_auth_user_hash"] = user.get_session_auth_hash()
s.create()
print(s.session_key)
"""

RECOMPUTE = r"""
import time, datetime
from django.utils import timezone
from waspada.risk import services, config, gathering, scoring
from waspada.risk.models import RiskScore
from waspada.events.models import Event
now = timezone.localdate()
base = config.base_config()
horizon = gathering.horizon_days(base)
in_horizon = Event.objects.filter(event_date__gt=now - datetime.timedelta(days=horizon)).count()
print(f"  {Event.objects.count():,} events, {in_horizon:,} of them in the last {horizon} days "
      "(what a score reads)", flush=True)
times = []
for i in range(RUNS):
    t = time.perf_counter()
    result = services.recompute()
    times.append(time.perf_counter() - t)
# the split of one more run (as the recompute runs them: the garbage collector paused)
headline = config.config_for(config.headline_window(), base)
with services._collector_paused():
    t0 = time.perf_counter()
    levels, g = gathering.gather_columns(now, headline, services.SOURCES)
    t1 = time.perf_counter()
    scored = services.score_all(g, config.windows(), base)
    t2 = time.perf_counter()
print(f"  recompute all scores: best {min(times):.2f} s, worst {max(times):.2f} s "
      f"({result.rows:,} scores: {len(g.areas)} areas x {len(config.windows())} windows x 9)"
      f"; split: gather {t1 - t0:.2f} s, score {t2 - t1:.2f} s, "
      f"write {min(times) - (t2 - t0):.2f} s (rest of the best run)", flush=True)
t = time.perf_counter()
rows = services.forecast()
print(f"  forecast, {len(rows)} kecamatan: {time.perf_counter() - t:.2f} s "
      f"({rows[0].model if rows else 'none'})", flush=True)
"""


def timed(conn, path, headers, n):
    lat = []
    for _ in range(n):
        t = time.perf_counter()
        conn.request("GET", path, headers=headers)
        r = conn.getresponse()
        r.read()
        lat.append(time.perf_counter() - t)
        assert r.status == 200, (path, r.status)
    if len(lat) < 2:
        return lat[0], lat[0]
    q = statistics.quantiles(lat, n=20)
    return statistics.median(lat), q[18]


def bench(db: str, n: int, years: int, runs: int, requests: int):
    with fresh_database(db, "waspada_bench_risk") as env:
        print(
            f"{db}: seeding {n:,} events over {years} years … (load average "
            f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs)",
            flush=True,
        )
        manage(env, "migrate", "-v0")
        manage(env, "load_areas")
        t = time.perf_counter()
        session = django_code(env, f"N = {n}\nYEARS = {years}\n" + SEED).stdout.split()[-1]
        print(f"  seeded in {time.perf_counter() - t:.1f} s", flush=True)
        print(django_code(env, f"RUNS = {runs}\n" + RECOMPUTE).stdout, end="", flush=True)
        with server(env, threads=4) as port:
            headers = {"Cookie": f"sessionid={session}; django_language=id"}
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            # Warm the process up (imports, templates) on another kecamatan's panel.
            timed(conn, "/risiko/wilayah/64.02.10/?fragment=1", headers, 3)
            for label, code in (
                ("kecamatan Tenggarong", "64.02.06"),
                ("desa Jongkang", "64.02.02.2015"),
                ("the regency", "64.02"),
            ):
                path = f"/risiko/wilayah/{code}/?fragment=1"
                t = time.perf_counter()
                timed(conn, path, headers, 1)  # the first: its 13-week trend is computed
                cold = time.perf_counter() - t
                p50, p95 = timed(conn, path, headers, requests)  # then: the trend from the cache
                print(
                    f"  area panel, {label:<22} first {cold * 1000:6.1f} ms, then "
                    f"p50 {p50 * 1000:6.1f} ms  p95 {p95 * 1000:6.1f} ms",
                    flush=True,
                )
            p50, p95 = timed(conn, "/risiko/peta.json?level=desa", headers, requests)
            print(
                f"  choropleth data (desa)            p50 {p50 * 1000:6.1f} ms  "
                f"p95 {p95 * 1000:6.1f} ms",
                flush=True,
            )
            p50, p95 = timed(conn, "/risiko/", headers, max(requests // 4, 5))
            print(
                f"  risk map page                     p50 {p50 * 1000:6.1f} ms  "
                f"p95 {p95 * 1000:6.1f} ms",
                flush=True,
            )


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--years", type=int, default=5)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--requests", type=int, default=40)
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="sqlite")
    args = parser.parse_args()
    for db in ["sqlite", "postgres"] if args.db == "both" else [args.db]:
        bench(db, args.events, args.years, args.runs, args.requests)


if __name__ == "__main__":
    main()
