"""Faults injected into a running installation, on loopback (prints figures; not a test).

    .venv/bin/python bench/faults.py --db sqlite   [--scenarios kill-worker,kill-web,import]
    .venv/bin/python bench/faults.py --db postgres [--scenarios kill-worker,kill-web,pg-stop,import]
    .venv/bin/python bench/faults.py --db postgres --scenarios load --seconds 120 \
        --clients 50 --web-processes 4 --task-workers 2

Starts ``python -m waspada up`` (the supervisor, the web app and its workers) on a fresh
database: SQLite in a temporary folder, or PostgreSQL in a throwaway cluster of its own
(initdb/pg_ctl into /tmp on a free port, removed at the end; the machine's PostgreSQL server is
never touched). Clients post reports through the API (each with its own ``client_id``, sent
again after a failure until acknowledged) while a fault is injected:

- ``kill-worker``: kill -9 of a worker process in the middle of the load;
- ``kill-web``: kill -9 of one web process, then of a whole web server (master and its
  processes; ``waspada up`` runs two servers on the port);
- ``pg-stop``: the PostgreSQL cluster stopped for 8 s (``pg_ctl stop -m fast``) and started;
- ``import``: a 14,657-row ACLED-shaped file (its 14 Kukar rows with admin3 and coordinates)
  imported while live reports come in;
- ``load``: no fault; the figures of plain load (errors, p95).

After each scenario the queue is drained and every acknowledged report is checked: stored
once, analysed once (one successful analysis task, no other), alert-checked once (one
successful ``evaluate_report``), nothing left RUNNING or FAILED. Also printed: the web's
availability (a probe of ``/healthz`` every 0.1 s), how long each report waited for its
analysis, the supervisor's restarts. Bounded: every wait has a deadline. Leases are shortened
for the run (heartbeat 1 s, stale after 6 s) so that a killed worker's task comes back soon.
"""

from __future__ import annotations

import argparse
import http.client
import json
import multiprocessing as mp
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

from harness import ROOT, free_port

PY = [sys.executable, "-m", "waspada"]
TEXTS = [
    "Warga memblokade jalan hauling tambang batu bara, menuntut ganti rugi lahan",
    "Dua kelompok pemuda bentrok setelah pertandingan sepak bola antar desa, 2 orang luka",
    "Spanduk provokatif bernada SARA dipasang di dekat pasar malam tadi",
    "Rapat koordinasi FKUB dan tokoh adat membahas sengketa batas desa",
    "Massa menyegel kantor desa, menuntut pembagian dana CSR perusahaan sawit",
]
ACLED_ROWS = 14_657


# --- the database -------------------------------------------------------------------------


class Cluster:
    """A throwaway PostgreSQL cluster in /tmp on a free port (run as the postgres user when
    this runs as root: initdb refuses root)."""

    def __init__(self) -> None:
        self.bin = sorted(Path("/usr/lib/postgresql").glob("*/bin"))[-1]
        self.port = free_port()
        self.dir = Path(tempfile.mkdtemp(prefix="waspada-faults-pg-"))
        self.data = self.dir / "data"
        self.as_postgres = os.geteuid() == 0
        if self.as_postgres:
            shutil.chown(self.dir, "postgres", "postgres")

    def _run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        command = [str(self.bin / args[0]), *args[1:]]
        if self.as_postgres:
            command = ["runuser", "-u", "postgres", "--", *command]
        return subprocess.run(command, check=check, capture_output=True, text=True)

    def init(self) -> None:
        self._run("initdb", "-D", str(self.data), "-U", "postgres", "-A", "trust", "-E", "UTF8")
        self.start()
        self._run(
            "psql", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "-qc",
            "CREATE DATABASE waspada_faults",
        )  # fmt: skip

    def start(self) -> None:
        options = (
            f"-p {self.port} -c listen_addresses=127.0.0.1 -c unix_socket_directories={self.dir}"
        )
        options += " -c max_connections=200 -c fsync=off"
        self._run("pg_ctl", "-D", str(self.data), "-o", options, "-w", "-l",
                  str(self.dir / "log"), "start")  # fmt: skip

    def stop(self) -> None:
        self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop", check=False)

    @property
    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/waspada_faults"

    def remove(self) -> None:
        self.stop()
        shutil.rmtree(self.dir, ignore_errors=True)


def django(env: dict, code: str, timeout: float = 600) -> str:
    script = "import django; django.setup()\n" + code
    return subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
        timeout=timeout,
    ).stdout.strip()


# --- the system under test ----------------------------------------------------------------


class System:
    def __init__(self, env: dict, web_processes: int, task_workers: int) -> None:
        self.env, self.port = env, free_port()
        self.web_processes, self.task_workers = web_processes, task_workers
        self.var = Path(env["WASPADA_VAR_DIR"])
        self.proc: subprocess.Popen | None = None

    def start(self) -> None:
        log = (self.var / "up.log").open("ab")
        self.proc = subprocess.Popen(
            [*PY, "up", "--no-demo", "--host", "127.0.0.1", "--port", str(self.port),
             "--web-processes", str(self.web_processes),
             "--task-workers", str(self.task_workers)],
            cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        deadline = time.time() + 300
        while time.time() < deadline:
            if self.healthy():
                return
            if self.proc.poll() is not None:
                raise SystemExit(f"waspada up exited; see {self.var / 'up.log'}")
            time.sleep(0.5)
        raise SystemExit("the web app did not answer within 300 s")

    def healthy(self) -> bool:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=2)
            conn.request("GET", "/healthz")
            return conn.getresponse().status == 200
        except OSError:
            return False

    def children(self) -> dict[str, dict]:
        try:
            data = json.loads((self.var / "supervisor.json").read_text())
        except (OSError, ValueError):
            return {}
        return {c["name"]: c for c in data["children"]}

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                self.proc.kill()


def child_pids(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


# --- clients ------------------------------------------------------------------------------


def _clients(port, token, run, desa, seconds, think, n_threads, seed, out):
    """One process of client threads. Each posts reports; a failure is sent again with the
    same client_id until acknowledged or the run's grace period ends."""
    results, lock = [], threading.Lock()
    stop_at = time.time() + seconds

    def one(k):
        rnd = random.Random(seed * 1000 + k)
        conn = None
        n = 0
        while time.time() < stop_at:
            n += 1
            cid = f"{run}-{seed}-{k}-{n}"
            body = json.dumps(
                {
                    "text": f"[{run}] {rnd.choice(TEXTS)} ({cid})",
                    "area_code": rnd.choice(desa),
                    "client_id": cid,
                }
            )
            attempts, errors, first = 0, 0, time.perf_counter()
            while True:
                attempts += 1
                t0 = time.perf_counter()
                try:
                    if conn is None:
                        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                    conn.request(
                        "POST", "/api/v1/reports/", body=body,
                        headers={"Authorization": f"Token {token}",
                                 "Content-Type": "application/json"},
                    )  # fmt: skip
                    response = conn.getresponse()
                    payload = response.read()
                    status = response.status
                except (OSError, http.client.HTTPException):
                    status, payload = "error", b""
                    conn = None
                latency = time.perf_counter() - t0
                if status in (200, 201):
                    report_id = json.loads(payload)["id"]
                    with lock:
                        results.append(
                            (cid, report_id, status, latency, attempts, errors,
                             time.perf_counter() - first)
                        )  # fmt: skip
                    break
                errors += 1
                if time.time() > stop_at + 60:
                    with lock:
                        results.append((cid, None, status, latency, attempts, errors, 0.0))
                    break
                time.sleep(0.3)
            if think:
                time.sleep(rnd.uniform(0, 2 * think))

    threads = [threading.Thread(target=one, args=(k,)) for k in range(n_threads)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    out.put(results)


class Load:
    def __init__(self, system, token, desa, run, clients, seconds, think, processes=2):
        self.out = mp.Queue()
        per = [clients // processes + (i < clients % processes) for i in range(processes)]
        self.procs = [
            mp.Process(
                target=_clients,
                args=(system.port, token, run, desa, seconds, think, n, i + 1, self.out),
            )
            for i, n in enumerate(per)
            if n
        ]

    def start(self):
        for p in self.procs:
            p.start()

    def join(self) -> list[tuple]:
        results = [r for _ in self.procs for r in self.out.get()]
        for p in self.procs:
            p.join()
        return results


class Probe(threading.Thread):
    """GET /healthz every 0.1 s: how often and how long the web did not answer."""

    def __init__(self, system):
        super().__init__(daemon=True)
        self.system, self.running = system, True
        self.ok = self.failed = 0
        self.longest_gap = 0.0
        self._gap_since = None

    def run(self):
        while self.running:
            if self.system.healthy():
                self.ok += 1
                if self._gap_since is not None:
                    self.longest_gap = max(self.longest_gap, time.time() - self._gap_since)
                    self._gap_since = None
            else:
                self.failed += 1
                self._gap_since = self._gap_since or time.time()
            time.sleep(0.1)

    def stop(self) -> str:
        self.running = False
        self.join(5)
        if self._gap_since is not None:
            self.longest_gap = max(self.longest_gap, time.time() - self._gap_since)
        total = self.ok + self.failed
        return (
            f"web answered {self.ok}/{total} health probes ({100 * self.ok / max(1, total):.1f}%), "
            f"longest gap {self.longest_gap:.1f} s"
        )


# --- checks -------------------------------------------------------------------------------

VERIFY = """
import json, sys
from collections import Counter
from django_tasks_db.models import DBTaskResult
from waspada.intake.models import Report
ids = json.load(open(sys.argv[1]))
run = sys.argv[2]
stored = Counter(Report.objects.filter(text__startswith=f"[{run}] ").values_list("text", flat=True))
reports = {r.pk: r for r in Report.objects.filter(pk__in=ids)}
analyses, checks, other, queued = Counter(), Counter(), Counter(), Counter()
for path, kw, status in DBTaskResult.objects.filter(
    task_path__in=["waspada.intake.tasks.analyse_report", "waspada.alerts.tasks.evaluate_report"]
).values_list("task_path", "args_kwargs", "status"):
    rid = kw["args"][0] if kw["args"] else kw["kwargs"].get("report_id")
    if rid not in reports:
        continue
    if path.endswith("analyse_report"):
        queued[rid] += 1
    if status != "SUCCESSFUL":
        other[(path.rsplit(".", 1)[1], status)] += 1
    elif path.endswith("analyse_report"):
        analyses[rid] += 1
    else:
        checks[rid] += 1
waits = sorted(
    (r.analysed_at - r.received_at).total_seconds() for r in reports.values() if r.analysed_at
)
print(json.dumps({
    "acknowledged": len(ids),
    "missing": len([i for i in ids if i not in reports]),
    "stored_twice": sum(1 for n in stored.values() if n > 1),
    "analysis_not_queued_once": sum(1 for i in reports if queued[i] != 1),
    "not_analysed": sum(1 for r in reports.values() if r.analysed_at is None),
    "analysed_not_once": sum(1 for i in reports if analyses[i] != 1),
    "alert_checked_not_once": sum(1 for i in reports if checks[i] != 1),
    "unfinished_or_failed_tasks": {f"{k[0]}:{k[1]}": v for k, v in other.items()},
    "failed_tasks_all": DBTaskResult.objects.filter(status="FAILED").count(),
    "wait_p50": waits[len(waits) // 2] if waits else None,
    "wait_p95": waits[int(len(waits) * 0.95)] if waits else None,
    "wait_max": waits[-1] if waits else None,
}))
"""

DRAINED = """
from django_tasks_db.models import DBTaskResult
print(DBTaskResult.objects.filter(status__in=["READY", "RUNNING"]).exclude(
    task_path__in=["waspada.media.tasks.poll_due_sources"]).count())
"""


def drain(env: dict, seconds: float = 180) -> float:
    t0 = time.time()
    while time.time() - t0 < seconds:
        try:
            if int(django(env, DRAINED, timeout=60)) == 0:
                return time.time() - t0
        except subprocess.SubprocessError:
            pass
        time.sleep(1)
    return -1


def verify(env: dict, run: str, results: list[tuple]) -> dict:
    ids = [r[1] for r in results if r[1] is not None]
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
        json.dump(ids, f)
    try:
        out = subprocess.run(
            [sys.executable, "-c", "import django; django.setup()\n" + VERIFY, f.name, run],
            cwd=ROOT, env=env, check=True, capture_output=True, text=True, timeout=300,
        ).stdout  # fmt: skip
    finally:
        os.unlink(f.name)
    return json.loads(out.strip().splitlines()[-1])


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(p / 100 * len(values)))] if values else float("nan")


def report(
    name: str, results: list[tuple], seconds: float, checked: dict, extra: list[str],
    backlog_ok: bool = False,
):  # fmt: skip
    acked = [r for r in results if r[1] is not None]
    lat = [r[3] for r in acked]
    retried = sum(1 for r in acked if r[4] > 1)
    errors = sum(r[5] for r in results)
    print(f"\n== {name}")
    print(
        f"  reports acknowledged: {len(acked)} in {seconds:.0f} s ({len(acked) / seconds:.1f}/s); "
        f"request errors {errors} (retried {retried} reports; never acknowledged "
        f"{len(results) - len(acked)})"
    )
    if lat:
        print(
            f"  request latency: p50 {pct(lat, 50) * 1000:.0f} ms  p95 {pct(lat, 95) * 1000:.0f} ms"
            f"  p99 {pct(lat, 99) * 1000:.0f} ms  max {max(lat) * 1000:.0f} ms"
        )
    stored_ok = (
        checked["missing"] == 0
        and checked["stored_twice"] == 0
        and checked["analysis_not_queued_once"] == 0
        and checked["failed_tasks_all"] == 0
    )
    done_ok = (
        checked["not_analysed"] == 0
        and checked["analysed_not_once"] == 0
        and checked["alert_checked_not_once"] == 0
        and not checked["unfinished_or_failed_tasks"]
    )
    counts = {k: v for k, v in checked.items() if "wait" not in k}
    if backlog_ok:  # a load beyond the workers: judged on what is stored and queued
        ok = stored_ok
        print(
            "  every acknowledged report stored once with its analysis queued once: "
            f"{'YES' if ok else 'NO'}; analysed by the end of the bounded drain: "
            f"{counts['acknowledged'] - counts['not_analysed']} {json.dumps(counts)}"
        )
    else:
        ok = stored_ok and done_ok
        print(
            "  every acknowledged report stored once, analysed once, alert-checked once: "
            f"{'YES' if ok else 'NO'} {json.dumps(counts)}"
        )
    if checked["wait_p50"] is not None:
        print(
            f"  report → analysis stored: p50 {checked['wait_p50']:.2f} s  "
            f"p95 {checked['wait_p95']:.2f} s  max {checked['wait_max']:.2f} s"
        )
    for line in extra:
        print("  " + line)
    return ok


# --- scenarios ----------------------------------------------------------------------------


def run_scenario(name, system, env, token, desa, args, fault=None, think=None, drain_s=240):
    run = f"{name}-{uuid.uuid4().hex[:6]}"
    think = args.think if think is None else think
    load = Load(system, token, desa, run, args.clients, args.seconds, think)
    probe = Probe(system)
    restarts_before = {k: v["restarts"] for k, v in system.children().items()}
    probe.start()
    t0 = time.time()
    load.start()
    notes = fault(t0) if fault else []
    results = load.join()
    elapsed = time.time() - t0
    availability = probe.stop()
    drained = drain(env, drain_s)
    checked = verify(env, run, results)
    restarts = {k: v["restarts"] - restarts_before.get(k, 0) for k, v in system.children().items()}
    drain_note = (
        f"queue drained {drained:.1f} s after the load"
        if drained >= 0
        else f"queue not drained within {drain_s} s of the load (a backlog; see analysed)"
    )
    extra = [*notes, availability, drain_note, f"supervisor restarts: {restarts}"]
    return report(
        name, results, min(elapsed, args.seconds), checked, extra, backlog_ok=fault is None
    )


def at(t0: float, seconds: float) -> None:
    time.sleep(max(0.0, t0 + seconds - time.time()))


def kill_worker(system, args):
    def fault(t0):
        at(t0, args.seconds / 3)
        worker = next(c for n, c in system.children().items() if n.startswith("worker"))
        os.kill(worker["pid"], signal.SIGKILL)
        return [f"kill -9 of the worker (pid {worker['pid']}) at {args.seconds / 3:.0f} s"]

    return fault


def kill_web(system, args):
    def fault(t0):
        notes = []
        at(t0, args.seconds / 4)
        master = next(c for n, c in system.children().items() if n.startswith("web"))["pid"]
        workers = child_pids(master)
        if workers:
            os.kill(workers[0], signal.SIGKILL)
            notes.append(
                f"kill -9 of one web process (pid {workers[0]}) at {args.seconds / 4:.0f} s"
            )
        at(t0, args.seconds / 2)
        for pid in child_pids(master):
            os.kill(pid, signal.SIGKILL)
        os.kill(master, signal.SIGKILL)
        notes.append(f"kill -9 of a whole web server (pid {master} and its processes) at "
                     f"{args.seconds / 2:.0f} s; `up` runs two on the port")  # fmt: skip
        return notes

    return fault


def pg_stop(cluster, args):
    def fault(t0):
        at(t0, args.seconds / 3)
        t = time.time()
        cluster.stop()
        time.sleep(8)
        cluster.start()
        return [f"PostgreSQL stopped at {args.seconds / 3:.0f} s for {time.time() - t:.1f} s "
                "(pg_ctl stop -m fast; start)"]  # fmt: skip

    return fault


MAKE_ACLED = """
import csv, random, sys
from waspada.areas.models import Area
from waspada.events.exchange import acled
rnd = random.Random(18)
path, kukar = sys.argv[1], sys.argv[2]
kec = list(Area.objects.filter(level="kecamatan").exclude(code__startswith="64.02.")
           .values_list("name", "parent__name", "parent__parent__name", "lat", "lon"))
with open(kukar) as f:
    kukar_rows = list(csv.DictReader(f))[:14]
with open(path, "w", newline="") as f:
    w = csv.DictWriter(f, fieldnames=acled.COLUMNS)
    w.writeheader()
    for row in kukar_rows:
        w.writerow(row)
    for i in range(int(sys.argv[3]) - len(kukar_rows)):
        name, kab, prov, lat, lon = rnd.choice(kec)
        w.writerow({c: "" for c in acled.COLUMNS} | dict(
            event_id_cnty=f"IDNF{i}",
            event_date=f"{rnd.randint(2015, 2024)}-0{rnd.randint(1, 9)}-1{rnd.randint(0, 9)}",
            year="2020", time_precision="1", disorder_type="Demonstrations", event_type="Protests",
            sub_event_type=rnd.choice(["Peaceful protest", "Mob violence", "Attack"]),
            actor1="Protesters (Indonesia)", inter1="6", iso="360", region="Southeast Asia",
            country="Indonesia", admin1=prov, admin2=kab, admin3=name, location=name,
            latitude=lat or "", longitude=lon or "", geo_precision="2", source="bench",
            source_scale="National", notes=f"Synthetic event {i} in {name}.", fatalities="0",
            timestamp="1700000000"))
"""

START_IMPORT = """
import sys, time
from waspada.events.exchange import importer
t = time.time()
content = open(sys.argv[1], "rb").read()
batch, preview = importer.stage(content, "acled-indonesia.csv", None)
assert preview.ok, preview.errors[:5] or preview.file_errors
importer.start(batch, None)
print(batch.pk, round(time.time() - t, 1))
"""

IMPORT_STATE = """
import json, sys
from waspada.events.models import ImportBatch, Event
b = ImportBatch.objects.defer("content").get(pk=int(sys.argv[1]))
kukar = Event.objects.filter(import_batch=b, kecamatan_code__startswith="64.02.").count()
print(json.dumps({"status": b.status, "done": b.rows_done, "created": b.created_count,
  "seconds": (b.finished_at - b.started_at).total_seconds() if b.finished_at else None,
  "kukar_in_kecamatan": kukar, "resolved": b.summary.get("resolved"),
  "started": b.started_at.timestamp() if b.started_at else None,
  "finished": b.finished_at.timestamp() if b.finished_at else None}))
"""

LIVE_WAITS = """
import json, sys
from datetime import datetime, UTC
from waspada.intake.models import Report
a, b = (datetime.fromtimestamp(float(x), UTC) for x in sys.argv[1:3])
waits = sorted((r.analysed_at - r.received_at).total_seconds()
               for r in Report.objects.filter(received_at__range=(a, b)).exclude(analysed_at=None))
print(json.dumps({"n": len(waits), "p50": waits[len(waits) // 2] if waits else None,
  "p95": waits[int(len(waits) * 0.95)] if waits else None, "max": waits[-1] if waits else None}))
"""


def import_during_intake(system, env, token, desa, args) -> bool:
    var = Path(env["WASPADA_VAR_DIR"])
    path = var / "acled-indonesia.csv"
    code = "import django; django.setup()\n" + MAKE_ACLED
    kukar = ROOT / "tests" / "events" / "data" / "acled_kukar.csv"
    subprocess.run([sys.executable, "-c", code, str(path), str(kukar), str(ACLED_ROWS)],
                   cwd=ROOT, env=env, check=True, timeout=300)  # fmt: skip
    run = f"import-{uuid.uuid4().hex[:6]}"
    probe = Probe(system)
    probe.start()
    t0 = time.time()
    code = "import django; django.setup()\n" + START_IMPORT
    out = subprocess.run([sys.executable, "-c", code, str(path)], cwd=ROOT, env=env, check=True,
                         capture_output=True, text=True, timeout=600).stdout.split()  # fmt: skip
    batch_id, preview_seconds = int(out[0]), float(out[1])
    # Live reports for as long as the import runs (bounded), a few clients with pauses.
    state_code = "import django; django.setup()\n" + IMPORT_STATE
    results, state = [], {}
    deadline = time.time() + 600
    while time.time() < deadline:
        load = Load(system, token, desa, run, args.import_clients, 10, 0.5)
        load.start()
        results += load.join()
        state = json.loads(subprocess.run(
            [sys.executable, "-c", state_code, str(batch_id)], cwd=ROOT, env=env,
            check=True, capture_output=True, text=True).stdout)  # fmt: skip
        if state["status"] == "committed":
            break
    elapsed = time.time() - t0
    availability = probe.stop()
    drained = drain(env)
    checked = verify(env, run, results)
    live = {}
    if state.get("started") and state.get("finished"):
        code = "import django; django.setup()\n" + LIVE_WAITS
        live = json.loads(subprocess.run(
            [sys.executable, "-c", code, str(state["started"]), str(state["finished"])],
            cwd=ROOT, env=env, check=True, capture_output=True, text=True).stdout)  # fmt: skip
    extra = [
        f"import of {ACLED_ROWS} ACLED-shaped rows: preview (parse, in the request) "
        f"{preview_seconds:.1f} s; background import {state.get('seconds')} s; status "
        f"{state.get('status')}; {state.get('created')} events; areas {state.get('resolved')}; "
        f"{state.get('kukar_in_kecamatan')} in Kukar kecamatan/desa",
        f"live reports received while the import ran: {live.get('n')}; their analysis stored "
        f"after p50 {live.get('p50')} s, p95 {live.get('p95')} s, max {live.get('max')} s",
        availability,
        f"queue drained {drained:.1f} s after",
    ]
    ok = report("import during live intake", results, elapsed, checked, extra)
    return ok and (live.get("max") or 99) <= 5


# --- main ---------------------------------------------------------------------------------


def prepare(env: dict) -> tuple[str, list[str]]:
    subprocess.run([*PY, "migrate", "-v0"], cwd=ROOT, env=env, check=True, timeout=600)
    subprocess.run([*PY, "load_areas"], cwd=ROOT, env=env, check=True, capture_output=True,
                   timeout=600)  # fmt: skip
    token = django(
        env,
        "from waspada.accounts.models import Organisation, Role, User\n"
        "from waspada.api.models import ApiToken\n"
        "org = Organisation.objects.create(name='Kesbangpol Kukar', type='pemerintah')\n"
        "u = User.objects.create_user('faults', role=Role.FIELD_REPORTER, organisation=org,"
        " scope_all=True)\n"
        "print(ApiToken.issue(u, 'faults')[1])\n",
    )
    desa = json.loads(
        django(
            env,
            "import json; from waspada.areas.models import Area\n"
            "codes = Area.objects.desa_of_regency().values_list('code', flat=True)\n"
            "print(json.dumps(list(codes)))",
        )
    )
    return token, desa


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    ap.add_argument("--scenarios", default="")
    ap.add_argument("--seconds", type=float, default=20)
    ap.add_argument("--clients", type=int, default=10)
    ap.add_argument("--import-clients", type=int, default=4)
    ap.add_argument(
        "--think", type=float, default=0.5, help="mean pause of a client between reports (s)"
    )
    ap.add_argument("--web-processes", type=int, default=2)
    ap.add_argument("--task-workers", type=int, default=1)
    args = ap.parse_args()
    default = "kill-worker,kill-web,import" + (",pg-stop" if args.db == "postgres" else "")
    scenarios = [s for s in (args.scenarios or default).split(",") if s]

    var = tempfile.mkdtemp(prefix="waspada-faults-")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("WASPADA_", "DATABASE_URL"))}
    env.update(
        WASPADA_VAR_DIR=var,
        DJANGO_SETTINGS_MODULE="waspada.settings",
        DEBUG="false",
        ALLOWED_HOSTS="127.0.0.1",
        LOG_LEVEL="WARNING",
        PYTHONPATH=str(ROOT),
        WASPADA_WORKER_HEARTBEAT_SECONDS="1",
        WASPADA_WORKER_STALE_SECONDS="6",
    )
    cluster = None
    if args.db == "postgres":
        cluster = Cluster()
        cluster.init()
        env["DATABASE_URL"] = cluster.url
    system = System(env, args.web_processes, args.task_workers)
    results = {}
    try:
        token, desa = prepare(env)
        system.start()
        cores = len(os.sched_getaffinity(0))
        print(
            f"faults on {args.db}: waspada up with {args.web_processes} web processes and "
            f"{args.task_workers} worker(s); {cores} cores shared with other work (load "
            f"average {os.getloadavg()[0]:.1f}); {args.clients} clients pausing "
            f"{args.think:.1f} s on average (none under 'load'), {args.seconds:.0f} s per "
            "scenario; leases: "
            "heartbeat 1 s, stale after 6 s"
        )
        for name in scenarios:
            if name == "kill-worker":
                results[name] = run_scenario(
                    name, system, env, token, desa, args, kill_worker(system, args)
                )
            elif name == "kill-web":
                results[name] = run_scenario(
                    name, system, env, token, desa, args, kill_web(system, args)
                )
            elif name == "pg-stop":
                if cluster is None:
                    print("\n== pg-stop: PostgreSQL only")
                    continue
                results[name] = run_scenario(
                    name, system, env, token, desa, args, pg_stop(cluster, args)
                )
            elif name == "import":
                results[name] = import_during_intake(system, env, token, desa, args)
            elif name == "load":
                results[name] = run_scenario(
                    name, system, env, token, desa, args, None, think=0, drain_s=60
                )
            else:
                raise SystemExit(f"unknown scenario {name}")
    finally:
        system.stop()
        if cluster is not None:
            cluster.remove()
        shutil.rmtree(var, ignore_errors=True)
    print("\nsummary: " + ", ".join(f"{k} {'ok' if v else 'FAILED'}" for k, v in results.items()))
    return 0 if all(results.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
