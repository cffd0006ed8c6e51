"""Keep the embedded profile's processes running: restart a child that dies, with back-off.

``python -m waspada up`` starts the web app and its worker(s) as children of one supervisor.
A child that exits (killed, crashed, out of memory) is started again after a back-off that
doubles with each quick failure (1 s, 2 s, 4 s … at most ``MAX_BACKOFF``) and resets once
the child has stayed up for ``HEALTHY_AFTER`` seconds; the other children keep running. What
happened is written to ``<VAR_DIR>/supervisor.json`` (read by the status page): each child's
pid, start time, restarts and its last exits. The production profile leaves this job to
systemd or the container runtime (docs/operations.md).
"""

from __future__ import annotations

import json
import os
import subprocess
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

MAX_BACKOFF = 30.0
HEALTHY_AFTER = 60.0
KEEP_EXITS = 10


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


@dataclass
class Child:
    name: str
    command: list[str]
    env: dict[str, str] | None = None
    pid: int | None = None
    started_at: str = ""
    restarts: int = 0
    exits: list[dict] = field(default_factory=list)
    next_start: float = 0.0
    failures_in_a_row: int = 0
    _proc: subprocess.Popen | None = None
    _started: float = 0.0

    def start(self) -> None:
        self._proc = subprocess.Popen(self.command, env=self.env)
        self.pid = self._proc.pid
        self.started_at = _now()
        self._started = time.monotonic()

    @property
    def running(self) -> bool:
        return self._proc is not None and self._proc.poll() is None

    def public(self) -> dict:
        return {
            "name": self.name,
            "pid": self.pid,
            "running": self.running,
            "started_at": self.started_at,
            "restarts": self.restarts,
            "exits": list(self.exits),
        }


class Supervisor:
    def __init__(self, children: list[Child], status_file: Path | None = None):
        self.children = children
        self.status_file = status_file
        self.stopping = False

    def start(self) -> None:
        for child in self.children:
            child.start()
        self.write_status()

    def tick(self) -> None:
        """Notice exits and restart what is due; call it often."""
        changed = False
        now = time.monotonic()
        for child in self.children:
            proc = child._proc
            if proc is not None and proc.poll() is not None:
                code = proc.returncode
                lived = now - child._started
                quick = lived < HEALTHY_AFTER
                child.failures_in_a_row = child.failures_in_a_row + 1 if quick else 0
                delay = min(MAX_BACKOFF, 2.0 ** max(0, child.failures_in_a_row - 1))
                child.exits = [
                    *child.exits[-(KEEP_EXITS - 1) :],
                    {"at": _now(), "code": code, "after_seconds": round(lived, 1)},
                ]
                child._proc, child.pid = None, None
                child.next_start = now + delay
                print(
                    f"supervisor: {child.name} exited with {code} after {lived:.0f} s; "
                    f"restarting in {delay:.0f} s",
                    flush=True,
                )
                changed = True
            if child._proc is None and not self.stopping and now >= child.next_start:
                child.start()
                child.restarts += 1
                changed = True
        if changed:
            self.write_status()

    def stop(self, timeout: float = 15.0) -> int:
        self.stopping = True
        procs = [c._proc for c in self.children if c._proc is not None]
        for proc in procs:
            if proc.poll() is None:
                proc.terminate()
        for proc in procs:
            try:
                proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        self.write_status()
        return max((p.returncode or 0 for p in procs), default=0) if procs else 0

    def write_status(self) -> None:
        if self.status_file is None:
            return
        data = {
            "supervisor_pid": os.getpid(),
            "written_at": _now(),
            "children": [c.public() for c in self.children],
        }
        tmp = self.status_file.with_suffix(".tmp")
        tmp.write_text(json.dumps(data, indent=1))
        os.replace(tmp, self.status_file)


def read_status(status_file: Path) -> dict | None:
    """What the supervisor last wrote, or None when nothing supervises this installation."""
    try:
        return json.loads(status_file.read_text())
    except (OSError, ValueError):
        return None
