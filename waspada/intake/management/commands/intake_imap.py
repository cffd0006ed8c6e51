from django.core.management.base import BaseCommand, CommandError

from waspada.intake import imap


class Command(BaseCommand):
    help = (
        "Poll the IMAP mailbox of the e-mail intake channel once and say what came in "
        "(the worker does this every two minutes)."
    )

    def handle(self, **options):
        if not imap.configured():
            raise CommandError(
                "Set WASPADA_IMAP_HOST and WASPADA_IMAP_USER first (docs/intake.md)."
            )
        try:
            result = imap.pull()
        except (imap.imaplib.IMAP4.error, OSError) as e:
            raise CommandError(f"The mailbox could not be read: {e}") from e
        self.stdout.write(
            f"stored {result.stored}, already stored {result.repeated}, "
            f"flagged as unusable {result.refused}, left unread after an error {len(result.failed)}"
        )
