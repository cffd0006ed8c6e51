from django.apps import AppConfig


class RiskConfig(AppConfig):
    """Risk per area: scores with their evidence, forecasts of incidents and their backtests."""

    name = "waspada.risk"
    verbose_name = "Risk"

    def ready(self):
        from . import tasks  # noqa: F401  (registers the nightly and stale-check jobs)
