"""A user signs in (with two-factor) and sees the regency map with its 20 kecamatan."""

from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.browser.conftest import sign_in, to_docs
from tests.conftest import PASSWORD, make_user
from waspada.accounts.models import Organisation, OrgType, Role


def _analyst_with_device():
    org = Organisation.objects.create(name="Kesbangpol Kukar", type=OrgType.PEMERINTAH)
    user = make_user("analis-browser", Role.ANALYST, org)
    device = TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    return user, lambda: f"{totp(device.bin_key):06d}"


def test_it_signs_in_and_shows_twenty_kecamatan(live_server, page_factory, artifacts):
    user, code = _analyst_with_device()
    page = page_factory()
    sign_in(page, live_server.url, user.username, PASSWORD, otp_code=code)
    page.wait_for_selector("#map.map-ready", timeout=15000)
    assert page.get_attribute("#map", "data-features") == "20"
    assert page.locator("#map path.leaflet-interactive").count() == 20
    shot = artifacts / "dashboard.png"
    page.screenshot(path=str(shot), full_page=True)
    to_docs(shot)


def test_it_works_on_a_phone_and_opens_a_kecamatan(live_server, page_factory, artifacts):
    org = Organisation.objects.create(name="Koramil Tenggarong", type=OrgType.TNI)
    user = make_user("babinsa-browser", Role.FIELD_REPORTER, org, ["64.02.06"])
    page = page_factory(width=360, height=740)
    sign_in(page, live_server.url, user.username, PASSWORD)
    page.wait_for_selector("#map.map-ready", timeout=15000)
    # Nothing overflows sideways on a 360-px screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.goto(f"{live_server.url}/wilayah/64.02.06/")
    page.wait_for_selector("#map.map-ready", timeout=15000)
    assert int(page.get_attribute("#map", "data-features")) > 5
    page.screenshot(path=str(artifacts / "kecamatan-phone.png"), full_page=True)
    to_docs(artifacts / "kecamatan-phone.png")
