"""A real server process (``python -m waspada serve``: gunicorn, two processes) on the test's
database where it can be shared (PostgreSQL: the test database, rows committed), or on a
migrated SQLite file of its own (the in-memory test database cannot be shared)."""

import os
import sqlite3
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django.db import connection

from tests.intake.servers import free_port

ROOT = Path(__file__).resolve().parents[2]


class Served:
    def __init__(self, url: str, sqlite_file: Path | None):
        self.url = url
        self.sqlite_file = sqlite_file

    def scalar(self, sql: str):
        """One value read from the server's database (its SQLite file, or the shared one)."""
        if self.sqlite_file is not None:
            with sqlite3.connect(self.sqlite_file) as db:
                return db.execute(sql).fetchone()[0]
        with connection.cursor() as cursor:
            cursor.execute(sql)
            return cursor.fetchone()[0]


@pytest.fixture
def served(request, tmp_path):
    """Start the server with ``extra_env`` from the test's ``served_env`` marker."""
    marker = request.node.get_closest_marker("served_env")
    extra = marker.kwargs if marker else {}
    env = dict(
        os.environ,
        WASPADA_VAR_DIR=str(tmp_path),
        ALLOWED_HOSTS="127.0.0.1",
        WASPADA_WEB_WORKERS="2",
        **{k: str(v) for k, v in extra.items()},
    )
    env.pop("DEBUG", None)  # as on a fresh machine
    sqlite_file = None
    if connection.vendor == "postgresql":
        settings = connection.settings_dict
        env["DATABASE_URL"] = (
            f"postgres://{settings['USER']}:{settings['PASSWORD'] or ''}@{settings['HOST']}:"
            f"{settings['PORT'] or 5432}/{settings['NAME']}"
        )
    else:
        env.pop("DATABASE_URL", None)
        sqlite_file = tmp_path / "waspada.sqlite3"
        subprocess.run(
            [sys.executable, "-m", "waspada", "migrate", "-v0"], cwd=ROOT, env=env, check=True
        )
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "waspada", "serve", "--port", str(port), "--threads", "8"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                urllib.request.urlopen(url + "/healthz", timeout=5).read()
                break
            except OSError:
                time.sleep(0.2)
        else:
            pytest.fail("the server did not answer")
        yield Served(url, sqlite_file)
    finally:
        server.terminate()
        server.communicate(timeout=30)
