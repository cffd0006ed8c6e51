from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from waspada.ops import backup


class Command(BaseCommand):
    help = (
        "Back up the database, the uploaded files and a check of the field keys into one "
        ".tar.gz (python -m waspada backup [PATH]); docs/operations.md."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "path",
            nargs="?",
            default=None,
            help="archive file or folder (default: <WASPADA_VAR_DIR>/backups/)",
        )

    def handle(self, *args, path, **options):
        target = Path(path) if path else Path(settings.VAR_DIR) / "backups"
        archive, manifest = backup.backup(target)
        rows = sum(manifest["tables"].values())
        self.stdout.write(
            f"backup written: {archive} ({archive.stat().st_size / 1e6:.1f} MB; "
            f"{manifest['engine']}, {len(manifest['tables'])} tables, {rows} rows, "
            f"{len(manifest['media'])} uploaded files, "
            f"{sum(len(v) for v in manifest['encrypted_samples'].values())} encrypted samples)"
        )
