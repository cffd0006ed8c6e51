from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from waspada.areas.loading import load_areas, regency_dir


class Command(BaseCommand):
    help = "Load all Indonesian areas and the configured regency's centroids and polygons."

    def add_arguments(self, parser):
        parser.add_argument("--regency", default=settings.WASPADA_REGENCY)

    def handle(self, *args, regency, **options):
        if not regency_dir(regency).is_dir():
            raise CommandError(
                f"No boundary data shipped for regency {regency} "
                f"(expected {regency_dir(regency)}); areas load without polygons."
            )
        stats = load_areas(regency)
        self.stdout.write(
            f"areas: {stats.created} created, {stats.updated} updated, "
            f"{stats.with_polygon} with polygons in {regency}"
        )
