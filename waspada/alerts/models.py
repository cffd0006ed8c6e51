"""Rules, alerts, subscriptions, channels, and the messages and delivery attempts behind them."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from waspada.accounts.governed import GovernedRecord
from waspada.events.vocab import Source

from .levels import Level, rank

SOURCE_BITS = {name: 1 << i for i, name in enumerate(Source.values)}


def source_mask(sources) -> int:
    """The conflict sources as one integer (bit per source); 0: none named."""
    mask = 0
    for name in sources or ():
        mask |= SOURCE_BITS.get(name, 0)
    return mask


class Channel(models.Model):
    """Where one user or organisation reads messages: an address on one transport."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="alert_channels",
    )
    organisation = models.ForeignKey(
        "accounts.Organisation",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="alert_channels",
    )
    kind = models.CharField(_("transport"), max_length=20)
    address = models.CharField(
        _("address"),
        max_length=500,
        help_text=_("E-mail address, Telegram chat id, phone number or webhook URL"),
    )
    secret = models.CharField(
        _("signing secret"),
        max_length=200,
        blank=True,
        help_text=_("Webhooks only: the key of the HMAC-SHA256 signature"),
    )
    label = models.CharField(_("label"), max_length=100, blank=True)
    enabled = models.BooleanField(_("enabled"), default=True)
    disabled_reason = models.CharField(max_length=300, blank=True)
    disabled_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["kind", "address"]
        constraints = [
            models.CheckConstraint(
                condition=Q(user__isnull=False) | Q(organisation__isnull=False),
                name="alerts_channel_has_owner",
            )
        ]

    def __str__(self):
        return self.label or f"{self.kind}: {self.address}"

    def disable(self, reason: str) -> None:
        self.enabled = False
        self.disabled_reason = reason[:300]
        self.disabled_at = timezone.now()
        self.save(update_fields=["enabled", "disabled_reason", "disabled_at"])


class Message(models.Model):
    """One message to one address, sent once however many attempts it takes."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        SENDING = "sending", _("sending")
        SENT = "sent", _("sent")
        FAILED = "failed", _("failed")

    key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    channel = models.ForeignKey(
        Channel, null=True, blank=True, on_delete=models.SET_NULL, related_name="messages"
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    kind = models.CharField(max_length=20)
    address = models.CharField(max_length=500)
    subject = models.CharField(max_length=300, blank=True)
    text = models.TextField()
    html = models.TextField(blank=True)
    link = models.CharField(max_length=500, blank=True)
    payload = models.JSONField(default=dict, blank=True)
    topic = models.CharField(
        max_length=60,
        blank=True,
        db_index=True,
        help_text="what the message is about, e.g. alert:12 or case:3",
    )
    alert = models.ForeignKey(
        "alerts.Alert", null=True, blank=True, on_delete=models.CASCADE, related_name="messages"
    )
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.QUEUED, db_index=True
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now, db_index=True)
    lease_until = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=500, blank=True)
    provider_id = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.kind} → {self.address}: {self.subject or self.text[:40]}"


class Delivery(models.Model):
    """One attempt to send a message: kept, so a failure is visible and repeatable."""

    class Outcome(models.TextChoices):
        SENDING = "sending", _("sending (or interrupted)")
        SENT = "sent", _("sent")
        TEMPORARY = "temporary", _("temporary failure")
        PERMANENT = "permanent", _("permanent failure")

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="deliveries")
    number = models.PositiveSmallIntegerField()
    started_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(max_length=10, choices=Outcome.choices, default=Outcome.SENDING)
    error = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["message_id", "number"]
        verbose_name_plural = "deliveries"

    def __str__(self):
        return f"#{self.message_id}/{self.number} {self.outcome}"


class Rule(models.Model):
    """When to raise an alert. Edited by admins; every saved version is kept."""

    class Kind(models.TextChoices):
        RISK_LEVEL = "risk_level", _("Risk level reached or raised")
        EVENT_COUNT = "event_count", _("Number of events of given forms within a window")
        HATE_SPEECH = "hate_speech", _("Spike of hate speech or provocation")
        URGENT_EVENT = "urgent_event", _("A single urgent event (fatalities, riot, clash)")

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    is_active = models.BooleanField(_("active"), default=True)
    level = models.CharField(
        _("level"),
        max_length=10,
        choices=Level.choices,
        default=Level.SIAGA,
        help_text=_(
            "Risk rules: the level that triggers (and is raised). "
            "Other rules: the level of the alert they raise."
        ),
    )
    areas = models.ManyToManyField(
        "areas.Area",
        blank=True,
        related_name="+",
        verbose_name=_("areas (none: the whole regency)"),
    )
    sources = models.JSONField(_("sources (empty: any)"), default=list, blank=True)
    forms = models.JSONField(_("event forms (empty: any)"), default=list, blank=True)
    count = models.PositiveSmallIntegerField(_("number of events or reports"), default=3)
    window_hours = models.PositiveIntegerField(_("window (hours)"), default=72)
    min_fatalities = models.PositiveSmallIntegerField(
        _("minimum fatalities"),
        default=0,
        help_text=_(
            "Urgent-event rules: fire on this many stated deaths (0: deaths alone do not). "
            "For a report, only when its reading is of conflict (severity 3 or more)."
        ),
    )
    min_severity = models.PositiveSmallIntegerField(
        _("minimum severity (0-5)"),
        default=0,
        help_text=_(
            "Urgent-event rules: fire on a report or event of at least this severity "
            "(5 someone killed, 4 injured/burned/armed clash, 3 violence; 0: not used)."
        ),
    )
    awas_fatalities = models.PositiveSmallIntegerField(
        _("awas from deaths (cumulative)"),
        default=0,
        help_text=_("Raise the open alert to awas when its stated deaths add up to this (0: no)."),
    )
    awas_desa = models.PositiveSmallIntegerField(
        _("awas from desa affected"),
        default=0,
        help_text=_("Raise the open alert to awas when it spreads to this many desa (0: no)."),
    )
    default_key = models.CharField(
        max_length=40,
        blank=True,
        db_index=True,
        editable=False,
        help_text="the default rule setup created (alerts/defaults.py); never overwritten",
    )
    include_reports = models.BooleanField(
        _("also unverified reports"),
        default=False,
        help_text=_(
            "Urgent-event rules: also act on a report as soon as the analysis gives it one "
            "of the forms or the fatalities (before an analyst has verified anything)."
        ),
    )
    ack_minutes = models.PositiveIntegerField(
        _("acknowledge within (minutes)"),
        default=60,
        help_text=_("Unacknowledged alerts go to the next tier after this long."),
    )
    throttle_minutes = models.PositiveIntegerField(
        _("notify again at most every (minutes)"), default=360
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["kind", "name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if self.pk:
            self.version = (
                Rule.objects.filter(pk=self.pk).values_list("version", flat=True).first() or 0
            ) + 1
        super().save(*args, **kwargs)
        RuleVersion.objects.create(
            rule=self, version=self.version, data=self.snapshot(), by=self.updated_by
        )

    def snapshot(self) -> dict:
        data = {
            f: getattr(self, f)
            for f in (
                "name",
                "kind",
                "is_active",
                "level",
                "sources",
                "forms",
                "count",
                "window_hours",
                "min_fatalities",
                "min_severity",
                "awas_fatalities",
                "awas_desa",
                "include_reports",
                "ack_minutes",
                "throttle_minutes",
            )
        }
        if self.pk:
            data["areas"] = sorted(self.areas.values_list("code", flat=True))
        return data

    def area_codes(self) -> set[str]:
        return set(self.areas.values_list("code", flat=True))


class RuleVersion(models.Model):
    rule = models.ForeignKey(Rule, on_delete=models.CASCADE, related_name="versions")
    version = models.PositiveIntegerField()
    data = models.JSONField()
    at = models.DateTimeField(auto_now_add=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["rule_id", "-version"]
        unique_together = [("rule", "version")]

    def __str__(self):
        return f"{self.rule_id} v{self.version}"


class Alert(GovernedRecord):
    """A warning about one area: level, reason and evidence; acknowledged, handled, closed.

    Its classification is the highest of its evidence (an alert about a ``rahasia`` event is
    itself ``rahasia``) so the policy decides who hears of it like for any record.
    """

    class Status(models.TextChoices):
        BARU = "baru", _("New")
        DIAKUI = "diakui", _("Acknowledged")
        DITANGANI = "ditangani", _("Being handled")
        DITUTUP = "ditutup", _("Closed")

    OPEN = (Status.BARU, Status.DIAKUI, Status.DITANGANI)

    rule = models.ForeignKey(
        Rule, null=True, blank=True, on_delete=models.SET_NULL, related_name="alerts"
    )
    rule_version = models.PositiveIntegerField(null=True, blank=True)
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    sources = models.JSONField(_("sources"), default=list, blank=True)
    title = models.CharField(_("title"), max_length=300)
    reason = models.TextField(_("reason"))
    evidence = models.JSONField(_("evidence"), default=list, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.BARU, db_index=True
    )
    occurrences = models.PositiveIntegerField(default=1)
    # What the evidence says, added up: each report or event counted once (``tallies``:
    # "report:12" → its deaths, injuries, desa, severity; an event replaces its reports).
    tallies = models.JSONField(default=dict, blank=True)
    fatalities = models.PositiveIntegerField(_("deaths (stated, cumulative)"), null=True)
    injured = models.PositiveIntegerField(_("injured (stated, cumulative)"), null=True)
    desa = models.JSONField(_("desa affected"), default=list, blank=True)
    severity = models.PositiveSmallIntegerField(_("severity"), default=0)
    what = models.CharField(_("what happened"), max_length=300, blank=True)
    happened_at = models.DateTimeField(null=True, blank=True)
    changes = models.JSONField(default=list, blank=True, help_text="what the last news changed")
    # title and reason in every language of the site: {"en": {"title": …, "reason": …}}
    i18n = models.JSONField(default=dict, blank=True)
    raised_at = models.DateTimeField(default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)
    notified_at = models.DateTimeField(null=True, blank=True)
    tier = models.PositiveSmallIntegerField(default=1)
    escalated_at = models.DateTimeField(null=True, blank=True)
    ack_minutes = models.PositiveIntegerField(default=60)
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    case_ref = models.CharField(_("response case"), max_length=60, blank=True)

    class Meta:
        ordering = ["-raised_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["rule", "area"],
                condition=Q(status__in=["baru", "diakui", "ditangani"]),
                name="alerts_one_open_alert_per_rule_and_area",
            )
        ]

    def __str__(self):
        return f"[{self.level}] {self.title}"

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN

    @property
    def level_rank(self) -> int:
        return rank(self.level)


class Acknowledgement(models.Model):
    class Via(models.TextChoices):
        WEB = "web", _("web")
        LINK = "link", _("signed link")
        TELEGRAM = "telegram", _("Telegram button")

    alert = models.ForeignKey(Alert, on_delete=models.CASCADE, related_name="acknowledgements")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    via = models.CharField(max_length=10, choices=Via.choices)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at"]
        unique_together = [("alert", "user")]

    def __str__(self):
        return f"{self.alert_id} by {self.user_id} ({self.via})"


class Subscription(models.Model):
    """Who hears of which alerts, on which channels: per user or per organisation."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="alert_subscriptions",
    )
    organisation = models.ForeignKey(
        "accounts.Organisation",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="alert_subscriptions",
    )
    areas = models.ManyToManyField(
        "areas.Area",
        blank=True,
        related_name="+",
        verbose_name=_("areas (none: all in scope)"),
        help_text=_("An alert about a desa reaches subscribers of its kecamatan too."),
    )
    sources = models.JSONField(_("sources (empty: any)"), default=list, blank=True)
    min_level = models.CharField(
        _("minimum level"), max_length=10, choices=Level.choices, default=Level.WASPADA
    )
    language = models.CharField(
        _("language of messages"),
        max_length=5,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
    )
    # The sources as bits (SOURCE_BITS), kept by save(): matching is one indexed SQL test.
    source_mask = models.PositiveIntegerField(default=0, editable=False, db_index=True)
    level_rank = models.PositiveSmallIntegerField(default=1, editable=False, db_index=True)
    channels = models.ManyToManyField(
        Channel, related_name="subscriptions", verbose_name=_("channels")
    )
    tier = models.PositiveSmallIntegerField(
        _("tier"),
        default=1,
        help_text=_(
            "1: first responders. 2 and up: told when tier below has not "
            "acknowledged in time (e.g. leadership)."
        ),
    )
    quiet_start = models.TimeField(_("quiet hours from"), null=True, blank=True)
    quiet_end = models.TimeField(_("quiet hours until"), null=True, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["tier", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(user__isnull=False) | Q(organisation__isnull=False),
                name="alerts_subscription_has_owner",
            )
        ]

    def __str__(self):
        return f"{self.user or self.organisation} ≥ {self.min_level} (tier {self.tier})"

    def save(self, *args, **kwargs):
        self.source_mask = source_mask(self.sources)
        self.level_rank = rank(self.min_level)
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "source_mask", "level_rank"}
        super().save(*args, **kwargs)

    def in_quiet_hours(self, at) -> bool:
        if self.quiet_start is None or self.quiet_end is None:
            return False
        now = timezone.localtime(at).time()
        if self.quiet_start <= self.quiet_end:
            return self.quiet_start <= now < self.quiet_end
        return now >= self.quiet_start or now < self.quiet_end
