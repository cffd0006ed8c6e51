"""A Babinsa of Kodim 0906/KKR records a Binkom on a phone in well under two minutes, then
finds it on the area page and on the map.

The typical Binkom of the issue: "Kodim 0906/KKR holds a Binkom on preventing social conflict
at its hall in Tenggarong with the head of Kesbangpol as speaker and community leaders
attending". Type, date, place and organiser are filled in already; the user types five short
answers and saves.
"""

import time

from tests.browser.conftest import sign_in
from tests.conftest import PASSWORD, make_user
from waspada.accounts.models import Organisation, OrgType, Role
from waspada.areas.models import Area
from waspada.community.models import Engagement

TENGGARONG = "64.02.06"


def test_it_records_a_binkom_on_a_phone_and_finds_it_on_the_area_page_and_map(
    live_server, page_factory, artifacts
):
    kodim = Organisation.objects.create(
        name="Kodim 0906/KKR", type=OrgType.TNI, area=Area.objects.get(code=TENGGARONG)
    )
    user = make_user("babinsa-binkom", Role.FIELD_REPORTER, kodim, [TENGGARONG])
    page = page_factory(width=360, height=740)
    sign_in(page, live_server.url, user.username, PASSWORD)
    page.wait_for_url(f"{live_server.url}/")

    started = time.monotonic()
    # From the menu (a phone shows it behind the ☰ button) to the form.
    page.click("label.nav-button")
    page.click("nav.nav a[href='/komunitas/kegiatan/']")
    page.click("#record-engagement")
    assert page.is_checked("input[name=type][value=binkom]")
    assert page.input_value("select[name=area]") == TENGGARONG
    page.fill("input[name=venue]", "Aula Kodim 0906/KKR")
    page.fill("input[name=title]", "Pencegahan konflik sosial")
    page.fill("input[name=speakers]", "Kepala Kesbangpol Kukar")
    page.fill("input[name=attendees]", "Tokoh masyarakat, tokoh agama, tokoh pemuda")
    page.fill("input[name=participants]", "75")
    # Nothing overflows sideways on a 360-px screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.screenshot(path=str(artifacts / "binkom-form-phone.png"), full_page=True)
    page.click("#engagement-form button[type=submit].primary")
    page.wait_for_selector("#engagement-title")
    elapsed = time.monotonic() - started
    assert elapsed < 120

    engagement = Engagement.objects.get()
    assert engagement.type == "binkom" and engagement.area_id == TENGGARONG
    assert list(engagement.organisers.all()) == [kodim]
    assert engagement.participants == 75

    # The area page lists it …
    page.click(f"a[href='/wilayah/{TENGGARONG}/']")
    page.wait_for_selector("#area-engagement")
    panel = page.inner_text("#area-engagement")
    assert "Aula Kodim 0906/KKR" in panel and "Pencegahan konflik sosial" in panel
    page.screenshot(path=str(artifacts / "binkom-area-phone.png"), full_page=True)
    # … and its map shows it as a point.
    page.click("#area-engagement-map")
    page.wait_for_selector("#map.map-ready", timeout=15000)
    assert page.get_attribute("#map", "data-points-count") == "1"
    assert page.locator("#map path.event-point").count() == 1
    page.screenshot(path=str(artifacts / "binkom-map-phone.png"), full_page=True)


def test_the_gap_map_marks_high_risk_areas_without_recent_engagement(
    live_server, page_factory, artifacts
):
    import datetime as dt

    from django.utils import timezone
    from django_otp.oath import totp
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from waspada.community.services import record_engagement
    from waspada.risk.models import RiskScore

    org = Organisation.objects.create(name="Kesbangpol Kukar", type=OrgType.PEMERINTAH)
    user = make_user("analis-kesenjangan", Role.ANALYST, org)
    device = TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    for code in (TENGGARONG, "64.02.02"):
        RiskScore.objects.create(
            area=Area.objects.get(code=code),
            level_of_area="kecamatan",
            source="",
            window=90,
            score=80,
            level="awas",
            as_of=timezone.localdate(),
            computed_at=timezone.now(),
        )
    record_engagement(
        user=user,
        date=timezone.localdate() - dt.timedelta(days=2),
        area=Area.objects.get(code="64.02.02"),
    )

    page = page_factory(width=360, height=740)
    sign_in(
        page,
        live_server.url,
        user.username,
        PASSWORD,
        otp_code=lambda: f"{totp(device.bin_key):06d}",
    )
    page.goto(f"{live_server.url}/komunitas/kesenjangan/")
    page.wait_for_selector("#gap-map.map-ready", timeout=15000)
    assert page.get_attribute("#gap-map", "data-features") == "20"
    assert page.locator("#gap-map path.gap-high").count() == 1  # Tenggarong
    assert page.locator("#gap-map path.gap-ok").count() == 1  # Loa Kulu, engaged
    first = page.locator("#gap-table tbody tr").first
    assert first.get_attribute("data-code") == TENGGARONG
    assert first.get_attribute("class") == "high-gap"
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.screenshot(path=str(artifacts / "engagement-gap-phone.png"), full_page=True)
