from django.apps import AppConfig


class ApiConfig(AppConfig):
    """The JSON API: token authentication and the permission classes other apps' endpoints use."""

    name = "waspada.api"
    verbose_name = "API"

    def ready(self):
        from . import schema  # noqa: F401  (registers the OpenAPI auth extension)
