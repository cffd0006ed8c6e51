from django.apps import AppConfig


class BulletinsConfig(AppConfig):
    """What the system tells in writing: situation reports for the Tim Terpadu and the
    sanitised public bulletin."""

    name = "waspada.bulletins"
    verbose_name = "Bulletins"

    def ready(self):
        from . import tasks  # noqa: F401  (registers the weekly situation report)
