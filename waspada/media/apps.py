from django.apps import AppConfig


class MediaConfig(AppConfig):
    """Media monitoring: sources, fetching, text extraction, near-duplicate clustering, Article."""

    name = "waspada.media"
    verbose_name = "Media monitoring"

    def ready(self):
        from . import tasks  # noqa: F401  (registers the periodic polling job)
