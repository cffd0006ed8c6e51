from django.apps import AppConfig


class IntakeConfig(AppConfig):
    """Reports from every channel, stored unchanged, handed to analysis, triaged by analysts."""

    name = "waspada.intake"
    verbose_name = "Intake"

    def ready(self):
        from waspada import messaging

        from . import channels, tasks  # noqa: F401  (tasks: the periodic jobs)
        from .channels import email, kobo, web

        for channel in [*web.CHANNELS, *email.CHANNELS, *kobo.CHANNELS]:
            channels.register(channel)
        for channel in messaging.inbound_channels():  # SMS, Telegram, WhatsApp
            channels.register(channel)
