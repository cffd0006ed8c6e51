from django.core.management.base import BaseCommand

from waspada.alerts.defaults import DEFAULT_RULES, create_default_rules


class Command(BaseCommand):
    help = "Create the default alert rules that do not exist yet (idempotent)."

    def handle(self, *args, **options):
        created = create_default_rules()
        self.stdout.write(
            f"alert rules: {len(created)} created, "
            f"{len(DEFAULT_RULES) - len(created)} already there"
        )
