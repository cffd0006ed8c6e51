from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from waspada.accounts.governed import GovernedRecord

from .vocab import (
    ActorType,
    Form,
    GeoPrecision,
    Relevance,
    Source,
    TimePrecision,
    Verification,
)

# Fields whose changes are written to the event's history.
TRACKED_FIELDS = (
    "event_date",
    "time_precision",
    "area_id",
    "geo_precision",
    "latitude",
    "longitude",
    "location",
    "relevance",
    "form",
    "actor1",
    "actor1_type",
    "actor2",
    "actor2_type",
    "fatalities",
    "injured",
    "displaced",
    "property_damage",
    "summary",
    "classification",
    "verification",
    "duplicate_of_id",
)


class Event(GovernedRecord):
    """One coded conflict event, ACLED-compatible, in our vocabulary."""

    event_date = models.DateField(_("event date"), db_index=True)
    time_precision = models.PositiveSmallIntegerField(
        _("time precision"), choices=TimePrecision.choices, default=TimePrecision.DAY
    )
    geo_precision = models.PositiveSmallIntegerField(
        _("geo precision"), choices=GeoPrecision.choices, default=GeoPrecision.KECAMATAN
    )
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    location = models.CharField(_("place name"), max_length=200, blank=True)
    relevance = models.CharField(
        _("relevance"),
        max_length=12,
        choices=Relevance.choices,
        default=Relevance.INCIDENT,
        db_index=True,
    )
    form = models.CharField(
        _("form"), max_length=20, choices=Form.choices, blank=True, db_index=True
    )
    actor1 = models.CharField(_("actor 1"), max_length=200, blank=True)
    actor1_type = models.CharField(
        _("actor 1 type"), max_length=20, choices=ActorType.choices, blank=True
    )
    actor2 = models.CharField(_("actor 2"), max_length=200, blank=True)
    actor2_type = models.CharField(
        _("actor 2 type"), max_length=20, choices=ActorType.choices, blank=True
    )
    fatalities = models.PositiveIntegerField(_("fatalities"), default=0)
    injured = models.PositiveIntegerField(_("injured"), default=0)
    displaced = models.PositiveIntegerField(_("displaced"), default=0)
    property_damage = models.CharField(_("property damage"), max_length=300, blank=True)
    summary = models.TextField(_("summary (Indonesian)"))
    verification = models.CharField(
        _("verification"),
        max_length=15,
        choices=Verification.choices,
        default=Verification.BELUM,
        db_index=True,
    )
    duplicate_of = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="duplicates",
        verbose_name=_("duplicate of"),
    )
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    verified_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Provenance of imported events (ucdp, acled, csv) and the raw row as it arrived.
    external_source = models.CharField(max_length=20, blank=True)
    external_id = models.CharField(max_length=64, blank=True)
    raw = models.JSONField(null=True, blank=True)
    reports = models.ManyToManyField(
        "intake.Report", blank=True, related_name="events", verbose_name=_("reports")
    )
    articles = models.ManyToManyField(
        "media.Article", blank=True, related_name="events", verbose_name=_("articles")
    )
    import_batch = models.ForeignKey(
        "events.ImportBatch",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events",
    )
    # Text indexed for full-text search (see search.py), derived on save.
    search_document = models.TextField(blank=True, editable=False)

    class Meta:
        ordering = ["-event_date", "-id"]
        indexes = [
            models.Index(fields=["kecamatan_code", "event_date"]),
            # The list's order: newest first, read straight off the index with LIMIT.
            models.Index(fields=["-event_date", "-id"], name="event_newest_first"),
            # Counting what a user may see reads this narrow index, not the wide rows.
            models.Index(
                fields=["classification", "organisation", "kecamatan_code"],
                name="event_access_facts",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["external_source", "external_id"],
                condition=~models.Q(external_id=""),
                name="event_unique_external_id",
            )
        ]

    def __str__(self):
        return f"{self.event_date:%Y-%m-%d} {self.get_form_display() or self.relevance}"

    @property
    def source_list(self) -> list[str]:
        return [s.source for s in self.source_tags.all()]

    def save(self, *args, **kwargs):
        self.derive()
        super().save(*args, **kwargs)

    def derive(self) -> None:
        """The columns derived from the others (also for ``bulk_create``, which skips save)."""
        area = self.area if self.area_id else None
        self.kecamatan_code = area.kecamatan_code if area is not None else None
        self.search_document = " ".join(
            filter(
                None,
                [
                    self.summary,
                    self.location,
                    self.actor1,
                    self.actor2,
                    area.name if area is not None else "",
                ],
            )
        )


class EventSource(models.Model):
    """A conflict source of an event (multi-valued, queryable)."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="source_tags")
    source = models.CharField(max_length=20, choices=Source.choices, db_index=True)
    rank = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["rank"]
        constraints = [
            models.UniqueConstraint(fields=["event", "source"], name="event_source_once")
        ]

    def __str__(self):
        return self.source


class EventHistory(models.Model):
    """One change to an event: who, when, what (field → [old, new])."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="history")
    at = models.DateTimeField(auto_now_add=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(max_length=20)
    changes = models.JSONField(default=dict, blank=True)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self):
        return f"#{self.event_id} {self.action} {self.at:%Y-%m-%d %H:%M}"

    @property
    def action_words(self) -> str:
        from waspada.lib.history import action_words

        return action_words(self.action)

    def described(self):
        """The changes in words (``waspada.lib.history``), never the raw keys."""
        from waspada.lib.history import choice_list, describe

        def report_codes(value) -> str:
            from waspada.intake.models import Report

            ids = value if isinstance(value, list) else [value] if value else []
            codes = dict(Report.objects.filter(pk__in=ids).values_list("pk", "tracking_code"))
            return ", ".join(codes.get(i, f"#{i}") for i in ids) or "—"

        return describe(
            Event,
            self.changes,
            {
                "sources": (_("sources of conflict"), choice_list(Source.choices)),
                "reports": (_("reports"), report_codes),
            },
        )


class ImportBatch(models.Model):
    """An uploaded event file, kept unchanged, with its preview and outcome."""

    class Status(models.TextChoices):
        PREVIEW = "preview", _("previewed")
        QUEUED = "queued", _("waiting to import")
        IMPORTING = "importing", _("importing")
        COMMITTED = "committed", _("imported")
        FAILED = "failed", _("refused")

    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    filename = models.CharField(max_length=255)
    format = models.CharField(max_length=20)
    content = models.BinaryField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PREVIEW)
    rows = models.PositiveIntegerField(default=0)
    errors = models.JSONField(default=list, blank=True)
    summary = models.JSONField(default=dict, blank=True)
    # Progress of the import (a background job in chunks, ``exchange/importer.py``): rows of
    # the file done (committed with the events they made, so a restart goes on from there),
    # events created, when it started and finished.
    rows_done = models.PositiveIntegerField(default=0)
    created_count = models.PositiveIntegerField(default=0)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # Where the rows after ``rows_done`` begin in a CSV file (its byte and line; 0: not known,
    # as in an XLSX workbook), so that the next chunk reads on from there.
    resume_offset = models.PositiveBigIntegerField(default=0)
    resume_line = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return self.filename

    @property
    def percent_done(self) -> int:
        if self.status == self.Status.COMMITTED:
            return 100
        return int(100 * self.rows_done / self.rows) if self.rows else 0


class ChangeStamp(models.Model):
    """One row (id 1) whose version the database bumps on every change to events and their
    sources (triggers: waspada/events/stamp.py)."""

    version = models.BigIntegerField(default=0)

    def __str__(self):
        return f"events version {self.version}"
