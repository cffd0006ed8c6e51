from django.core.management.base import BaseCommand, CommandError

from waspada.events.exchange import importer


class Command(BaseCommand):
    help = "Import events from a CSV/XLSX file (ours, ACLED or UCDP GED): preview, or --commit."

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument("--format", choices=list(importer.FORMATS), default=None)
        parser.add_argument(
            "--commit",
            action="store_true",
            help="import (all rows or none); without it only preview",
        )

    def handle(self, *args, path, format, commit, **options):
        with open(path, "rb") as f:
            content = f.read()
        batch, preview = importer.stage(content, path.rsplit("/", 1)[-1], None, format)
        summary = preview.summary()
        self.stdout.write(
            f"format {summary['format'] or '?'}: {summary['rows']} rows, "
            f"{summary['to_create']} to import, {summary['skipped']} already "
            f"imported, {summary['errors']} with errors; areas {summary['resolved']}"
        )
        for message in preview.file_errors:
            self.stderr.write(message)
        for error in preview.errors[:50]:
            self.stderr.write(f"line {error['line']}: {'; '.join(error['messages'])}")
        if not preview.ok:
            raise CommandError("Nothing imported.")
        if commit:
            count = importer.commit(batch, None)
            self.stdout.write(f"imported {count} events (batch {batch.pk})")
