from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from waspada.ops import backup


class Command(BaseCommand):
    help = (
        "Restore a backup made by 'backup': the database and the uploaded files are replaced "
        "(stop the web app and the workers first); refused when the field keys cannot "
        "decrypt it. docs/operations.md."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive")
        parser.add_argument(
            "--yes", action="store_true", help="do not ask before replacing the database"
        )
        parser.add_argument(
            "--skip-key-check",
            action="store_true",
            help="restore even when the configured keys cannot decrypt the backup",
        )

    def handle(self, *args, archive, yes, skip_key_check, **options):
        path = Path(archive)
        try:
            manifest = backup.read_manifest(path)
        except (OSError, KeyError, backup.RestoreRefused) as e:
            raise CommandError(f"cannot read {path}: {e}") from e
        self.stdout.write(
            f"backup of {manifest['created_at']} ({manifest['engine']}, "
            f"{sum(manifest['tables'].values())} rows, {len(manifest['media'])} files)"
        )
        if not yes and input("Replace this installation's data with it? [y/N] ").lower() != "y":
            raise CommandError("Nothing restored.")
        try:
            result = backup.restore(path, skip_key_check=skip_key_check)
        except backup.RestoreRefused as e:
            raise CommandError(f"Nothing restored: {e}") from e
        for table, (then, now) in sorted(result.tables.items()):
            self.stderr.write(f"table {table}: {then} rows in the backup, {now} now")
        for rel in result.files_missing:
            self.stderr.write(f"uploaded file missing or different: {rel}")
        for column in result.undecryptable:
            self.stderr.write(f"cannot decrypt {column} with the configured field keys")
        if not result.ok:
            raise CommandError("Restored, but the check above found differences.")
        self.stdout.write(
            f"restored and checked: every table's rows, every uploaded file, "
            f"{result.decrypted} encrypted values decrypt with the configured keys"
        )
