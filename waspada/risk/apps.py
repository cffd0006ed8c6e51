from django.apps import AppConfig


class RiskConfig(AppConfig):
    """Risk per area: scores with their evidence, forecasts of incidents and their backtests."""

    name = "waspada.risk"
    verbose_name = "Risk"
