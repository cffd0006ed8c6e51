"""Benchmark of finding events (prints figures; not a test).

    .venv/bin/python bench/events.py [--events 100000] [--clients 10] [--seconds 20]
                                     [--db sqlite|postgres|both]

Seeds ``--events`` events (Kukar kecamatan and desa, all forms and sources, searchable
summaries) into a fresh database — SQLite (embedded profile, WAL) in a temporary folder, or a
fresh PostgreSQL database on 127.0.0.1 — starts the real server as ``python -m waspada serve``
does (``--workers`` processes, default one per core; 1 = waitress) and measures, with
``--clients`` concurrent keep-alive clients for ``--seconds`` each: the event list page
(first page, 50 rows) and the list API; then the server time of full-text searches (the API
with ``q=``, one client, many different words). Prints p50/p95 per measurement.
"""

import argparse
import http.client
import json
import os
import random
import statistics
import threading
import time

from harness import django_code, fresh_database, manage, server, tree_cpu_seconds

WORDS = [
    "tambang",
    "sawit",
    "plasma",
    "blokade",
    "hauling",
    "pemuda",
    "pasar",
    "ganti",
    "rugi",
    "lahan",
    "perusahaan",
    "warga",
    "ormas",
    "spanduk",
    "provokasi",
    "dialog",
    "mediasi",
    "tapal",
    "batas",
    "nelayan",
    "buruh",
    "upah",
    "demo",
    "kantor",
    "desa",
    "jalan",
    "sungai",
    "kebun",
    "csr",
    "adat",
]

SEED = r"""
import random, datetime
from django.db import connection, transaction
from waspada.areas.models import Area
from waspada.accounts.models import Organisation, User, Role
from waspada.api.models import ApiToken
from waspada.events.models import Event, EventSource
from waspada.events.vocab import Form, Source
rng = random.Random(7)
words = WORDS
areas = list(Area.objects.in_regency().filter(level__in=["kecamatan", "desa"]).defer("geometry"))
org = Organisation.objects.create(name="Kesbangpol (bench)", type="pemerintah")
user = User.objects.create_user("bench-leader", password="bench-password-123",
                                role=Role.LEADERSHIP, organisation=org, scope_all=True)
forms, sources = Form.values, Source.values
start = datetime.date(2016, 1, 1)
batch, tags = [], []
with transaction.atomic():
    for i in range(N):
        a = rng.choice(areas)
        summary = " ".join(rng.choice(words) for _ in range(12))
        batch.append(Event(event_date=start + datetime.timedelta(days=rng.randrange(3650)),
                           area=a, kecamatan_code=a.kecamatan_code, form=rng.choice(forms),
                           summary=summary, search_document=f"{summary} {a.name}",
                           latitude=a.lat, longitude=a.lon, organisation=org,
                           classification=rng.choice(["biasa", "biasa", "terbatas"]),
                           geo_precision=1 if a.level == "desa" else 2))
        if len(batch) == 5000:
            made = Event.objects.bulk_create(batch)
            EventSource.objects.bulk_create(EventSource(event_id=e.pk, source=rng.choice(sources))
                                            for e in made)
            batch = []
    if batch:
        made = Event.objects.bulk_create(batch)
        EventSource.objects.bulk_create(EventSource(event_id=e.pk, source=rng.choice(sources))
                                        for e in made)
from waspada.ops.jobs import refresh_planner_statistics
refresh_planner_statistics.call()  # what the periodic job does every 6 hours
token, raw = ApiToken.issue(user, "bench")
from django.contrib.sessions.backends.db import SessionStore
s = SessionStore()
s["_auth_user_id"] = str(user.pk)
s["_auth_user_backend"] = "waspada.accounts.backends.UserBackend"
s["_auth_user_hash"] = user.get_session_auth_hash()
s.create()
print(raw, s.session_key)
"""


def load(port, path, headers, clients, seconds):
    latencies, errors = [], []
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def worker():
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        mine = []
        while time.monotonic() < deadline:
            t = time.perf_counter()
            conn.request("GET", path, headers=headers)
            response = conn.getresponse()
            response.read()
            mine.append(time.perf_counter() - t)
            if response.status != 200:
                errors.append(response.status)
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=worker) for _ in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return latencies, errors


def summary(name, latencies, errors, seconds=None, cpu=None):
    q = statistics.quantiles(latencies, n=100)
    rate = f", {len(latencies) / seconds:.0f} req/s" if seconds else ""
    if cpu is not None:
        rate += f", server CPU {cpu * 1000 / len(latencies):.1f} ms/req"
    print(
        f"  {name:<34} n={len(latencies):>5}  p50 {q[49] * 1000:6.1f} ms  "
        f"p95 {q[94] * 1000:6.1f} ms{rate}{'  ERRORS ' + str(errors[:5]) if errors else ''}",
        flush=True,
    )


def measured_load(pid, port, path, headers, clients, seconds):
    """:func:`load`, plus the CPU seconds the server's processes spent meanwhile (None when
    they cannot be read). With PostgreSQL the database's own processes are not counted."""
    before = tree_cpu_seconds(pid)
    latencies, errors = load(port, path, headers, clients, seconds)
    after = tree_cpu_seconds(pid)
    cpu = after - before if before is not None and after is not None else None
    return latencies, errors, cpu


def bench(db: str, n: int, clients: int, seconds: int, workers: int | None = None):
    with fresh_database(db, "waspada_bench_events") as env:
        print(f"{db}: seeding {n:,} events …", flush=True)
        manage(env, "migrate", "-v0")
        manage(env, "load_areas")
        t = time.perf_counter()
        out = django_code(env, f"N = {n}\nWORDS = {WORDS!r}\n" + SEED)
        token, session = out.stdout.split()[-2:]
        print(f"  seeded in {time.perf_counter() - t:.1f} s", flush=True)
        from waspada.runner import default_workers

        processes = workers or default_workers()
        print(f"  server: {processes} process(es), {os.cpu_count()} cores", flush=True)
        started = []
        with server(env, workers=workers, started=started) as port:
            page = {"Cookie": f"sessionid={session}; django_language=id"}
            api = {"Authorization": f"Token {token}", "Accept": "application/json"}
            load(port, "/peristiwa/", page, 2, 2)  # warm up
            lat, err, cpu = measured_load(started[0], port, "/peristiwa/", page, clients, seconds)
            summary(f"list page, {clients} clients", lat, err, seconds, cpu)
            lat, err, cpu = measured_load(
                started[0], port, "/api/v1/events/", api, clients, seconds
            )
            summary(f"list API, {clients} clients", lat, err, seconds, cpu)
            rng = random.Random(3)
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            lat = []
            for _ in range(200):
                q = " ".join(rng.sample(WORDS, 2))
                t = time.perf_counter()
                conn.request("GET", f"/api/v1/events/?q={q.replace(' ', '+')}", headers=api)
                r = conn.getresponse()
                body = json.loads(r.read())
                lat.append(time.perf_counter() - t)
                assert r.status == 200 and "count" in body
            summary("full-text search (API, 2 words)", lat, [])


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--clients", type=int, default=10)
    parser.add_argument("--seconds", type=int, default=20)
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--workers", type=int, default=None, help="server processes")
    args = parser.parse_args()
    for db in ["sqlite", "postgres"] if args.db == "both" else [args.db]:
        bench(db, args.events, args.clients, args.seconds, args.workers)


if __name__ == "__main__":
    main()
