from django.apps import AppConfig


class EventsConfig(AppConfig):
    """Coded conflict events: verification, linking, search, import and export."""

    name = "waspada.events"
    verbose_name = "Events"
