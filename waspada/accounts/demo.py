"""Demo organisations and one demo user per role, for trying Waspada out.

Everything created here is flagged ``is_demo`` and named with "(demo)" where it is not a
real body; the real bodies of Kukar (Kesbangpol, Kodim 0906/KKR, Polres) appear by name so
that the demo looks like the deployment, but their demo accounts are not real people.
"""

import base64
import hashlib

from django.conf import settings
from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from waspada.areas.models import Area

from .models import Organisation, OrgType, Role, User

DEMO_PASSWORD = "waspada-demo-2026"  # noqa: S105 (demo accounts only, refused in production)

# username, role, organisation name, kecamatan scope (None = whole regency), full name
DEMO_USERS = [
    ("demo-admin", Role.ADMIN, "Kesbangpol Kabupaten Kutai Kartanegara", None, "Admin Demo"),
    ("demo-analis", Role.ANALYST, "Kesbangpol Kabupaten Kutai Kartanegara", None, "Analis Demo"),
    ("demo-babinsa", Role.FIELD_REPORTER, "Koramil Tenggarong", ["Tenggarong"], "Babinsa Demo"),
    ("demo-mitra", Role.PARTNER, "FKUB Kabupaten Kutai Kartanegara", None, "Mitra Demo"),
    ("demo-pimpinan", Role.LEADERSHIP, "Kodim 0906/KKR", None, "Pimpinan Demo"),
]


def _kecamatan(regency: str) -> list[Area]:
    return list(Area.objects.kecamatan_of_regency(regency).defer("geometry"))


def demo_totp_key(username: str) -> str:
    """Fixed per demo user so that the printed secret stays valid across restarts."""
    return hashlib.sha256(f"waspada-demo-totp:{username}".encode()).hexdigest()[:40]


def demo_totp_secret(username: str) -> str:
    return base64.b32encode(bytes.fromhex(demo_totp_key(username))).decode().rstrip("=")


@transaction.atomic
def create_demo(regency: str | None = None) -> dict[str, int]:
    regency = regency or settings.WASPADA_REGENCY
    kecamatan = _kecamatan(regency)
    orgs: dict[str, Organisation] = {}

    def org(name, type_, short="", parent=None, area=None, demo=False):
        obj, _ = Organisation.objects.update_or_create(
            name=name,
            defaults={
                "type": type_,
                "short_name": short,
                "parent": parent,
                "area": area,
                "is_demo": demo,
            },
        )
        orgs[name] = obj
        return obj

    org("Kesbangpol Kabupaten Kutai Kartanegara", OrgType.PEMERINTAH, "Kesbangpol Kukar")
    kodim = org("Kodim 0906/KKR", OrgType.TNI, "Kodim 0906/KKR")
    polres = org("Polres Kutai Kartanegara", OrgType.POLRI, "Polres Kukar")
    org("Kejaksaan Negeri Kutai Kartanegara", OrgType.KEJAKSAAN, "Kejari Kukar")
    org("FKUB Kabupaten Kutai Kartanegara", OrgType.FORUM, "FKUB Kukar")
    for kec in kecamatan:
        org(f"Koramil {kec.name}", OrgType.TNI, parent=kodim, area=kec)
        org(f"Polsek {kec.name}", OrgType.POLRI, parent=polres, area=kec)
        org(f"FKDM Kecamatan {kec.name}", OrgType.FORUM, area=kec)
    org("Yayasan Damai Mahakam (demo)", OrgType.LSM, demo=True)
    org("Lembaga Bantuan Warga Kaltim (demo)", OrgType.LSM, demo=True)
    org("PT Sawit Lestari Mahakam (demo)", OrgType.PERUSAHAAN, demo=True)
    org("PT Tambang Batu Kartanegara (demo)", OrgType.PERUSAHAAN, demo=True)

    by_name = {k.name: k for k in kecamatan}
    for username, role, org_name, scope, full_name in DEMO_USERS:
        first, _, last = full_name.partition(" ")
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "role": role,
                "organisation": orgs[org_name],
                "is_demo": True,
                "first_name": first,
                "last_name": last,
                "scope_all": scope is None,
            },
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
        if scope:
            user.scope_kecamatan.set([by_name[n] for n in scope if n in by_name])
        if user.requires_two_factor:
            TOTPDevice.objects.get_or_create(
                user=user,
                name="demo",
                defaults={"key": demo_totp_key(username), "confirmed": True},
            )
    return {"organisations": len(orgs), "users": len(DEMO_USERS)}


def login_lines() -> list[str]:
    lines = []
    for username, role, org_name, scope, _ in DEMO_USERS:
        where = ", ".join(scope) if scope else "seluruh kabupaten"
        line = f"{username:<14} / {DEMO_PASSWORD}   {role.label} · {org_name} · {where}"
        if settings.WASPADA_REQUIRE_2FA and role in (Role.ADMIN, Role.ANALYST, Role.LEADERSHIP):
            line += (
                f"\n{'':17}2FA: kode dari `python -m waspada demo_otp {username}`"
                f" (rahasia TOTP {demo_totp_secret(username)})"
            )
        lines.append(line)
    return lines
