"""The worker loop: heartbeat, reclaim orphaned tasks, enqueue due periodic jobs, run ready
tasks, sleep; and stay up while the database is away (``durable``)."""

import logging
import os
import signal
import socket
import threading
import time

from django.db import close_old_connections, connection
from django.utils import timezone
from django.utils.crypto import get_random_string

from . import durable, periodic
from .models import WorkerHeartbeat

logger = logging.getLogger("waspada.worker")

RECLAIM_EVERY_SECONDS = 10.0


class WaspadaWorker:
    def __init__(
        self, *, interval: float = 1.0, queues: list[str] | None = None, once: bool = False
    ):
        self.interval = interval
        self.queues = queues or ["default"]
        self.once = once
        self.worker_id = f"{socket.gethostname()[:40]}-{get_random_string(12)}"
        self.started_at = timezone.now()
        self.running = True
        self.tasks_run = 0
        self.outages = 0
        self._inner = self._batch_worker()
        self._beating = threading.Event()
        self._last_reclaim = 0.0

    def _stop(self, signum, frame):
        logger.info("worker %s: stopping after the current task", self.worker_id)
        self.running = False
        self._inner.running = False

    def heartbeat(self) -> None:
        """Write this worker's sign of life; retried while the database is away."""
        durable.persist(self._write_heartbeat, what="heartbeat")

    def _write_heartbeat(self) -> None:
        WorkerHeartbeat.objects.update_or_create(
            worker_id=self.worker_id,
            defaults={
                "hostname": socket.gethostname(),
                "pid": os.getpid(),
                "started_at": self.started_at,
                "last_seen": timezone.now(),
                "tasks_run": self.tasks_run + self._inner._run_tasks,
            },
        )

    def _beat_forever(self) -> None:
        """The heartbeat from a thread of its own (its own connection), so that a long task
        keeps its lease; a missed beat is logged and tried again on the next one."""
        while not self._beating.wait(durable.heartbeat_seconds()):
            try:
                self._write_heartbeat()
            except Exception as e:
                logger.warning("heartbeat not written (%s); trying again", e)
                durable.reset_connections()
        connection.close()

    def warm_up(self) -> None:
        """Load the NLP models before the first report arrives: loaded on first use, they
        made the first report of a fresh start wait several seconds for its alert, inside a
        task that runs in one transaction with its completion (``durable.EXACTLY_ONCE``; on
        SQLite that transaction holds the write lock)."""
        t0 = time.perf_counter()
        try:
            from waspada.nlp import analyze

            analyze("Warga berkumpul di balai desa.")
        except Exception:  # a worker without the models still runs everything else
            logger.exception("worker %s: loading the NLP models failed", self.worker_id)
            return
        logger.info(
            "worker %s: NLP models loaded in %.1f s", self.worker_id, time.perf_counter() - t0
        )

    def run(self) -> None:
        signal.signal(signal.SIGTERM, self._stop)
        signal.signal(signal.SIGINT, self._stop)
        logger.info("worker %s started (queues: %s)", self.worker_id, ",".join(self.queues))
        self.heartbeat()
        if not self.once:  # one pass (--once, tests) beats at its start and end only
            threading.Thread(target=self._beat_forever, name="heartbeat", daemon=True).start()
            self.warm_up()
        try:
            while self.running:
                try:
                    ran = self._iteration()
                except Exception as e:
                    if not durable.is_transient(e) or (self.once and self.outages >= 3):
                        raise
                    self.outages += 1
                    delay = durable.backoff(self.outages)
                    logger.warning("database unavailable (%s); retrying in %.1f s", e, delay)
                    durable.reset_connections()
                    time.sleep(delay)
                    continue
                self.outages = 0
                if self.once:
                    self.heartbeat()
                    return
                if self.running and not ran:
                    time.sleep(self.interval)
        finally:
            self._beating.set()
        durable.persist(
            lambda: WorkerHeartbeat.objects.filter(worker_id=self.worker_id).delete(),
            what="heartbeat",
            seconds=10,
        )

    def _iteration(self) -> int:
        if not connection.in_atomic_block:  # (a test's transaction: keep its connection)
            close_old_connections()
        self._write_heartbeat()
        if time.monotonic() - self._last_reclaim > RECLAIM_EVERY_SECONDS:
            durable.reclaim_orphans()
            self._last_reclaim = time.monotonic()
        for name in periodic.enqueue_due():
            logger.info("enqueued periodic job %s", name)
        self.tasks_run += self._inner._run_tasks
        self._inner = self._batch_worker()
        self._inner.running = self.running
        self._inner.run()
        return self._inner._run_tasks

    def _batch_worker(self) -> durable.DurableWorker:
        return durable.DurableWorker(
            queue_names=self.queues,
            interval=0,
            batch=True,
            backend_name="default",
            startup_delay=False,
            max_tasks=50,
            worker_id=self.worker_id,
            excluded_queue_names=[],
        )
