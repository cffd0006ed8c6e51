"""Benchmark of the shape of deploy/compose.scale.yaml without containers (prints figures).

    .venv/bin/python bench/cluster.py [--events 100000] [--clients 10] [--seconds 15]
                                      [--webs 2] [--workers 3] [--web-processes 1]

One fresh PostgreSQL database (``bench21_cluster`` on 127.0.0.1), ``--webs`` separate web
servers (``python -m waspada serve`` on their own ports, ``--web-processes`` processes each:
the web containers), ``--workers`` separate ``python -m waspada worker`` processes, sharing
nothing but the database — as the containers of the compose file do. Clients alternate
between the web servers (a proxy's round robin). Measures: reports filed through the API
across both web servers (reports/s, p95), the time the workers take to analyse every report
filed (the queue drained: analyses/s), then the event list API with ``--events`` events.
On one small machine the "machines" share its cores: the figures show that the parts work
apart and what each costs, not what several machines would give.
"""

import argparse
import http.client
import itertools
import json
import os
import random
import statistics
import subprocess
import sys
import threading
import time

from events import SEED as EVENTS_SEED
from events import WORDS
from harness import ROOT, django_code, free_port, fresh_database, manage

REPORTER = r"""
from waspada.accounts.models import Organisation, Role, User
from waspada.api.models import ApiToken
from waspada.areas.models import Area
org = Organisation.objects.get(name="Kesbangpol (bench)")
u = User.objects.create_user("bench-reporter", role=Role.FIELD_REPORTER, organisation=org,
                             scope_all=True)
print(ApiToken.issue(u, "bench")[1])
print(",".join(Area.objects.desa_of_regency().values_list("code", flat=True)))
"""

QUEUE = r"""
from django_tasks_db.models import DBTaskResult
q = DBTaskResult.objects.filter(task_path__endswith="analyse_report")
print(q.filter(status__in=["READY", "RUNNING"]).count(), q.filter(status="SUCCESSFUL").count(),
      q.filter(status="FAILED").count())
"""


def wait_for(port: int) -> None:
    import socket

    for _ in range(300):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"no server on port {port}")


def drive(ports, clients, seconds, request):
    """``clients`` threads, each on the next server of ``ports``; (latencies, statuses)."""
    latencies, statuses, lock = [], {}, threading.Lock()
    deadline = time.monotonic() + seconds
    chosen = itertools.cycle(ports)

    def worker(port, seed):
        rng = random.Random(seed)
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        mine, seen = [], {}
        while time.monotonic() < deadline:
            method, path, body, headers = request(rng)
            t = time.perf_counter()
            conn.request(method, path, body=body, headers=headers)
            r = conn.getresponse()
            r.read()
            mine.append(time.perf_counter() - t)
            seen[r.status] = seen.get(r.status, 0) + 1
        with lock:
            latencies.extend(mine)
            for k, v in seen.items():
                statuses[k] = statuses.get(k, 0) + v

    threads = [threading.Thread(target=worker, args=(next(chosen), i)) for i in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return latencies, statuses


def show(name, latencies, statuses, seconds):
    q = statistics.quantiles(latencies, n=100)
    print(
        f"  {name:<40} {len(latencies) / seconds:6.0f} req/s  p50 {q[49] * 1000:6.1f} ms  "
        f"p95 {q[94] * 1000:6.1f} ms  statuses {statuses}",
        flush=True,
    )


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--events", type=int, default=100_000)
    ap.add_argument("--clients", type=int, default=10)
    ap.add_argument("--seconds", type=int, default=15)
    ap.add_argument("--webs", type=int, default=2)
    ap.add_argument("--workers", type=int, default=3)
    ap.add_argument("--web-processes", type=int, default=1)
    args = ap.parse_args()
    with fresh_database("postgres", "bench21_cluster") as env:
        env = dict(env, LOG_LEVEL="WARNING")
        print(
            f"PostgreSQL, {args.webs} web servers x {args.web_processes} process(es), "
            f"{args.workers} workers, {os.cpu_count()} cores shared by all "
            f"(load average {os.getloadavg()[0]:.1f})",
            flush=True,
        )
        manage(env, "migrate", "-v0")
        manage(env, "load_areas")
        manage(env, "collectstatic", "--noinput", "-v0")
        out = django_code(env, f"N = {args.events}\nWORDS = {WORDS!r}\n" + EVENTS_SEED).stdout
        token_events = out.split()[-2]
        token, desa = django_code(env, REPORTER).stdout.split()
        desa = desa.split(",")
        ports = [free_port() for _ in range(args.webs)]
        py = [sys.executable, "-m", "waspada"]
        quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
        procs = [
            subprocess.Popen(
                [*py, "serve", "--port", str(p), "--workers", str(args.web_processes)],
                cwd=ROOT,
                env=env,
                **quiet,
            )
            for p in ports
        ]
        try:
            for p in ports:
                wait_for(p)
            post = {"Authorization": f"Token {token}", "Content-Type": "application/json"}

            def report(rng):
                text = " ".join(rng.choice(WORDS) for _ in range(12))
                body = json.dumps({"text": f"Warga {text}", "area_code": rng.choice(desa)})
                return "POST", "/api/v1/reports/", body, post

            drive(ports, 2, 2, report)  # warm up
            lat, st = drive(ports, args.clients, args.seconds, report)
            show(f"POST /api/v1/reports/ over {args.webs} servers", lat, st, args.seconds)
            filed = sum(v for k, v in st.items() if k == 201)
            # Now the workers: every report filed waits for its analysis.
            t = time.perf_counter()
            workers = [
                subprocess.Popen([*py, "worker"], cwd=ROOT, env=env, **quiet)
                for _ in range(args.workers)
            ]
            procs += workers
            while True:
                waiting, done, failed = map(int, django_code(env, QUEUE).stdout.split())
                if waiting == 0:
                    break
                time.sleep(2)
            took = time.perf_counter() - t
            print(
                f"  {args.workers} workers analysed {done:,} reports ({filed:,} filed in the "
                f"run, the rest warm-up) in {took:.1f} s: {done / took:.1f} analyses/s, "
                f"{failed} failed",
                flush=True,
            )
            api = {"Authorization": f"Token {token_events}", "Accept": "application/json"}
            lat, st = drive(
                ports,
                args.clients,
                args.seconds,
                lambda rng: ("GET", "/api/v1/events/", None, api),
            )
            show(f"GET /api/v1/events/ ({args.events:,} events)", lat, st, args.seconds)
        finally:
            for p in procs:
                p.terminate()
            for p in procs:
                try:
                    p.wait(20)
                except subprocess.TimeoutExpired:
                    p.kill()


if __name__ == "__main__":
    main()
