"""The embedded profile's SQLite backend: writers wait in line (threads and processes) and
still go ahead after the timeout; nothing of the turn is kept after commit, rollback or close."""

import subprocess
import sys
import threading
import time

import pytest
from django.db.utils import ConnectionHandler

from waspada.lib.sqlite.writers import queue_for


def _wrapper(path, timeout=5, sqlite_busy_ms=5000):
    handler = ConnectionHandler(
        {
            "default": {
                "ENGINE": "waspada.lib.sqlite",
                "NAME": str(path),
                "OPTIONS": {
                    "transaction_mode": "IMMEDIATE",
                    "timeout": timeout,
                    "init_command": f"PRAGMA busy_timeout={sqlite_busy_ms}",
                },
            }
        }
    )
    return handler["default"]


def _begin(w):
    w.set_autocommit(False, force_begin_transaction_with_broken_autocommit=True)


def _end(w, how="commit"):
    getattr(w, how)()
    w.set_autocommit(True)


@pytest.fixture
def db_file(tmp_path, django_db_blocker):
    """A WAL database file of its own (not the tests' database)."""
    django_db_blocker.unblock()
    yield _new_file(tmp_path)
    django_db_blocker.restore()


def _new_file(tmp_path):
    path = tmp_path / "w.sqlite3"
    w = _wrapper(path)
    with w.cursor() as c:
        c.execute("PRAGMA journal_mode=WAL")
        c.execute("CREATE TABLE t (n INTEGER)")
    w.close()
    return path


def test_a_second_writer_waits_for_the_first_to_commit(db_file):
    first, order = _wrapper(db_file), []
    _begin(first)
    first.cursor().execute("INSERT INTO t VALUES (1)")

    def second():
        # SQLite would refuse at once ("database is locked"): it is the queue that waits.
        w = _wrapper(db_file, sqlite_busy_ms=0)
        _begin(w)  # waits here until the first commits
        order.append("second began")
        w.cursor().execute("INSERT INTO t VALUES (2)")
        _end(w)
        w.close()

    thread = threading.Thread(target=second)
    thread.start()
    time.sleep(0.3)
    order.append("first commits")
    _end(first)
    thread.join(5)
    assert order == ["first commits", "second began"]
    assert first.cursor().execute("SELECT n FROM t ORDER BY n").fetchall() == [(1,), (2,)]
    first.close()


@pytest.mark.parametrize("how", ["commit", "rollback", "close"])
def test_the_turn_is_given_back_however_the_transaction_ends(db_file, how):
    w = _wrapper(db_file)
    _begin(w)
    assert w._writer_turn is not None
    if how == "close":
        w.close()
    else:
        _end(w, how)
    assert w._writer_turn is None
    queue = queue_for(str(db_file))
    assert queue.acquire(0.1)
    queue.release()
    w.close()


HOLD = """
import fcntl, sys, time
f = open(sys.argv[1] + ".writer", "ab")
fcntl.flock(f.fileno(), fcntl.LOCK_EX)
print("held", flush=True)
time.sleep(float(sys.argv[2]))
"""


def _hold_in_another_process(path, seconds):
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(path), str(seconds)], stdout=subprocess.PIPE, text=True
    )
    assert proc.stdout.readline().strip() == "held"
    return proc


def test_another_process_writing_is_waited_for(db_file):
    proc = _hold_in_another_process(db_file, 0.4)
    w = _wrapper(db_file)
    t0 = time.monotonic()
    _begin(w)
    waited = time.monotonic() - t0
    _end(w)
    w.close()
    proc.wait(5)
    assert waited >= 0.2
    assert w._writer_turn is None


def test_a_writer_goes_ahead_after_the_timeout(db_file):
    proc = _hold_in_another_process(db_file, 5)
    try:
        w = _wrapper(db_file, timeout=0.3)
        t0 = time.monotonic()
        _begin(w)  # the other process never writes: SQLite lets this one in
        assert 0.25 <= time.monotonic() - t0 < 3
        assert w._writer_turn is None
        w.cursor().execute("INSERT INTO t VALUES (3)")
        _end(w)
        w.close()
    finally:
        proc.kill()
        proc.wait()
