from django.core.management.base import BaseCommand, CommandError

from waspada.intake import odk_central
from waspada.lib import http


class Command(BaseCommand):
    help = (
        "Pull new submissions from ODK Central once and say what came in "
        "(the worker does this every two minutes)."
    )

    def handle(self, **options):
        if not odk_central.configured():
            raise CommandError(
                "Set WASPADA_ODK_CENTRAL_URL, _EMAIL, _PASSWORD and _PROJECT first "
                "(docs/intake.md)."
            )
        try:
            result = odk_central.pull()
        except http.HttpError as e:
            raise CommandError(f"ODK Central could not be read: {e}") from e
        self.stdout.write(
            f"stored {result.stored}, already stored {result.repeated}, "
            f"not usable {len(result.refused)}"
        )
