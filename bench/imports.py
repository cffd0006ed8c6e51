"""Benchmark of importing an ACLED-shaped file (prints figures; not a test).

    .venv/bin/python bench/imports.py [--rows 14657] [--db sqlite|postgres]

Builds a file of ``--rows`` ACLED-shaped rows (the 14 Kukar rows of the test file, with
admin3 and coordinates, then rows spread over Indonesia's kecamatan) in a fresh database
(SQLite in a temporary folder, or a fresh PostgreSQL database on 127.0.0.1 that is dropped
at the end), then runs ``python -m waspada import_events FILE --commit`` in a process of its
own and prints: the preview (parse and place every row), the import (chunks of set inserts),
rows/s, the process's peak memory, SQL statements per row, the follow-up tasks queued.
"""

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

from faults import MAKE_ACLED
from harness import ROOT, fresh_env, manage

MEASURE = """
import json, resource, sys, time
from django.db import connection, reset_queries
from django.conf import settings
settings.DEBUG = True  # count statements
from waspada.events.exchange import importer
from django_tasks_db.models import DBTaskResult
content = open(sys.argv[1], "rb").read()
t = time.perf_counter()
batch, preview = importer.stage(content, "acled.csv", None)
staged = time.perf_counter() - t
assert preview.ok, preview.errors[:3]
del preview
reset_queries()
t = time.perf_counter()
created = importer.commit(batch, None)
imported = time.perf_counter() - t
statements = len(connection.queries)
batch.refresh_from_db()
print(json.dumps({
    "staged": staged, "imported": imported, "created": created, "statements": statements,
    "resolved": batch.summary.get("resolved"),
    "followups": DBTaskResult.objects.filter(
        task_path="waspada.alerts.tasks.evaluate_imported_events").count(),
    "per_row_tasks": DBTaskResult.objects.filter(
        task_path="waspada.alerts.tasks.evaluate_event").count(),
    "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
}))
"""


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=14657)
    ap.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    ap.add_argument("--dbname", default="waspada_bench_imports", help="PostgreSQL database")
    args = ap.parse_args()
    name = args.dbname
    env = fresh_env(args.db, name)
    try:
        manage(env, "migrate", "-v0")
        manage(env, "load_areas")
        path = Path(env["WASPADA_VAR_DIR"]) / "acled.csv"
        kukar = ROOT / "tests" / "events" / "data" / "acled_kukar.csv"
        code = "import django; django.setup()\n" + MAKE_ACLED
        subprocess.run(
            [sys.executable, "-c", code, str(path), str(kukar), str(args.rows)],
            cwd=ROOT,
            env=env,
            check=True,
        )
        t = time.perf_counter()
        out = subprocess.run(
            [sys.executable, "-c", "import django; django.setup()\n" + MEASURE, str(path)],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        wall = time.perf_counter() - t
        r = json.loads(out.strip().splitlines()[-1])
        print(
            f"import of {args.rows} ACLED-shaped rows ({path.stat().st_size / 1e6:.1f} MB), "
            f"{args.db}; load average {os.getloadavg()[0]:.1f} (shared machine)"
        )
        print(f"  preview (parse, place, check every row): {r['staged']:.1f} s")
        print(
            f"  import: {r['imported']:.1f} s ({r['created'] / r['imported']:.0f} rows/s), "
            f"{r['created']} events, {r['statements'] / max(1, r['created']):.2f} SQL "
            f"statements per row"
        )
        print(f"  areas: {r['resolved']}")
        print(
            f"  follow-ups: {r['followups']} (one per Kukar kecamatan), per-row event tasks: "
            f"{r['per_row_tasks']}"
        )
        print(f"  peak memory of the importing process: {r['peak_mb']:.0f} MB; wall {wall:.1f} s")
    finally:
        if args.db == "postgres":
            subprocess.run(
                ["psql", "-h", "127.0.0.1", "-U", "postgres", "-qc", f"DROP DATABASE {name}"],
                check=False,
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
