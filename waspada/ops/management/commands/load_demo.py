from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from waspada import demo


class Command(BaseCommand):
    help = "Load the demo data: Kukar's organisations, one demo user per role, demo events."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force", action="store_true", help="allow demo accounts under the production profile"
        )

    def handle(self, *args, force, **options):
        if settings.PRODUCTION and not force:
            raise CommandError(
                "Refusing to create demo accounts in the production profile (use --force)."
            )
        counts = demo.load()
        self.stdout.write(
            f"demo: {counts['organisations']} organisations, "
            f"{counts['users']} users, {counts['events']} new events"
        )
