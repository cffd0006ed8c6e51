from django.apps import AppConfig


class OpsConfig(AppConfig):
    """Background work: the worker loop, periodic jobs, and the status page."""

    name = "waspada.ops"
    verbose_name = "Operations"

    def ready(self):
        from . import jobs  # noqa: F401  (registers the built-in periodic jobs)
