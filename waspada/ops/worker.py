"""The worker loop: heartbeat, enqueue due periodic jobs, run ready tasks, sleep."""

import logging
import os
import signal
import socket
import time

from django.db import close_old_connections
from django.utils import timezone
from django.utils.crypto import get_random_string
from django_tasks_db.management.commands.db_worker import Worker

from . import periodic
from .models import WorkerHeartbeat

logger = logging.getLogger("waspada.worker")


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

    def _stop(self, signum, frame):
        logger.info("worker %s: stopping after the current task", self.worker_id)
        self.running = False
        self._inner.running = False

    def heartbeat(self) -> None:
        WorkerHeartbeat.objects.update_or_create(
            worker_id=self.worker_id,
            defaults={
                "hostname": socket.gethostname(),
                "pid": os.getpid(),
                "started_at": self.started_at,
                "last_seen": timezone.now(),
                "tasks_run": self.tasks_run,
            },
        )

    def warm_up(self) -> None:
        """Load the NLP models before the first report arrives: loaded on first use, they
        made the first report of a fresh start wait several seconds for its alert."""
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
        self._inner = self._batch_worker()
        signal.signal(signal.SIGTERM, self._stop)
        signal.signal(signal.SIGINT, self._stop)
        logger.info("worker %s started (queues: %s)", self.worker_id, ",".join(self.queues))
        if not self.once:
            self.warm_up()
        while self.running:
            close_old_connections()
            self.heartbeat()
            for name in periodic.enqueue_due():
                logger.info("enqueued periodic job %s", name)
            self._inner = self._batch_worker()
            self._inner.run()
            self.tasks_run += self._inner._run_tasks
            if self.once:
                self.heartbeat()
                return
            if self.running and not self._inner._run_tasks:
                time.sleep(self.interval)
        WorkerHeartbeat.objects.filter(worker_id=self.worker_id).delete()

    def _batch_worker(self) -> Worker:
        return Worker(
            queue_names=self.queues,
            interval=0,
            batch=True,
            backend_name="default",
            startup_delay=False,
            max_tasks=50,
            worker_id=self.worker_id,
            excluded_queue_names=[],
        )
