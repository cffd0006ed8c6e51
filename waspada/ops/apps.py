from django.apps import AppConfig


class OpsConfig(AppConfig):
    """Background work: the worker loop, periodic jobs, and the status page; and the pipeline's
    hand-offs, connected once every app is loaded (``waspada/pipeline.py``)."""

    name = "waspada.ops"
    verbose_name = "Operations"

    def ready(self):
        from waspada import pipeline

        from . import jobs  # noqa: F401  (registers the built-in periodic jobs)

        pipeline.connect()
