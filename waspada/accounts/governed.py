"""The access facts every protected record carries, as an abstract model."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .models import Classification


class GovernedRecord(models.Model):
    """Classification, owning organisation, area and creator: what the policy reads.

    ``kecamatan_code`` is derived from ``area`` on save so that area-scope filters are one
    indexed column; records without an area are regency-wide.
    """

    classification = models.CharField(
        _("classification"),
        max_length=10,
        choices=Classification.choices,
        default=Classification.BIASA,
        db_index=True,
    )
    organisation = models.ForeignKey(
        "accounts.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("owning organisation"),
    )
    area = models.ForeignKey(
        "areas.Area",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("area"),
    )
    kecamatan_code = models.CharField(
        max_length=8, blank=True, null=True, db_index=True, editable=False
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.kecamatan_code = self.area.kecamatan_code if self.area_id else None
        super().save(*args, **kwargs)
