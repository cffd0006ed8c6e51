from django.apps import AppConfig


class AlertsConfig(AppConfig):
    """Warnings: rules raise alerts, subscribers get them through transports, and nobody's
    silence goes unnoticed (acknowledgement and escalation)."""

    name = "waspada.alerts"
    verbose_name = "Alerts"

    def ready(self):
        from . import tasks, transports  # noqa: F401  (registers transports, jobs)
