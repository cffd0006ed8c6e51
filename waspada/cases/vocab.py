"""The response vocabulary (docs/architecture.md, "Vocabulary") as Django choices."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Phase(models.TextChoices):
    PENCEGAHAN = "pencegahan", _("Prevention")
    PENGHENTIAN = "penghentian", _("Stopping")
    PEMULIHAN = "pemulihan", _("Recovery")


class Status(models.TextChoices):
    BARU = "baru", _("New")
    DITANGANI = "ditangani", _("Being handled")
    PEMANTAUAN = "pemantauan", _("Monitoring")
    SELESAI = "selesai", _("Closed")


class Priority(models.IntegerChoices):
    TINGGI = 1, _("High")
    SEDANG = 2, _("Medium")
    RENDAH = 3, _("Low")


class ActionType(models.TextChoices):
    DIALOG = "dialog", _("Dialogue")
    MEDIASI = "mediasi", _("Mediation")
    SOSIALISASI = "sosialisasi", _("Socialisation")
    PATROLI = "patroli", _("Patrol")
    KOORDINASI = "koordinasi", _("Coordination")
    BANTUAN = "bantuan", _("Assistance")
    PENEGAKAN_HUKUM = "penegakan_hukum", _("Law enforcement")
    PEMANTAUAN = "pemantauan", _("Monitoring")


# The order in which a case normally moves; any status may be set directly.
OPEN_STATUSES = (Status.BARU, Status.DITANGANI, Status.PEMANTAUAN)
