import datetime as dt

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from waspada.accounts.governed import GovernedRecord

from .vocab import OPEN_STATUSES, ActionType, Phase, Priority, Status

# Fields whose changes are written to the case's history.
TRACKED_FIELDS = (
    "title",
    "summary",
    "phase",
    "status",
    "priority",
    "due_date",
    "area_id",
    "lead_organisation_id",
    "classification",
    "outcome",
)


class CaseQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status__in=OPEN_STATUSES)


class Case(GovernedRecord):
    """A response case: what is being done about a conflict, by whom, by when.

    ``area`` (from GovernedRecord) is the main area and decides who may see the case;
    ``areas`` lists every area concerned.
    """

    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), blank=True)
    areas = models.ManyToManyField(
        "areas.Area", blank=True, related_name="cases", verbose_name=_("areas concerned")
    )
    sources = models.JSONField(_("sources of conflict"), default=list, blank=True)
    phase = models.CharField(
        _("phase"), max_length=12, choices=Phase.choices, default=Phase.PENCEGAHAN, db_index=True
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.BARU, db_index=True
    )
    priority = models.PositiveSmallIntegerField(
        _("priority"), choices=Priority.choices, default=Priority.SEDANG
    )
    due_date = models.DateField(_("due date"), null=True, blank=True)
    lead_organisation = models.ForeignKey(
        "accounts.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("lead organisation"),
    )
    involved = models.ManyToManyField(
        "accounts.Organisation",
        blank=True,
        related_name="+",
        verbose_name=_("involved organisations"),
    )
    events = models.ManyToManyField(
        "events.Event", blank=True, related_name="cases", verbose_name=_("events")
    )
    groups = models.ManyToManyField(
        "community.CommunityGroup",
        blank=True,
        related_name="cases",
        verbose_name=_("community groups"),
    )
    alerts = models.ManyToManyField(
        "alerts.Alert", blank=True, related_name="cases", verbose_name=_("alerts")
    )
    outcome = models.TextField(_("outcome"), blank=True)
    opened_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    objects = CaseQuerySet.as_manager()

    class Meta:
        ordering = ["priority", "-opened_at"]
        verbose_name = _("case")
        indexes = [models.Index(fields=["status", "phase"])]

    def __str__(self):
        return f"#{self.pk} {self.title}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    def is_overdue(self, today: dt.date | None = None) -> bool:
        today = today or dt.date.today()
        return self.is_open and self.due_date is not None and self.due_date < today


class CaseHistory(models.Model):
    """One change to a case: who, when, what (field → [old, new])."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="history")
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
        return f"case #{self.case_id} {self.action}"

    @property
    def action_words(self) -> str:
        from waspada.lib.history import action_words

        return action_words(self.action)

    def described(self):
        """The changes in words (``waspada.lib.history``), never the raw keys."""
        from waspada.events.vocab import Source
        from waspada.lib.history import choice_list, date_words, describe

        def action_text(value) -> str:
            # "dialog 2026-11-02" (added), a number (done), "done"
            if value in (None, ""):
                return "—"
            if value == "done":
                return str(_("done"))
            kind, _sep, day = str(value).partition(" ")
            label = str(dict(ActionType.choices).get(kind, kind))
            return f"{label}, {date_words(day)}" if day else label

        return describe(
            Case,
            self.changes,
            {
                "sources": (_("sources of conflict"), choice_list(Source.choices)),
                "action": (_("action"), action_text),
            },
        )


class ActionQuerySet(models.QuerySet):
    def pending(self):
        """Actions with a follow-up still to do."""
        return self.filter(done_at=None).exclude(follow_up_due=None)

    def overdue(self, today: dt.date):
        return self.pending().filter(follow_up_due__lt=today)


class Action(models.Model):
    """One thing done (or to do) on a case, with its follow-up due date."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="actions")
    type = models.CharField(_("type"), max_length=20, choices=ActionType.choices)
    date = models.DateField(_("date"))
    organisation = models.ForeignKey(
        "accounts.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("organisation"),
    )
    people = models.CharField(_("people"), max_length=300, blank=True)
    description = models.TextField(_("description"))
    outcome = models.TextField(_("outcome"), blank=True)
    follow_up_due = models.DateField(_("follow-up due"), null=True, blank=True, db_index=True)
    done_at = models.DateTimeField(_("follow-up done"), null=True, blank=True)
    # Decision of a Tim Terpadu meeting that created this action, if any.
    decision = models.OneToOneField(
        "cases.Decision", null=True, blank=True, on_delete=models.SET_NULL, related_name="action"
    )
    # What the reminder job last sent: "due" (due within a day) or "overdue".
    reminded = models.CharField(max_length=10, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = ActionQuerySet.as_manager()

    class Meta:
        ordering = ["date", "id"]

    def __str__(self):
        return f"{self.get_type_display()} {self.date:%Y-%m-%d}"

    def is_overdue(self, today: dt.date | None = None) -> bool:
        today = today or dt.date.today()
        return (
            self.done_at is None and self.follow_up_due is not None and self.follow_up_due < today
        )


class Meeting(GovernedRecord):
    """A meeting of the Tim Terpadu: agenda, attendance, decisions, minutes."""

    date = models.DateField(_("date"), db_index=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    chair = models.CharField(_("chair"), max_length=200, blank=True)
    notes = models.TextField(_("minutes notes"), blank=True)
    # The agenda as generated (kept as it was when the meeting was prepared).
    agenda = models.JSONField(default=list, blank=True)
    agenda_since = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("Tim Terpadu meeting")

    def __str__(self):
        return f"Rapat Tim Terpadu {self.date:%Y-%m-%d}"


class Attendance(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    name = models.CharField(_("name"), max_length=200)
    position = models.CharField(_("position"), max_length=200, blank=True)
    organisation = models.ForeignKey(
        "accounts.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("organisation"),
    )

    class Meta:
        ordering = ["pk"]

    def __str__(self):
        return self.name


class Decision(models.Model):
    """What the meeting decided; a decision on a case becomes an action of that case."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="decisions")
    case = models.ForeignKey(
        Case,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="decisions",
        verbose_name=_("case"),
    )
    text = models.TextField(_("decision"))
    action_type = models.CharField(
        _("action type"), max_length=20, choices=ActionType.choices, blank=True
    )
    organisation = models.ForeignKey(
        "accounts.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("responsible organisation"),
    )
    due = models.DateField(_("due"), null=True, blank=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self):
        return self.text[:60]
