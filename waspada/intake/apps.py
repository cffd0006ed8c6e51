from django.apps import AppConfig


class IntakeConfig(AppConfig):
    """Reports from every channel, stored unchanged, handed to analysis, triaged by analysts."""

    name = "waspada.intake"
    verbose_name = "Intake"

    def ready(self):
        from . import channels  # noqa: F401  (registers the built-in channels)
