"""Benchmark of report intake through the JSON API (prints figures; not a test).

    .venv/bin/python bench/intake.py [--clients 20] [--seconds 30] [--workers 2] [--threads 8]

Starts the real server as ``python -m waspada serve --workers N`` does (gunicorn with N
processes of ``--threads`` threads; waitress in one process with ``--workers 1``) on a free
loopback port with the embedded profile (SQLite in WAL mode) in a temporary directory, issues
an API token, then runs ``--clients`` concurrent clients (keep-alive connections, spread over a
few processes so the load generator is not held by one GIL) for ``--seconds``, each POSTing
reports with text and a desa code. Then, side by side in the same run, the same clients GET
``/healthz`` for as long (the floor: what the server costs with no work). Prints requests/s,
p50/p95/p99 latency and the server's CPU per request (all its processes: the gunicorn master
and workers), and checks that every 201 is one stored report with its analysis task queued.
No worker runs, so analysis does not compete for CPU. The temporary directory is removed.
"""

import argparse
import http.client
import json
import multiprocessing as mp
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from harness import free_port, tree_cpu_seconds

ROOT = Path(__file__).resolve().parents[1]
TEXTS = [
    "Warga memblokade jalan hauling tambang batu bara, menuntut ganti rugi lahan",
    "Dua kelompok pemuda bentrok setelah pertandingan sepak bola antar desa",
    "Spanduk provokatif bernada SARA dipasang di dekat pasar malam tadi",
    "Rapat koordinasi FKUB dan tokoh adat membahas sengketa batas desa",
    "Massa menyegel kantor desa, menuntut pembagian dana CSR perusahaan sawit",
]


def django(env, code: str) -> str:
    script = "import django; django.setup()\n" + code
    return subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()


def client(port, token, desa, deadline, start_at, conn_count, out, healthz=False):
    """One process running ``conn_count`` client threads; puts (latencies, statuses).
    ``healthz``: GET /healthz instead of filing reports."""
    import threading

    results = []
    lock = threading.Lock()

    def run(seed):
        rnd = random.Random(seed)
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        latencies, statuses = [], {}
        while time.time() < start_at:
            time.sleep(0.001)
        n = 0
        while time.time() < deadline:
            n += 1
            body = json.dumps(
                {"text": f"{rnd.choice(TEXTS)} ({seed}-{n})", "area_code": rnd.choice(desa)}
            )
            t0 = time.perf_counter()
            try:
                if healthz:
                    conn.request("GET", "/healthz")
                else:
                    conn.request(
                        "POST",
                        "/api/v1/reports/",
                        body=body,
                        headers={
                            "Authorization": f"Token {token}",
                            "Content-Type": "application/json",
                        },
                    )
                response = conn.getresponse()
                response.read()
                status = response.status
            except (OSError, http.client.HTTPException):
                status = "error"
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            latencies.append(time.perf_counter() - t0)
            statuses[status] = statuses.get(status, 0) + 1
        with lock:
            results.append((latencies, statuses))

    threads = [
        threading.Thread(target=run, args=(os.getpid() * 100 + i,)) for i in range(conn_count)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    latencies = [x for r in results for x in r[0]]
    statuses = {}
    for _, s in results:
        for k, v in s.items():
            statuses[k] = statuses.get(k, 0) + v
    out.put((latencies, statuses))


def run_load(args, port, token, desa, healthz=False):
    """``args.clients`` clients for ``args.seconds``: (sorted latencies, statuses)."""
    start_at = time.time() + 1.0
    deadline = start_at + args.seconds
    out = mp.Queue()
    per = [
        args.clients // args.processes + (i < args.clients % args.processes)
        for i in range(args.processes)
    ]
    procs = [
        mp.Process(target=client, args=(port, token, desa, deadline, start_at, n, out, healthz))
        for n in per
        if n
    ]
    for p in procs:
        p.start()
    results = [out.get() for _ in procs]
    for p in procs:
        p.join()
    latencies = sorted(x for r in results for x in r[0])
    statuses = {}
    for _, st in results:
        for k, v in st.items():
            statuses[str(k)] = statuses.get(str(k), 0) + v
    return latencies, statuses


def describe(name, latencies, statuses, ok, seconds, cpu):
    def pct(p):
        return latencies[min(len(latencies) - 1, int(p / 100 * len(latencies)))] * 1000

    print(f"  {name}: {len(latencies)} requests, statuses {statuses}")
    print(
        f"    throughput {ok / seconds:.1f}/s; latency p50 {pct(50):.1f} ms  p95 {pct(95):.1f} ms"
        f"  p99 {pct(99):.1f} ms  mean {statistics.mean(latencies) * 1000:.1f} ms"
    )
    if cpu is not None and ok:
        print(f"    server CPU (all its processes): {cpu / ok * 1000:.2f} ms per request")


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--clients", type=int, default=20)
    ap.add_argument("--seconds", type=float, default=30)
    ap.add_argument("--workers", type=int, default=2, help="web processes (1: waitress)")
    ap.add_argument("--threads", type=int, default=8, help="threads per web process")
    ap.add_argument("--processes", type=int, default=4, help="load generator processes")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="waspada-bench-") as tmp:
        return bench(args, tmp)


def bench(args, tmp: str) -> int:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("WASPADA_", "DATABASE_URL"))}
    env.update(
        WASPADA_PROFILE="embedded",
        WASPADA_VAR_DIR=tmp,
        DEBUG="false",
        DJANGO_SETTINGS_MODULE="waspada.settings",
        LOG_LEVEL="ERROR",
        PYTHONPATH=str(ROOT),
    )
    py = [sys.executable, "-m", "waspada"]
    subprocess.run([*py, "migrate", "--verbosity", "0"], cwd=ROOT, env=env, check=True)
    subprocess.run([*py, "load_areas"], cwd=ROOT, env=env, check=True, capture_output=True)
    token = django(
        env,
        (
            "from waspada.accounts.models import Organisation, Role, User\n"
            "from waspada.api.models import ApiToken\n"
            "org = Organisation.objects.create(name='Kesbangpol Kukar', type='pemerintah')\n"
            "u = User.objects.create_user('bench', role=Role.FIELD_REPORTER, organisation=org,"
            " scope_all=True)\n"
            "print(ApiToken.issue(u, 'bench')[1])\n"
        ),
    )
    desa = json.loads(
        django(
            env,
            (
                "import json; from waspada.areas.models import Area\n"
                "codes = Area.objects.desa_of_regency().values_list('code', flat=True)\n"
                "print(json.dumps(list(codes)))"
            ),
        )
    )

    port = free_port()
    command = [*py, "serve", "--host", "127.0.0.1", "--port", str(port)]
    command += ["--threads", str(args.threads), "--workers", str(args.workers)]
    server = subprocess.Popen(command, cwd=ROOT, env=env)
    try:
        for _ in range(200):
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                    break
            except OSError:
                time.sleep(0.1)
        # Warm up every process: imports, URL resolver, first queries.
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        for _ in range(20):
            conn.request(
                "POST",
                "/api/v1/reports/",
                body=json.dumps({"text": "warm up"}),
                headers={"Authorization": f"Token {token}", "Content-Type": "application/json"},
            )
            conn.getresponse().read()
        conn.close()

        cpu_before = tree_cpu_seconds(server.pid)
        latencies, statuses = run_load(args, port, token, desa)
        cpu_after = tree_cpu_seconds(server.pid)
        report_cpu = None if cpu_before is None else cpu_after - cpu_before
        latencies_h, statuses_h = run_load(args, port, token, desa, healthz=True)
        cpu_end = tree_cpu_seconds(server.pid)
        healthz_cpu = None if cpu_after is None else cpu_end - cpu_after
    finally:
        server.terminate()
        server.wait(15)

    created = statuses.get("201", 0)
    stored = int(
        django(
            env,
            ("from waspada.intake.models import Report\nprint(Report.objects.count())"),
        )
    )
    queued = int(
        django(
            env,
            (
                "from django_tasks_db.models import DBTaskResult\n"
                "print(DBTaskResult.objects.filter(task_path__endswith='analyse_report').count())"
            ),
        )
    )
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    kind = (
        f"gunicorn {args.workers} processes x {args.threads} threads"
        if args.workers > 1
        else f"waitress, {args.threads} threads"
    )
    print(
        f"API intake, embedded profile (SQLite WAL), {kind}, {cores} cores, "
        f"{args.clients} clients, {args.seconds:.0f} s each; load average now "
        f"{os.getloadavg()[0]:.1f}"
    )
    describe("POST /api/v1/reports/", latencies, statuses, created, args.seconds, report_cpu)
    describe(
        "GET /healthz (same run, same clients)",
        latencies_h,
        statuses_h,
        statuses_h.get("200", 0),
        args.seconds,
        healthz_cpu,
    )
    print(f"  stored reports: {stored - 20} (+20 warm-up), analysis tasks queued: {queued - 20}")
    return 0 if stored - 20 == created and queued == stored else 1


if __name__ == "__main__":
    sys.exit(main())
