"""One writer at a time for a SQLite file, waiting in line instead of polling.

SQLite lets one connection write at a time. A connection that finds the write lock taken
retries from its busy handler, which sleeps 1, 2, 5, 10 … up to 100 ms between tries: with
ten server threads filing reports, a writer often sleeps for 25–100 ms while the lock it
waits for was free after one. The queue below makes writers wait for each other instead: the
threads of one process on a lock, and the processes sharing the file on ``flock`` of a lock
file beside it, polled every 0.2–2 ms. A writer then starts as soon as the one before it
commits.

After ``timeout`` seconds in line a writer goes ahead anyway and SQLite's own busy handling
decides, as without the queue: a writer that never finishes cannot stop the others for good.
"""

from __future__ import annotations

import os
import threading
import time
from typing import IO

try:
    import fcntl
except ImportError:  # Windows: one process (waitress), whose threads still wait in line
    fcntl = None  # type: ignore[assignment]

_POLL_FIRST = 0.0002
_POLL_MAX = 0.002


class WriterQueue:
    """The line of writers for one database file (one per file and process)."""

    def __init__(self, path: str) -> None:
        self.path = path
        self._thread_lock = threading.Lock()
        self._file: IO[bytes] | None = None

    def _lock_file(self) -> IO[bytes]:
        if self._file is None:
            self._file = open(self.path + ".writer", "ab")  # noqa: SIM115 (kept open)
        return self._file

    def acquire(self, timeout: float) -> bool:
        """Wait for this file's writer turn; False when ``timeout`` passed first (the caller
        then goes ahead without the turn and must not release it)."""
        deadline = time.monotonic() + timeout
        if not self._thread_lock.acquire(timeout=timeout):
            return False
        if fcntl is None:
            return True
        try:
            fd = self._lock_file().fileno()
            pause = _POLL_FIRST
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    return True
                except BlockingIOError:
                    if time.monotonic() >= deadline:
                        break
                    time.sleep(pause)
                    pause = min(pause * 2, _POLL_MAX)
        except BaseException:
            self._thread_lock.release()
            raise
        self._thread_lock.release()
        return False

    def release(self) -> None:
        try:
            if fcntl is not None:
                fcntl.flock(self._lock_file().fileno(), fcntl.LOCK_UN)
        finally:
            self._thread_lock.release()


_queues: dict[str, WriterQueue] = {}
_queues_lock = threading.Lock()


def queue_for(path: str) -> WriterQueue:
    with _queues_lock:
        queue = _queues.get(path)
        if queue is None:
            queue = _queues[path] = WriterQueue(path)
        return queue


def _forget_after_fork() -> None:
    # A forked child (gunicorn's workers) starts its own queues: flock belongs to an open
    # file, and a thread lock held in the parent at the fork would never be released.
    global _queues_lock
    _queues.clear()
    _queues_lock = threading.Lock()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_forget_after_fork)
