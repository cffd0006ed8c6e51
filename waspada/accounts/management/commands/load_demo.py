from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from waspada.accounts.demo import create_demo


class Command(BaseCommand):
    help = "Create Kukar's organisations and one demo user per role (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force", action="store_true", help="allow demo accounts under the production profile"
        )

    def handle(self, *args, force, **options):
        if settings.PRODUCTION and not force:
            raise CommandError(
                "Refusing to create demo accounts in the production profile (use --force)."
            )
        counts = create_demo()
        from waspada.events.demo import create_demo_events

        events = create_demo_events()
        self.stdout.write(
            f"demo: {counts['organisations']} organisations, "
            f"{counts['users']} users, {events} new events"
        )
