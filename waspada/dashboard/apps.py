from django.apps import AppConfig


class DashboardConfig(AppConfig):
    """The signed-in home page: the regency map and what needs attention."""

    name = "waspada.dashboard"
    verbose_name = "Dashboard"
