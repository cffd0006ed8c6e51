from django.apps import AppConfig


class IntakeConfig(AppConfig):
    """Reports from every channel, stored unchanged, handed to analysis, triaged by analysts."""

    name = "waspada.intake"
    verbose_name = "Intake"

    def ready(self):
        # the channels, and the periodic jobs (missed analyses, IMAP mailbox, ODK Central)
        from . import channels, tasks  # noqa: F401
