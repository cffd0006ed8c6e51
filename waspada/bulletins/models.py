"""The public bulletin: area-level warning levels and advice, written by analysts and
published only after someone else approved it. Nothing here points to a record: a bulletin
holds only what it says, so publishing it can never carry a classified detail along."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from waspada.alerts.levels import Level


class Bulletin(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Awaiting approval")
        PUBLISHED = "published", _("Published")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    title = models.CharField(_("title (Indonesian)"), max_length=200)
    summary = models.TextField(_("situation and general advice (Indonesian)"))
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_at = models.DateTimeField(null=True, blank=True, db_index=True)

    class PublicationLevel(models.TextChoices):
        KECAMATAN = "kecamatan", _("kecamatan (no desa or kelurahan named)")
        DESA = "desa", _("desa (desa and kelurahan may be named)")

    publication_level = models.CharField(
        _("publication level"),
        max_length=10,
        choices=PublicationLevel.choices,
        default=PublicationLevel.KECAMATAN,
    )
    # The text as approved (title, summary, entries): what the next approver's diff is against.
    published_text = models.TextField(blank=True, editable=False)

    class Meta:
        ordering = ["-published_at", "-created_at"]

    def __str__(self):
        return self.title


class BulletinEntry(models.Model):
    """One kecamatan's level and advice."""

    bulletin = models.ForeignKey(Bulletin, on_delete=models.CASCADE, related_name="entries")
    area = models.ForeignKey(
        "areas.Area",
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"level": "kecamatan"},
        verbose_name=_("kecamatan"),
    )
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    advice = models.TextField(_("advice (Indonesian)"), blank=True)

    class Meta:
        ordering = ["area__name"]
        unique_together = [("bulletin", "area")]
        verbose_name_plural = "bulletin entries"

    def __str__(self):
        return f"{self.area_id} {self.level}"


class SitrepSubscription(models.Model):
    """A reader who gets the weekly situation report by e-mail (PDF attached)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="sitrep_subscription"
    )
    active = models.BooleanField(default=True)
    # The last day of the last week sent (a Sunday): each week is sent once.
    last_sent_for = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"{self.user} weekly sitrep ({'on' if self.active else 'off'})"
