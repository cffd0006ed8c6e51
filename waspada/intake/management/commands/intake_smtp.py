import signal
import threading

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from waspada.intake.smtp import controller


class Command(BaseCommand):
    help = "Run the SMTP listener of the e-mail intake channel."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=2525)

    def handle(self, host, port, **options):
        if not settings.WASPADA_EMAIL_INTAKE_ADDRESSES:
            raise CommandError("Set WASPADA_EMAIL_INTAKE_ADDRESSES first (docs/intake.md).")
        server = controller(host, port)
        server.start()
        self.stdout.write(
            f"SMTP intake listening on {host}:{port} for "
            f"{', '.join(settings.WASPADA_EMAIL_INTAKE_ADDRESSES)}"
        )
        stop = threading.Event()
        signal.signal(signal.SIGTERM, lambda *_: stop.set())
        signal.signal(signal.SIGINT, lambda *_: stop.set())
        stop.wait()
        server.stop()
