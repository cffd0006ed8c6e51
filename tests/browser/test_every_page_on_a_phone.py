"""Every page of the access matrix (tests/access_matrix.py) that an administrator opens with a
GET, at 360 px in Chromium: nothing overflows sideways. Files (CSV, PDF, XLSX, feeds, JSON)
are left out: they are not pages."""

from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.access_matrix import RULES
from tests.browser.conftest import sign_in
from tests.conftest import LOA_KULU, PASSWORD, TENGGARONG, make_user
from waspada.accounts.models import Organisation, OrgType, Role

NOT_PAGES = (
    "json",
    "geojson",
    "_data",
    "_points",
    "atom",
    "_pdf",
    "export",
    "xlsform",
    "template",
    "choropleth",
    "api:",
    "healthz",
    "attachment",
    "_raw",
    "raw",
)


def _personas():
    def org(name, kind):
        return Organisation.objects.get_or_create(name=name, defaults={"type": kind})[0]

    kesbangpol = org("Kesbangpol Kukar", OrgType.PEMERINTAH)
    return {
        "admin": make_user("admin-hp", Role.ADMIN, kesbangpol),
        "analyst": make_user("analis-hp", Role.ANALYST, kesbangpol),
        "reporter": make_user(
            "babinsa-hp", Role.FIELD_REPORTER, org("Koramil", OrgType.TNI), [TENGGARONG]
        ),
        "partner": make_user("mitra-hp", Role.PARTNER, org("FKUB Kukar", OrgType.FORUM)),
        "leader": make_user("pimpinan-hp", Role.LEADERSHIP, org("Kodim", OrgType.TNI)),
        "outsider_analyst": make_user(
            "analis2-hp", Role.ANALYST, org("Polres", OrgType.POLRI), [LOA_KULU]
        ),
    }


def test_every_page_fits_a_phone(live_server, page_factory):
    from django.urls import reverse

    personas = _personas()
    device = TOTPDevice.objects.create(user=personas["admin"], name="app", confirmed=True)
    page = page_factory(width=360, height=740)
    sign_in(
        page, live_server.url, "admin-hp", PASSWORD, otp_code=lambda: f"{totp(device.bin_key):06d}"
    )
    page.wait_for_url(f"{live_server.url}/")
    wide, seen = [], 0
    for name, rule in sorted(RULES.items()):
        if rule.method != "get" or rule.expect.get("admin") != 200:
            continue
        if any(part in name for part in NOT_PAGES):
            continue
        kwargs = rule.make(personas) if rule.make else rule.kwargs
        url = reverse(name, kwargs=kwargs) + (f"?{rule.query}" if rule.query else "")
        response = page.goto(f"{live_server.url}{url}")
        assert response is not None and response.status == 200, url
        seen += 1
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 360:
            wide.append(f"{name} {url}: {width} px")
    assert seen > 30
    assert wide == []
