from django.apps import AppConfig


class AreasConfig(AppConfig):
    """The gazetteer: Indonesian administrative areas, their polygons and locate()."""

    name = "waspada.areas"
    verbose_name = "Areas"
