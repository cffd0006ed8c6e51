from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from waspada.accounts.governed import GovernedRecord
from waspada.lib.crypto import EncryptedJSONField

from .vocab import ActivityType, GroupType, RelationKind


class CommunityGroup(GovernedRecord):
    """A group the state talks to: an ormas, religious or customary leaders, a union, a forum.

    ``area`` (from GovernedRecord) is its home area and decides who may see it; ``areas`` are
    every area where it is active (the engagement gap counts them).
    """

    name = models.CharField(_("name"), max_length=200)
    type = models.CharField(_("type"), max_length=20, choices=GroupType.choices, db_index=True)
    areas = models.ManyToManyField(
        "areas.Area",
        blank=True,
        related_name="community_groups",
        verbose_name=_("areas where active"),
    )
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("community group")

    def __str__(self):
        return self.name

    def relations(self):
        return GroupRelation.objects.filter(
            models.Q(group=self) | models.Q(other=self)
        ).select_related("group", "other")


class Leader(models.Model):
    """A leader of a group and how to reach them: personal data, encrypted, read with audit."""

    group = models.ForeignKey(CommunityGroup, on_delete=models.CASCADE, related_name="leaders")
    position = models.CharField(_("position"), max_length=100, blank=True)
    # {"name": ..., "phone": ..., "address": ..., "note": ...}
    person = EncryptedJSONField(_("name and contact"))
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["pk"]

    def __str__(self):
        return f"{self.position or 'leader'} of {self.group}"


class GroupRelation(models.Model):
    """Cooperation or tension between two groups."""

    group = models.ForeignKey(CommunityGroup, on_delete=models.CASCADE, related_name="+")
    other = models.ForeignKey(CommunityGroup, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("relation"), max_length=12, choices=RelationKind.choices)
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["group", "other", "kind"], name="group_relation_once"),
            models.CheckConstraint(
                condition=~models.Q(group=models.F("other")), name="group_relation_not_self"
            ),
        ]

    def __str__(self):
        return f"{self.group} – {self.other}: {self.kind}"


class Engagement(GovernedRecord):
    """One engagement activity: a Binkom, a dialogue, a socialisation, a mediation …

    ``area`` (from GovernedRecord) is where it took place.
    """

    type = models.CharField(
        _("type"),
        max_length=20,
        choices=ActivityType.choices,
        default=ActivityType.BINKOM,
        db_index=True,
    )
    date = models.DateField(_("date"), db_index=True)
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    title = models.CharField(_("theme"), max_length=200, blank=True)
    organisers = models.ManyToManyField(
        "accounts.Organisation", blank=True, related_name="+", verbose_name=_("organisers")
    )
    speakers = models.CharField(_("speakers"), max_length=300, blank=True)
    groups = models.ManyToManyField(
        CommunityGroup, blank=True, related_name="engagements", verbose_name=_("groups present")
    )
    attendees = models.CharField(_("others present"), max_length=300, blank=True)
    participants = models.PositiveIntegerField(_("number of participants"), null=True, blank=True)
    topics = models.JSONField(_("topics (sources of conflict)"), default=list, blank=True)
    outcomes = models.TextField(_("outcomes"), blank=True)
    follow_ups = models.TextField(_("follow-ups"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # The form's random id: the same form sent twice (a double tap, a re-send after the answer
    # was lost on a weak connection) is one activity.
    submission_id = models.CharField(max_length=32, blank=True, default="", editable=False)

    class Meta:
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["kecamatan_code", "date"])]
        constraints = [
            models.UniqueConstraint(
                fields=["created_by", "submission_id"],
                condition=~models.Q(submission_id=""),
                name="engagement_unique_submission",
            )
        ]
        verbose_name = _("engagement activity")

    def __str__(self):
        return f"{self.get_type_display()} {self.date:%Y-%m-%d}"

    @property
    def topic_labels(self) -> list[str]:
        """The topics as words (``sumber_daya_alam`` -> "Natural resources")."""
        from waspada.events.vocab import Source

        labels = dict(Source.choices)
        return [str(labels.get(code, code)) for code in self.topics or []]

    @property
    def point(self) -> tuple[float, float] | None:
        if self.area_id and self.area.lat is not None:
            return self.area.lat, self.area.lon
        return None


def photo_path(instance, filename):
    return f"engagement/{instance.engagement_id}/{filename}"


class EngagementPhoto(models.Model):
    """A photo of an activity, checked by its content, stored without its location metadata."""

    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="photos")
    file = models.FileField(upload_to=photo_path)
    content_type = models.CharField(max_length=40)
    size = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self):
        return self.file.name
