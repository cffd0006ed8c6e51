"""Area profiles (structural indicators), risk scores per area and source, level changes,
and the incident forecast per kecamatan."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from waspada.events.vocab import Source

from . import scoring


class Level(models.TextChoices):
    NORMAL = "normal", _("Normal")
    WASPADA = "waspada", _("Waspada (alert)")
    SIAGA = "siaga", _("Siaga (standby)")
    AWAS = "awas", _("Awas (danger)")


assert tuple(Level.values) == scoring.LEVELS  # noqa: S101  (one ladder everywhere)

LEVEL_COLORS = {"normal": "#2e8540", "waspada": "#f2c200", "siaga": "#f07c00", "awas": "#c62828"}


class AreaProfile(models.Model):
    """Structural indicators of one desa or kecamatan (docs/risk/profiles.md)."""

    area = models.OneToOneField(
        "areas.Area", on_delete=models.CASCADE, related_name="risk_profile", verbose_name=_("area")
    )
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    # Shares in percent, e.g. {"islam": 82.5, "kristen": 10.0}; {"kutai": 40, "jawa": 25}.
    religions = models.JSONField(_("religious composition (%)"), default=dict, blank=True)
    ethnicities = models.JSONField(_("ethnic composition (%)"), default=dict, blank=True)
    poverty_rate = models.FloatField(_("poverty rate (%)"), null=True, blank=True)
    mining_concessions = models.PositiveIntegerField(_("mining concessions"), default=0)
    plantation_concessions = models.PositiveIntegerField(_("plantation concessions"), default=0)
    forestry_concessions = models.PositiveIntegerField(_("forestry concessions"), default=0)
    concession_area_pct = models.FloatField(_("area under concessions (%)"), null=True, blank=True)
    boundary_disputes = models.PositiveIntegerField(_("open boundary disputes"), default=0)
    fkdm_present = models.BooleanField(_("FKDM present"), default=False)
    past_conflicts = models.PositiveIntegerField(_("past conflicts (10 years)"), default=0)
    data_year = models.PositiveSmallIntegerField(_("data year"), null=True, blank=True)
    data_source = models.CharField(_("data source"), max_length=300, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["area_id"]
        verbose_name = _("area profile")

    def __str__(self):
        return str(self.area)

    def get_absolute_url(self):
        return reverse("risk:profile", args=[self.area_id])


class AreaProfileHistory(models.Model):
    """One change to a profile: who, when, how (edit, import), what (field -> [old, new])."""

    profile = models.ForeignKey(AreaProfile, on_delete=models.CASCADE, related_name="history")
    at = models.DateTimeField(auto_now_add=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    action = models.CharField(max_length=20)
    changes = models.JSONField(default=dict, blank=True)
    profile_import = models.ForeignKey(
        "risk.ProfileImport", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self):
        return f"{self.profile_id} {self.action} {self.at:%Y-%m-%d %H:%M}"


class ProfileImport(models.Model):
    """An uploaded profile file, kept unchanged, with its outcome (all rows or none)."""

    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    filename = models.CharField(max_length=255)
    content = models.BinaryField()
    ok = models.BooleanField(default=False)
    rows = models.PositiveIntegerField(default=0)
    errors = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return self.filename


class RiskScore(models.Model):
    """The score of one area for one source ("" = overall) over one window, as last computed.

    ``components`` is ``scoring.AreaScore.as_dict()["components"]`` with each component's
    contributions cut to the largest ``WASPADA_RISK_STORED_RECORDS`` (``n`` keeps the count).
    """

    area = models.ForeignKey("areas.Area", on_delete=models.CASCADE, related_name="+")
    level_of_area = models.CharField(max_length=10, db_index=True)  # kecamatan, desa, kabupaten
    source = models.CharField(max_length=20, blank=True, choices=Source.choices)
    window = models.PositiveSmallIntegerField()  # days
    score = models.FloatField()
    level = models.CharField(max_length=10, choices=Level.choices)
    components = models.JSONField(default=dict)
    as_of = models.DateField()
    computed_at = models.DateTimeField()

    class Meta:
        ordering = ["area_id", "source", "window"]
        constraints = [
            models.UniqueConstraint(
                fields=["area", "source", "window"], name="risk_score_once_per_area"
            )
        ]
        indexes = [models.Index(fields=["window", "source", "level_of_area"])]

    def __str__(self):
        return f"{self.area_id} {self.source or 'all'} {self.window}d {self.score:.1f}"


class RiskLevelChange(models.Model):
    """A headline level moved (the alerts app reacts through ``signals.risk_level_changed``)."""

    area = models.ForeignKey("areas.Area", on_delete=models.CASCADE, related_name="+")
    source = models.CharField(max_length=20, blank=True, choices=Source.choices)
    old_level = models.CharField(max_length=10, choices=Level.choices)
    new_level = models.CharField(max_length=10, choices=Level.choices)
    score = models.FloatField()
    at = models.DateTimeField(db_index=True)

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self):
        return f"{self.area_id} {self.source or 'all'}: {self.old_level} → {self.new_level}"

    @property
    def rising(self) -> bool:
        return scoring.LEVELS.index(self.new_level) > scoring.LEVELS.index(self.old_level)


class RiskForecast(models.Model):
    """P(at least one incident) and the expected count in the next 30 days, per kecamatan."""

    area = models.ForeignKey("areas.Area", on_delete=models.CASCADE, related_name="+")
    start = models.DateField()  # the 30 days [start, end]
    end = models.DateField()
    probability = models.FloatField()
    expected = models.FloatField()
    last_30_days = models.PositiveIntegerField(default=0)
    model = models.CharField(max_length=200, blank=True)
    computed_at = models.DateTimeField()

    class Meta:
        ordering = ["-probability", "area_id"]
        constraints = [models.UniqueConstraint(fields=["area"], name="risk_forecast_once")]

    def __str__(self):
        return f"{self.area_id} p={self.probability:.2f} mu={self.expected:.2f}"


class RiskRun(models.Model):
    """One recomputation (what the stale check compares against, and the status page shows)."""

    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True)
    kind = models.CharField(max_length=10, default="scores")  # scores, forecast
    rows = models.PositiveIntegerField(default=0)
    changes = models.PositiveIntegerField(default=0)
    seconds = models.FloatField(default=0.0)

    class Meta:
        ordering = ["-started_at"]
        get_latest_by = "started_at"

    def __str__(self):
        return f"{self.kind} {self.started_at:%Y-%m-%d %H:%M}"
