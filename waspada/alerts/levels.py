"""The warning ladder Indonesians know from disaster warnings."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Level(models.TextChoices):
    NORMAL = "normal", _("Normal")
    WASPADA = "waspada", _("Waspada (alert)")
    SIAGA = "siaga", _("Siaga (standby)")
    AWAS = "awas", _("Awas (danger)")


ORDER = [Level.NORMAL, Level.WASPADA, Level.SIAGA, Level.AWAS]
COLOURS = {"normal": "#2e7d32", "waspada": "#f9a825", "siaga": "#ef6c00", "awas": "#c62828"}


def rank(level: str) -> int:
    return ORDER.index(level) if level in ORDER else 0


def at_least(level: str) -> list[str]:
    """The levels at or above ``level``."""
    return [str(v) for v in ORDER[rank(level) :]]
