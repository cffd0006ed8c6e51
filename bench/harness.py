"""What the server benchmarks share: a fresh database (SQLite in a temporary folder or a new
PostgreSQL database on 127.0.0.1), Django code run in it, and the real server on a free port."""

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _env(var_dir: str) -> dict:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(
        WASPADA_VAR_DIR=var_dir,
        DJANGO_SETTINGS_MODULE="waspada.settings",
        DEBUG="false",
        ALLOWED_HOSTS="127.0.0.1",
        WASPADA_REQUIRE_2FA="false",
    )
    return env


def _new_postgres(env: dict, name: str) -> None:
    for sql in (f"DROP DATABASE IF EXISTS {name} WITH (FORCE)", f"CREATE DATABASE {name}"):
        subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-qc", sql], check=True)
    env["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{name}"


def fresh_env(db: str, name: str) -> dict:
    """Environment of a fresh embedded (SQLite) or PostgreSQL database named ``name``."""
    env = _env(tempfile.mkdtemp(prefix=f"{name}-"))
    if db == "postgres":
        _new_postgres(env, name)
    return env


@contextlib.contextmanager
def kept_database(db: str, folder: str, name: str):
    """A database kept between runs (for measuring again after a change without seeding
    again): SQLite in ``folder``, or the PostgreSQL database ``name`` with ``folder`` for the
    rest. Yields (environment, whether it was seeded before: ``folder/seeded`` exists, which
    the caller writes once seeding is done). Created afresh when not seeded; never removed."""
    path = Path(folder).resolve()
    seeded = (path / "seeded").exists()
    if not seeded:
        shutil.rmtree(path, ignore_errors=True)
    path.mkdir(parents=True, exist_ok=True)
    env = _env(str(path))
    if db == "postgres":
        if seeded:
            env["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{name}"
        else:
            _new_postgres(env, name)
    yield env, seeded


def cleanup(env: dict) -> None:
    """Drop the benchmark's PostgreSQL database and remove its folder (SQLite, cache, media)."""
    url = env.get("DATABASE_URL")
    if url:
        name = url.rsplit("/", 1)[1]
        subprocess.run(
            [
                "psql",
                "-h",
                "127.0.0.1",
                "-U",
                "postgres",
                "-qc",
                f"DROP DATABASE IF EXISTS {name} WITH (FORCE)",
            ],
            check=False,
        )
    shutil.rmtree(env["WASPADA_VAR_DIR"], ignore_errors=True)


@contextlib.contextmanager
def fresh_database(db: str, name: str):
    """:func:`fresh_env`, cleaned up afterwards whatever happens (:func:`cleanup`)."""
    env = fresh_env(db, name)
    try:
        yield env
    finally:
        cleanup(env)


def manage(env, *args, **kw):
    """``python -m waspada ARGS`` in the benchmark's environment."""
    return subprocess.run(
        [sys.executable, "-m", "waspada", *args],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
        **kw,
    )


def django_code(env, code: str):
    """Run ``code`` after django.setup() in the benchmark's environment."""
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup()\n" + code],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )


def _processes() -> dict[int, tuple[int, int]]:
    """pid → (parent pid, CPU ticks used) of every process, from Linux's /proc."""
    out = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        out[int(stat.parent.name)] = (int(fields[1]), int(fields[11]) + int(fields[12]))
    return out


def tree_cpu_seconds(pid: int) -> float | None:
    """CPU seconds (user + system) used so far by process ``pid`` and all its descendants
    (``python -m waspada serve`` → gunicorn's workers), read from Linux's /proc; None
    elsewhere. A descendant that has exited is counted in its parent's cutime only once the
    parent waited for it: sample while the server runs."""
    if not Path("/proc").is_dir():
        return None
    tick = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
    procs = _processes()
    if pid not in procs:
        return None
    children: dict[int, list[int]] = {}
    for p, (ppid, _) in procs.items():
        children.setdefault(ppid, []).append(p)
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        total += procs[p][1]
        todo += children.get(p, [])
    return total / tick


@contextlib.contextmanager
def server(env, threads: int = 8, workers: int | None = None, started: list | None = None):
    """The real server, as ``python -m waspada serve`` starts it (gunicorn with one process
    per core, or waitress with ``workers=1``), on a free port; yields the port. ``started``,
    when given, receives the server's process id (for :func:`tree_cpu_seconds`)."""
    manage(env, "collectstatic", "--noinput", "-v0")
    port = free_port()
    command = [sys.executable, "-m", "waspada", "serve", "--port", str(port)]
    command += ["--threads", str(threads)]
    if workers is not None:
        command += ["--workers", str(workers)]
    process = subprocess.Popen(
        command,
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    if started is not None:
        started.append(process.pid)
    try:
        for _ in range(150):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.2)
        yield port
    finally:
        process.terminate()
        process.wait(10)
