from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils.translation import gettext_lazy as _


class OrgType(models.TextChoices):
    PEMERINTAH = "pemerintah", _("Government")
    TNI = "tni", _("Military (TNI)")
    POLRI = "polri", _("Police (Polri)")
    KEJAKSAAN = "kejaksaan", _("Prosecutor (Kejaksaan)")
    FORUM = "forum", _("Forum (FKUB, FKDM, FPK)")
    LSM = "lsm", _("Non-governmental organisation")
    PERUSAHAAN = "perusahaan", _("Company")


# Organisations that may read `terbatas` records.
GOVERNMENT_AND_SECURITY = frozenset(
    {OrgType.PEMERINTAH, OrgType.TNI, OrgType.POLRI, OrgType.KEJAKSAAN}
)


class Role(models.TextChoices):
    ADMIN = "admin", _("Administrator")
    ANALYST = "analyst", _("Analyst")
    FIELD_REPORTER = "field_reporter", _("Field reporter")
    PARTNER = "partner", _("Partner")
    LEADERSHIP = "leadership", _("Leadership")


class Classification(models.TextChoices):
    BIASA = "biasa", _("Biasa (all signed-in users of the area)")
    TERBATAS = "terbatas", _("Terbatas (government and security only)")
    RAHASIA = "rahasia", _("Rahasia (owning organisation's analysts and leadership)")


class Organisation(models.Model):
    name = models.CharField(_("name"), max_length=200, unique=True)
    short_name = models.CharField(_("short name"), max_length=60, blank=True)
    type = models.CharField(_("type"), max_length=20, choices=OrgType.choices)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="units"
    )
    area = models.ForeignKey(
        "areas.Area", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    is_demo = models.BooleanField(default=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")

    def __str__(self):
        return self.short_name or self.name

    @property
    def is_government_or_security(self) -> bool:
        return self.type in GOVERNMENT_AND_SECURITY


class WaspadaUserManager(UserManager):
    def create_superuser(self, username, email=None, password=None, **extra_fields):
        """``createsuperuser`` makes an administrator of the whole regency (role and scope),
        not a superuser whom the access policy would treat as a field reporter without area."""
        extra_fields.setdefault("role", Role.ADMIN)
        extra_fields.setdefault("scope_all", True)
        return super().create_superuser(username, email, password, **extra_fields)


class User(AbstractUser):
    role = models.CharField(
        _("role"), max_length=20, choices=Role.choices, default=Role.FIELD_REPORTER
    )
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="members"
    )
    # Area scope: the whole regency, or the chosen kecamatan only.
    scope_all = models.BooleanField(_("whole regency"), default=False)
    scope_kecamatan = models.ManyToManyField(
        "areas.Area",
        blank=True,
        related_name="+",
        verbose_name=_("kecamatan in scope"),
        limit_choices_to={"level": "kecamatan"},
    )
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    is_demo = models.BooleanField(default=False)
    # Wrong two-factor codes since the last right one (lockout.py). Kept across password
    # sign-ins: a password alone does not buy more guesses at the second factor.
    otp_failures = models.PositiveIntegerField(default=0, editable=False)
    otp_failed_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = WaspadaUserManager()  # type: ignore[misc]  # (the stubs type the base manager as a ClassVar)

    class Meta:
        permissions = [
            ("read_reporter_identity", "Can read the encrypted identity of reporters"),
        ]

    def save(self, *args, **kwargs):
        # The Django admin site is for system administrators only.
        self.is_staff = self.role == Role.ADMIN or self.is_superuser
        super().save(*args, **kwargs)
        from .roles import admin_group

        if self.role == Role.ADMIN:
            self.groups.add(admin_group())
        else:
            self.groups.remove(admin_group())

    @property
    def requires_two_factor(self) -> bool:
        return settings.WASPADA_REQUIRE_2FA and (
            self.role in (Role.ADMIN, Role.ANALYST, Role.LEADERSHIP) or self.is_superuser
        )

    def scope_codes(self) -> set[str] | None:
        """Kecamatan codes in scope, or None for the whole regency."""
        if self.scope_all:
            return None
        cached = getattr(self, "_scope_codes", None)
        if cached is None:
            cached = set(self.scope_kecamatan.values_list("code", flat=True))
            self._scope_codes = cached
        return cached


class AuditQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionError("The audit log is append-only")

    def delete(self):
        raise PermissionError("The audit log is append-only")


class AuditLog(models.Model):
    """Append-only record of sign-ins, changes and reads of sensitive fields."""

    class Action(models.TextChoices):
        LOGIN = "login", _("signed in")
        LOGIN_FAILED = "login_failed", _("sign-in failed")
        LOCKED_OUT = "locked_out", _("locked out")
        LOGOUT = "logout", _("signed out")
        OTP_FAILED = "otp_failed", _("two-factor code rejected")
        OTP_ENROLLED = "otp_enrolled", _("two-factor enrolled")
        CREATE = "create", _("created")
        UPDATE = "update", _("changed")
        DELETE = "delete", _("deleted")
        READ_SENSITIVE = "read_sensitive", _("read a sensitive field")

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    username = models.CharField(max_length=150, blank=True, db_index=True)
    action = models.CharField(max_length=20, choices=Action.choices, db_index=True)
    object_type = models.CharField(max_length=100, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    field = models.CharField(max_length=100, blank=True)
    ip = models.GenericIPAddressField(null=True, blank=True)
    detail = models.JSONField(default=dict, blank=True)

    objects = AuditQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.username} {self.action}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("The audit log is append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("The audit log is append-only")
