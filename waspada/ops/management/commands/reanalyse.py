from django.core.management.base import BaseCommand

from waspada.nlp.analysis import SCHEMA_VERSION
from waspada.ops import upgrade


class Command(BaseCommand):
    help = (
        "Queue the analysis again (bulk priority) for reports and articles whose stored "
        "analysis has an older schema_version than this code's; docs/operations.md."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--below",
            type=int,
            default=SCHEMA_VERSION,
            help="re-read analyses with a schema_version below this (default: the current)",
        )
        parser.add_argument("--dry-run", action="store_true", help="count only")

    def handle(self, *args, below, dry_run, **options):
        counts = upgrade.requeue(below=below, dry_run=dry_run)
        verb = "would queue" if dry_run else "queued"
        self.stdout.write(
            f"{verb} {counts['reports']} reports and {counts['articles']} articles "
            f"(analysis schema below {below}; current {SCHEMA_VERSION})"
        )
