from django.apps import AppConfig


class AlertsConfig(AppConfig):
    """Warnings: rules raise alerts, subscribers get them through transports, and nobody's
    silence goes unnoticed (acknowledgement and escalation)."""

    name = "waspada.alerts"
    verbose_name = "Alerts"

    def ready(self):
        from waspada import messaging
        from waspada.messaging.telegram import inbound as telegram

        from . import tasks, telegram_ack, transports  # noqa: F401  (tasks: the periodic jobs)
        from .transports import email, webhook

        for transport in [email.TRANSPORT, *messaging.outbound_transports(), webhook.TRANSPORT]:
            transports.register(transport)
        # The "Acknowledge" button under an alert sent by Telegram.
        telegram.on_callback("ack:", telegram_ack.handle_callback)
