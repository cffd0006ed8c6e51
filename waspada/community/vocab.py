"""The community vocabulary (docs/architecture.md, "Vocabulary") as Django choices."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class GroupType(models.TextChoices):
    ORMAS = "ormas", _("Mass organisation")
    TOKOH_AGAMA = "tokoh_agama", _("Religious leaders")
    TOKOH_ADAT = "tokoh_adat", _("Customary leaders")
    PAGUYUBAN_ETNIS = "paguyuban_etnis", _("Ethnic association")
    SERIKAT_PEKERJA = "serikat_pekerja", _("Trade union")
    KELOMPOK_TANI = "kelompok_tani", _("Farmers' group")
    PEMUDA = "pemuda", _("Youth")
    PERUSAHAAN = "perusahaan", _("Company")
    FORUM = "forum", _("Forum (FKUB, FKDM, FPK)")


class RelationKind(models.TextChoices):
    KERJA_SAMA = "kerja_sama", _("Cooperation")
    KETEGANGAN = "ketegangan", _("Tension")


class ActivityType(models.TextChoices):
    BINKOM = "binkom", _("Binkom (community guidance)")
    DIALOG = "dialog", _("Dialogue")
    SOSIALISASI = "sosialisasi", _("Socialisation")
    PELATIHAN = "pelatihan", _("Training")
    MEDIASI = "mediasi", _("Mediation")
    KUNJUNGAN = "kunjungan", _("Visit")
    RAPAT_KOORDINASI = "rapat_koordinasi", _("Coordination meeting")
