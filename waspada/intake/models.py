from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from waspada.accounts.governed import GovernedRecord
from waspada.lib.crypto import EncryptedBinaryField, EncryptedJSONField
from waspada.nlp.analysis import Analysis

# Tracking codes avoid letters and digits that are easy to confuse on a phone (0/O, 1/I/L).
_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


def new_tracking_code() -> str:
    raw = "".join(secrets.choice(_CODE_ALPHABET) for _ in range(8))
    return f"{raw[:4]}-{raw[4:]}"


class Channel(models.TextChoices):
    WEB = "web", _("Web form (signed in)")
    PUBLIC = "public", _("Public form")
    API = "api", _("API")
    SMS = "sms", _("SMS (gateway)")
    TWILIO = "twilio", _("SMS (Twilio)")
    TELEGRAM = "telegram", _("Telegram")
    WHATSAPP = "whatsapp", _("WhatsApp")
    EMAIL = "email", _("E-mail")
    ODK = "odk", _("ODK / KoboToolbox")


class Status(models.TextChoices):
    BARU = "baru", _("New")
    DIPROSES = "diproses", _("In progress")
    TERVERIFIKASI = "terverifikasi", _("Verified")
    DITOLAK = "ditolak", _("Rejected")
    DUPLIKAT = "duplikat", _("Duplicate")


class ReportQuerySet(models.QuerySet):
    def triage_order(self):
        """Most urgent first (the analysis' urgency), then the newest."""
        return self.order_by(models.F("urgency").desc(nulls_last=True), "-received_at")


class Report(GovernedRecord):
    """One report from the field, as it arrived, plus what triage made of it.

    ``area`` (from GovernedRecord) is the desa or kecamatan; ``raw_*`` keep the delivery
    unchanged (encrypted, since it usually carries the sender's number or address).
    """

    tracking_code = models.CharField(
        _("tracking code"), max_length=9, unique=True, default=new_tracking_code, editable=False
    )
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices, db_index=True)
    channel_message_id = models.CharField(max_length=200, blank=True, default="")
    title = models.CharField(_("title"), max_length=200, blank=True)
    text = models.TextField(_("what happened"), blank=True)
    occurred_at = models.DateTimeField(_("when it happened"), null=True, blank=True)
    place_text = models.CharField(_("place (as written)"), max_length=300, blank=True)
    lat = models.FloatField(_("latitude"), null=True, blank=True)
    lon = models.FloatField(_("longitude"), null=True, blank=True)

    anonymous = models.BooleanField(_("anonymous"), default=False)
    # The language the reporter wrote the form in ("id", "en"; blank: the deployment's):
    # answers about the report (CEK, status messages) use it.
    language = models.CharField(max_length=8, blank=True, default="", editable=False)
    # {"name", "phone", "email"}: only through services.read_identity (checked and audited).
    reporter_identity = EncryptedJSONField(null=True, blank=True, editable=False)
    # Where answers go on the channel (chat id, number, address); identity too, so encrypted.
    reply_to = EncryptedJSONField(null=True, blank=True, editable=False)
    # Opaque key (HMAC of the sender id) linking follow-up messages of one conversation.
    sender_key = models.CharField(max_length=64, blank=True, db_index=True, editable=False)

    raw_body = EncryptedBinaryField(null=True, blank=True, editable=False)
    raw_content_type = models.CharField(max_length=200, blank=True, editable=False)
    raw_headers = models.JSONField(default=dict, blank=True, editable=False)

    status = models.CharField(
        _("status"), max_length=15, choices=Status.choices, default=Status.BARU, db_index=True
    )
    status_reason = models.TextField(_("reason"), blank=True)
    duplicate_of = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="duplicates",
        verbose_name=_("duplicate of"),
    )

    analysis = models.JSONField(null=True, blank=True, editable=False)
    analysed_at = models.DateTimeField(null=True, blank=True, editable=False)
    urgency = models.FloatField(null=True, blank=True, db_index=True, editable=False)

    received_at = models.DateTimeField(_("received"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ReportQuerySet.as_manager()

    class Meta:
        ordering = ["-received_at"]
        verbose_name = _("report")
        constraints = [
            models.UniqueConstraint(
                fields=["channel", "channel_message_id"],
                condition=~models.Q(channel_message_id=""),
                name="report_unique_channel_message",
            ),
        ]
        indexes = [
            # The triage queue, counted and ordered from this index alone (what it filters on:
            # status and the access policy's facts; what it orders by): only the page's 25
            # rows are read from the wide table.
            models.Index(
                fields=[
                    "status",
                    "classification",
                    "organisation",
                    "kecamatan_code",
                    "urgency",
                    "received_at",
                ],
                name="report_triage",
            ),
            # A field reporter's own reports, newest first ("my reports"): without it SQLite
            # walked the received_at index through every report looking for the author's.
            models.Index(fields=["created_by", "-received_at"], name="report_mine"),
        ]

    def __str__(self):
        return f"{self.tracking_code} {self.title or self.text[:60]}"

    def get_absolute_url(self):
        return reverse("intake:detail", args=[self.pk])

    @property
    def has_location(self) -> bool:
        return self.lat is not None and self.lon is not None

    @property
    def reading(self) -> Analysis | None:
        """What the analysis made of the report (``waspada.nlp.Analysis``); None before it
        has been analysed. Read its attributes, never the stored JSON."""
        if self.analysis is None:
            return None
        return Analysis.from_dict(self.analysis)

    def can_view_by(self, user) -> bool:
        from waspada.accounts.policy import can_view_report

        return can_view_report(user, self)


def attachment_path(instance, filename):
    return f"intake/{instance.report.received_at:%Y/%m}/{secrets.token_hex(12)}"


class Attachment(models.Model):
    """A photo, recording or document sent with a report, checked by its content."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=attachment_path, blank=True)
    original_name = models.CharField(max_length=255, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveIntegerField(default=0)
    sha256 = models.CharField(max_length=64, blank=True)
    # Media still to be fetched from the channel (Telegram file id, WhatsApp media id…).
    remote_ref = models.JSONField(null=True, blank=True)
    fetch_error = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return self.original_name or f"attachment {self.pk}"

    @property
    def kind(self) -> str:
        return self.content_type.split("/", 1)[0] if self.content_type else ""

    @property
    def is_fetched(self) -> bool:
        return bool(self.file)


class ReportLog(models.Model):
    """The history of a report: notes, status changes, follow-up messages, answers sent."""

    class Kind(models.TextChoices):
        NOTE = "note", _("note")
        STATUS = "status", _("status change")
        CLASSIFY = "classify", _("classification")
        FOLLOWUP = "followup", _("follow-up message")
        REPLY = "reply", _("answer to the reporter")

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="log")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    at = models.DateTimeField(auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.TextField(blank=True)
    detail = models.JSONField(default=dict, blank=True)
    # For follow-ups: the channel message id, so a repeated delivery is recognised.
    channel = models.CharField(max_length=10, blank=True, default="")
    channel_message_id = models.CharField(max_length=200, blank=True, default="")
    raw_body = EncryptedBinaryField(null=True, blank=True)
    raw_content_type = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["channel", "channel_message_id"],
                condition=~models.Q(channel_message_id=""),
                name="reportlog_unique_channel_message",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.at:%Y-%m-%d %H:%M}"

    @property
    def change_words(self) -> str:
        """A status or classification change as people read it: "Baru → Diproses (mengikuti
        peristiwa #4)", never the stored codes."""
        detail = self.detail or {}
        if "to" not in detail:
            return ""
        if self.kind == self.Kind.CLASSIFY:
            from waspada.accounts.models import Classification

            labels = dict(Classification.choices)
        else:
            labels = dict(Status.choices)
        before = labels.get(str(detail.get("from")), "—")
        text = f"{before} → {labels.get(detail['to'], detail['to'])}"
        if detail.get("follows") == "event" and detail.get("event"):
            text += " " + str(_("(follows event #%(n)s)") % {"n": detail["event"]})
        return text


class PullCursor(models.Model):
    """How far a pulled source has been read (ODK Central: the last submission date stored)."""

    source = models.CharField(max_length=200, unique=True)
    value = models.CharField(max_length=200, blank=True, default="")
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"{self.source}: {self.value}"


class RateCounter(models.Model):
    """Accepted public reports per key (a visitor's address) in a fixed window. Counted with
    conditional UPDATEs in the transaction that stores the report (ratelimit.py), so concurrent
    sends never pass the limit and a refused or failed send counts nothing."""

    key = models.CharField(max_length=200, unique=True)
    window_start = models.DateTimeField()
    count = models.PositiveIntegerField(default=0)

    def __str__(self):
        return f"{self.key}: {self.count} since {self.window_start:%Y-%m-%d %H:%M}"


class ChangeStamp(models.Model):
    """One row (id 1) whose version the database bumps on every change to reports
    (triggers: waspada/intake/stamp.py)."""

    version = models.BigIntegerField(default=0)

    def __str__(self):
        return f"reports version {self.version}"
