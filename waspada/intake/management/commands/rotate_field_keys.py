from django.core.management.base import BaseCommand

from waspada.lib.crypto import rotate_all


class Command(BaseCommand):
    help = (
        "Re-encrypt every encrypted field (reporter identities, raw deliveries, …) with the "
        "newest key in WASPADA_FIELD_KEYS, so that older keys can be removed."
    )

    def handle(self, **options):
        for label, count in rotate_all().items():
            self.stdout.write(f"{label}: {count} rows")
