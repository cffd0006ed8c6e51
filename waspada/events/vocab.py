"""The shared vocabulary (docs/architecture.md, "Vocabulary") as Django choices (names used in
code, UI and API)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Source(models.TextChoices):
    POLITIK = "politik", _("Politics")
    EKONOMI = "ekonomi", _("Economy")
    SOSIAL_BUDAYA = "sosial_budaya", _("Social and cultural")
    AGAMA = "agama", _("Religion")
    ETNIS = "etnis", _("Ethnicity")
    BATAS_WILAYAH = "batas_wilayah", _("Boundaries")
    SUMBER_DAYA_ALAM = "sumber_daya_alam", _("Natural resources")
    KETIMPANGAN = "ketimpangan", _("Inequality")


class Relevance(models.TextChoices):
    INCIDENT = "incident", _("Incident")
    TENSION = "tension", _("Tension")
    PREVENTION = "prevention", _("Prevention")
    NONE = "none", _("Not relevant")


class Form(models.TextChoices):
    UNJUK_RASA = "unjuk_rasa", _("Demonstration")
    KERUSUHAN = "kerusuhan", _("Riot")
    BENTROK = "bentrok", _("Clash between groups")
    KEKERASAN = "kekerasan", _("Violence against people")
    PERUSAKAN = "perusakan", _("Destruction, arson")
    BLOKADE = "blokade", _("Blockade, occupation")
    ANCAMAN = "ancaman", _("Threat, intimidation")
    UJARAN_KEBENCIAN = "ujaran_kebencian", _("Hate speech, provocation, hoax")
    SENGKETA = "sengketa", _("Non-violent dispute")
    PENCEGAHAN = "pencegahan", _("Prevention activity")


class ActorType(models.TextChoices):
    WARGA = "warga", _("Residents")
    ORMAS = "ormas", _("Mass organisation")
    PERUSAHAAN = "perusahaan", _("Company")
    TNI = "tni", _("Military (TNI)")
    POLRI = "polri", _("Police (Polri)")
    PEMERINTAH = "pemerintah", _("Government")
    MAHASISWA = "mahasiswa", _("Students")
    PEKERJA = "pekerja", _("Workers")
    KELOMPOK_AGAMA = "kelompok_agama", _("Religious group")
    KELOMPOK_ETNIS = "kelompok_etnis", _("Ethnic group")
    LAINNYA = "lainnya", _("Other")


class Verification(models.TextChoices):
    BELUM = "belum", _("Not yet verified")
    TERVERIFIKASI = "terverifikasi", _("Verified")
    DITOLAK = "ditolak", _("Rejected")
    DUPLIKAT = "duplikat", _("Duplicate")


class TimePrecision(models.IntegerChoices):
    DAY = 1, _("day")
    WEEK = 2, _("week")
    MONTH = 3, _("month or longer")


class GeoPrecision(models.IntegerChoices):
    DESA = 1, _("desa or exact point")
    KECAMATAN = 2, _("kecamatan")
    KABUPATEN = 3, _("kabupaten or wider")
