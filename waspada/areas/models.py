import functools
import operator

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Level(models.TextChoices):
    PROVINSI = "provinsi", _("Province")
    KABUPATEN = "kabupaten", _("Regency/city")
    KECAMATAN = "kecamatan", _("District")
    DESA = "desa", _("Village")


# Number of dot-separated parts of a Kemendagri code at each level.
LEVEL_BY_PARTS = {1: Level.PROVINSI, 2: Level.KABUPATEN, 3: Level.KECAMATAN, 4: Level.DESA}


def descendants_q(code: str, field: str = "code") -> models.Q:
    """A Q on an area code ``field`` for the areas beneath ``code`` (not ``code`` itself),
    read down the parent codes: every level is one index lookup on ``parent``, in SQLite and
    PostgreSQL alike and whatever the database's collation (``code LIKE '64.02.%'`` reads the
    whole table in SQLite, and a text range on the code depends on the collation)."""
    depth = len(LEVEL_BY_PARTS) - len(code.split("."))
    terms, parents = [], [code]
    for _level in range(max(depth, 1)):
        parents = Area.objects.filter(parent_id__in=parents).values("code")
        terms.append(models.Q(**{f"{field}__in": parents}))
    return functools.reduce(operator.or_, terms)


class AreaQuerySet(models.QuerySet):
    def in_regency(self, code: str | None = None):
        """The regency and every area beneath it (index-backed: see ``descendants_q``)."""
        code = code or settings.WASPADA_REGENCY
        return self.filter(models.Q(code=code) | descendants_q(code))

    def beneath(self, code: str):
        """The areas beneath ``code`` (a regency's kecamatan and desa, a kecamatan's desa)."""
        return self.filter(descendants_q(code))

    def kecamatan_of_regency(self, code: str | None = None):
        # A regency's children are its kecamatan: one lookup on the parent index.
        return self.filter(parent_id=code or settings.WASPADA_REGENCY)

    def desa_of_regency(self, code: str | None = None):
        kecamatan = Area.objects.filter(parent_id=code or settings.WASPADA_REGENCY)
        return self.filter(parent_id__in=kecamatan.values("code"))

    def of_regency_at(self, level: str, code: str | None = None):
        """The regency's areas of one ``level``, each level read from the parent index."""
        code = code or settings.WASPADA_REGENCY
        if level == Level.KECAMATAN:
            return self.kecamatan_of_regency(code)
        if level == Level.DESA:
            return self.desa_of_regency(code)
        return self.in_regency(code).filter(level=level)


class Area(models.Model):
    """One Kemendagri administrative area: provinsi, kabupaten/kota, kecamatan or desa/kelurahan."""

    code = models.CharField(max_length=13, primary_key=True)
    name = models.CharField(max_length=120, db_index=True)
    level = models.CharField(max_length=10, choices=Level.choices, db_index=True)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    lat = models.FloatField(null=True, blank=True)
    lon = models.FloatField(null=True, blank=True)
    # GeoJSON geometry (Polygon or MultiPolygon) in WGS84, only for the deployment's regency.
    geometry = models.JSONField(null=True, blank=True)
    area_km2 = models.FloatField(null=True, blank=True)

    objects = AreaQuerySet.as_manager()

    class Meta:
        ordering = ["code"]

    def __str__(self):
        return f"{self.label} {self.name}" if self.level == Level.DESA else self.name

    @property
    def is_kelurahan(self) -> bool:
        # Kemendagri: the village part of a kelurahan code starts with 1, of a desa with 2.
        return self.level == Level.DESA and self.code.rsplit(".", 1)[-1].startswith("1")

    @property
    def label(self) -> str:
        if self.level == Level.DESA:
            return _("Kelurahan") if self.is_kelurahan else _("Desa")
        if self.level == Level.KECAMATAN:
            return _("Kecamatan")
        if self.level == Level.KABUPATEN:
            return _("Kota") if self.code.split(".")[1].startswith("7") else _("Kabupaten")
        return _("Provinsi")

    @property
    def kecamatan_code(self) -> str | None:
        parts = self.code.split(".")
        return ".".join(parts[:3]) if len(parts) >= 3 else None

    def ancestors(self) -> list["Area"]:
        chain, node = [], self.parent
        while node is not None:
            chain.append(node)
            node = node.parent
        return list(reversed(chain))
