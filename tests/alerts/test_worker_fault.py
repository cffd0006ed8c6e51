"""A worker killed in the middle of a delivery: the message goes out after a restart, with
the same idempotency key, and the receiver takes it as new once.

Real processes: ``python -m waspada worker`` on a database file of its own, killed with
SIGKILL while the webhook receiver holds the first request open."""

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from .servers import Service

ROOT = Path(__file__).resolve().parents[2]
SECRET = "hook-secret"


def _env(db: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("WASPADA_", "DJANGO_"))}
    env.update(
        DATABASE_URL=f"sqlite:///{db}",
        DJANGO_SETTINGS_MODULE="waspada.settings",
        WASPADA_HTTP_ALLOW_PRIVATE="true",
        WASPADA_ALERTS_LEASE_SECONDS="3",
        WASPADA_ALERTS_RESUME_SECONDS="1",
        PYTHONPATH=str(ROOT),
    )
    return env


def _manage(env, *args) -> str:
    """Run a command; return the last line it printed."""
    done = subprocess.run(
        [sys.executable, "-m", "waspada", *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout.strip().splitlines()[-1] if done.stdout.strip() else ""


def _worker(env) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "waspada", "worker"],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )


def _wait(condition, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


SEND = """
from waspada.accounts.models import Organisation
from waspada.alerts.deliver import send
from waspada.alerts.models import Channel
org = Organisation.objects.create(name="Polres Kukar", type="polri")
channel = Channel.objects.create(organisation=org, kind="webhook", address="{url}/hook",
                                 secret="{secret}")
print(send(channel, "SIAGA Tenggarong", "Bentrok warga")[0].key)
"""

STATE = """
import json
from waspada.alerts.models import Message
m = Message.objects.get()
print(json.dumps({"status": m.status, "key": str(m.key),
                  "deliveries": list(m.deliveries.values_list("outcome", "error"))}))
"""


@pytest.mark.slow
def test_a_worker_killed_while_sending_delivers_after_restart_exactly_once(tmp_path):
    receiver = Service().start()
    receiver.hooks["/hook"] = SECRET
    receiver.script["/hook"] = [("hang", 6), (200, {"ok": True})]
    env = _env(tmp_path / "db.sqlite3")
    workers = []
    try:
        _manage(env, "migrate", "-v0")
        key = _manage(env, "shell", "-c", SEND.format(url=receiver.url, secret=SECRET))

        workers.append(_worker(env))
        assert _wait(lambda: len(receiver.seen) == 1, 60), "the first worker never sent"
        os.killpg(workers[0].pid, signal.SIGKILL)  # in the middle of the delivery
        workers[0].wait(10)

        workers.append(_worker(env))
        assert _wait(lambda: len(receiver.seen) == 2, 60), "the message was not sent again"
        assert _wait(lambda: json.loads(_manage(env, "shell", "-c", STATE))["status"] == "sent", 30)
        time.sleep(6)  # let the first, abandoned request finish at the receiver too
        state = json.loads(_manage(env, "shell", "-c", STATE))
    finally:
        for worker in workers:
            if worker.poll() is None:
                os.killpg(worker.pid, signal.SIGTERM)
                worker.wait(10)
        receiver.stop()

    keys = [seen.headers["Idempotency-Key"] for seen in receiver.seen]
    assert keys == [key, key]  # the same key on both tries…
    assert receiver.new_keys == [key]  # …and the receiver took it as new once
    assert receiver.bad_signatures == 0
    assert state["deliveries"] == [["sending", "interrupted"], ["sent", ""]]
