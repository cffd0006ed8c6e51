"""``python -m waspada serve`` as deployed: several processes answering on one port."""

import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.intake.servers import free_port
from waspada.runner import default_workers

ROOT = Path(__file__).resolve().parents[2]


def _get(url: str) -> tuple[int, bytes]:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.status, response.read()


@pytest.mark.slow
def test_serve_runs_several_worker_processes_and_stops_cleanly(tmp_path):
    port = free_port()
    env = dict(os.environ, WASPADA_VAR_DIR=str(tmp_path), DEBUG="false", ALLOWED_HOSTS="127.0.0.1")
    env.pop("DATABASE_URL", None)
    command = [sys.executable, "-m", "waspada", "serve", "--port", str(port), "--workers", "2"]
    server = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    try:
        for _ in range(150):
            try:
                status, body = _get(f"http://127.0.0.1:{port}/healthz")
                break
            except OSError:
                time.sleep(0.2)
        else:
            pytest.fail("the server did not answer")
        assert status == 200 and b'"ok": true' in body
        workers = subprocess.run(
            ["pgrep", "-P", str(server.pid)], capture_output=True, text=True
        ).stdout.split()
        assert len(workers) == 2
    finally:
        server.terminate()
        output, _ = server.communicate(timeout=30)
    assert server.returncode == 0, output
    assert "Booting worker" in output and "Shutting down" in output


def test_the_default_is_one_process_per_core_at_most_four(monkeypatch):
    monkeypatch.setenv("WASPADA_WEB_WORKERS", "3")
    assert default_workers() == 3
    monkeypatch.delenv("WASPADA_WEB_WORKERS")
    monkeypatch.setattr(os, "cpu_count", lambda: 16)
    assert default_workers() == (4 if os.name == "posix" else 1)
