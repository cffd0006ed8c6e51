from django.apps import AppConfig


class CasesConfig(AppConfig):
    """Response cases with their actions, and the Tim Terpadu meetings that review them."""

    name = "waspada.cases"
    verbose_name = "Cases"

    def ready(self):
        from . import tasks  # noqa: F401  (registers the periodic reminder job)
