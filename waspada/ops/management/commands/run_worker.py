import logging

from django.core.management.base import BaseCommand

from waspada.ops.worker import WaspadaWorker


class Command(BaseCommand):
    help = "Run a background worker: tasks from the database queue plus periodic jobs."

    def add_arguments(self, parser):
        parser.add_argument(
            "--interval", type=float, default=1.0, help="seconds to wait when the queue is empty"
        )
        parser.add_argument("--queues", default="default", help="comma-separated queue names")
        parser.add_argument("--once", action="store_true", help="run what is ready now, then exit")

    def handle(self, *args, interval, queues, once, **options):
        logging.getLogger("waspada.worker").setLevel(logging.INFO)
        WaspadaWorker(interval=interval, queues=queues.split(","), once=once).run()
