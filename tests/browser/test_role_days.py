"""One day of each role, in Chromium, on a 360-px phone and on a desktop: the public reporter,
a Babinsa, an analyst (triage -> event with the pickers -> case), a partner and a leader (the
summary, the situation report PDF). Every page visited must fit the phone's width.

Screenshots of each role's main page go to test-artifacts/ (and to docs/img/ with
WASPADA_SCREENSHOTS=1, for the guides in docs/panduan-*.md).
"""

from datetime import date

from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.browser.conftest import fits, sign_in
from tests.conftest import PASSWORD, make_user
from waspada.accounts.models import Organisation, OrgType, Role
from waspada.alerts.models import Alert
from waspada.areas.models import Area
from waspada.cases.models import Case
from waspada.events import services as events
from waspada.intake.models import Report
from waspada.nlp.analysis import Analysis

PHONE = {"width": 360, "height": 740}
TENGGARONG = "64.02.06"


def _otp(user):
    device = TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    return lambda: f"{totp(device.bin_key):06d}"


def _orgs():
    kinds = [
        ("Kesbangpol Kukar", OrgType.PEMERINTAH),
        ("Kodim 0906/KKR", OrgType.TNI),
        ("Koramil Tenggarong", OrgType.TNI),
        ("Polres Kukar", OrgType.POLRI),
        ("FKUB Kukar", OrgType.FORUM),
    ]
    return {name: Organisation.objects.create(name=name, type=t) for name, t in kinds}


def test_a_public_reporter_reports_on_a_phone_and_follows_the_status(
    live_server, page_factory, shoot
):
    orgs = _orgs()
    page = page_factory(**PHONE)
    page.goto(f"{live_server.url}/")
    # The menu hides behind its button on a phone; "Kirim laporan" is in sight all the same.
    assert page.is_visible(".cta") and not page.is_visible("nav.nav")
    page.click("label.nav-button")
    assert page.is_visible("nav.nav a[href='/laporan/lacak/']")
    fits(page, 360)
    page.click(".cta")
    page.fill("textarea[name=text]", "Dua kelompok pemuda bentrok di dekat pasar Rapak Lambur")
    page.select_option("select[name=area]", "64.02.06.2012")
    fits(page, 360)
    shoot(page, "role-public-phone.png")
    page.click("button[type=submit].primary")
    code = page.inner_text("#tracking-code").strip()
    report = Report.objects.get(tracking_code=code)

    # Analysts code and verify an event from it; the tracking page says so.
    analyst = make_user("analis-hari", Role.ANALYST, orgs["Kesbangpol Kukar"])
    event = events.create_event(
        user=analyst,
        event_date=date.today(),
        area=report.area,
        form="bentrok",
        summary="Bentrok pemuda",
        reports=[report],
    )
    events.verify(event, user=analyst)
    page.goto(f"{live_server.url}/laporan/lacak/")
    page.fill("input[name=code]", code)
    page.press("input[name=code]", "Enter")
    assert page.inner_text("#status").strip() == "Terverifikasi"
    assert "telah diverifikasi" in page.inner_text("#status-explanation")
    fits(page, 360)

    desktop = page_factory()
    desktop.goto(f"{live_server.url}/laporan/kirim/")
    assert not desktop.is_visible("label.nav-button") and desktop.is_visible("nav.nav")


def test_a_babinsa_reports_and_records_binkom_from_his_home_on_a_phone(
    live_server, page_factory, shoot
):
    orgs = _orgs()
    user = make_user("babinsa-hari", Role.FIELD_REPORTER, orgs["Koramil Tenggarong"], [TENGGARONG])
    page = page_factory(**PHONE)
    sign_in(page, live_server.url, user.username, PASSWORD)
    page.wait_for_url(f"{live_server.url}/")
    # "Lapor" and "Binkom" are the first things on his home, within the first screen.
    for button in ("#btn-lapor", "#btn-binkom"):
        box = page.locator(button).bounding_box()
        assert box is not None and box["y"] + box["height"] < PHONE["height"]
    fits(page, 360)
    shoot(page, "role-babinsa-phone.png", full_page=False)
    page.click("#btn-lapor")
    # His kecamatan comes first in the desa list.
    first_group = page.evaluate("document.querySelector('select[name=area] optgroup').label")
    assert first_group == "Tenggarong"
    page.fill("textarea[name=text]", "Warga memasang spanduk penolakan tambang di Loa Ipuh")
    page.select_option("select[name=area]", "64.02.06.1002")
    fits(page, 360)
    page.click("button[type=submit].primary")
    page.wait_for_url("**/laporan/*/")
    assert Report.objects.get().created_by == user
    page.goto(f"{live_server.url}/")
    page.click("#btn-binkom")
    page.wait_for_selector("#engagement-form")
    fits(page, 360)


def test_an_analyst_triages_codes_an_event_with_the_pickers_and_opens_a_case(
    live_server, page_factory, shoot
):
    orgs = _orgs()
    user = make_user("analis-pemilih", Role.ANALYST, orgs["Kesbangpol Kukar"])
    otp = _otp(user)
    from waspada.intake.drafts import Draft, Raw, validate
    from waspada.intake.services import store

    text = "Bentrok antarpemuda di Rapak Lambur, dua orang luka."
    report = store(
        validate(Draft(channel="web", raw=Raw(body=text.encode()), text=text, anonymous=True))
    ).report

    page = page_factory()
    sign_in(page, live_server.url, user.username, PASSWORD, otp_code=otp)
    page.goto(f"{live_server.url}/laporan/triase/")
    shoot(page, "role-analyst-desktop.png")
    page.click(f"a[href='/laporan/{report.pk}/']")
    page.click("#create-event")
    # The area by name: type, pick from the suggestions; the form posts the code.
    page.fill("input[name=area]", "")
    page.type("input[name=area]", "rapak lamb", delay=30)
    page.wait_for_selector(".picker-list li")
    page.click(".picker-list li >> nth=0")
    assert page.input_value("input[name=area]") == "64.02.06.2012"
    assert "Rapak Lambur" in page.inner_text(".picker-chosen")
    page.select_option("select[name=relevance]", "incident")
    page.select_option("select[name=form]", "bentrok")
    if not page.input_value("textarea[name=summary]"):
        page.fill("textarea[name=summary]", text)
    page.click("button[type=submit].primary")
    page.wait_for_selector("#verify")
    event = report.events.get()
    page.click("#verify")
    page.wait_for_selector("#verify", state="detached")
    report.refresh_from_db()
    assert event.area_id == "64.02.06.2012" and report.status == "terverifikasi"

    # A case: the area typed by name without picking, the event found by its number, the
    # organisations filtered instead of scrolled.
    page.goto(f"{live_server.url}/kasus/baru/")
    page.fill("input[name=title]", "Bentrok antarpemuda Rapak Lambur")
    page.fill("input[name=area]", "Tenggarong")
    page.type("input[name=events]", f"#{event.pk}", delay=30)
    page.wait_for_selector("#id_events-suggestions li")
    page.click("#id_events-suggestions li >> nth=0")
    page.fill("input.filter-box >> nth=0", "kodim")
    assert page.is_visible("label:has-text('Kodim 0906/KKR')")
    assert not page.is_visible("label:has-text('FKUB Kukar')")
    page.check("label:has-text('Kodim 0906/KKR') input")
    page.click("button[type=submit].primary")
    page.wait_for_url("**/kasus/*/")
    case = Case.objects.get()
    assert case.area_id == TENGGARONG and list(case.events.all()) == [event]
    assert list(case.involved.all()) == [orgs["Kodim 0906/KKR"]]

    # The same pages on a phone (the same session: a TOTP code is accepted once).
    page.set_viewport_size(PHONE)
    for url in ("/laporan/triase/", f"/peristiwa/{event.pk}/", f"/kasus/{case.pk}/"):
        page.goto(f"{live_server.url}{url}")
        fits(page, 360)


def test_a_partner_reports_and_reads_on_a_phone(live_server, page_factory, shoot):
    orgs = _orgs()
    user = make_user("mitra-hari", Role.PARTNER, orgs["FKUB Kukar"])
    page = page_factory(**PHONE)
    sign_in(page, live_server.url, user.username, PASSWORD)
    page.wait_for_url(f"{live_server.url}/")
    assert page.is_visible("#btn-lapor")
    fits(page, 360)
    shoot(page, "role-partner-phone.png", full_page=False)
    for url in ("/peristiwa/", "/peringatan/", "/buletin/"):
        page.goto(f"{live_server.url}{url}")
        fits(page, 360)


def test_a_leader_reads_the_summary_on_a_phone_and_downloads_the_situation_report(
    live_server, page_factory, shoot
):
    orgs = _orgs()
    leader = make_user("dandim-hari", Role.LEADERSHIP, orgs["Kodim 0906/KKR"])
    otp = _otp(leader)
    analyst = make_user("analis-pimpinan", Role.ANALYST, orgs["Kesbangpol Kukar"])
    tenggarong = Area.objects.get(code=TENGGARONG)
    Alert.objects.create(
        level="siaga", title="Bentrok pemuda di Tenggarong", reason="Uji", area=tenggarong
    )
    severe = Report(
        channel="web",
        text="Rumah dibakar, satu orang tewas",
        area=tenggarong,
        classification="terbatas",
        analysis=Analysis(relevance="incident", severity=5).as_dict(),
    )
    severe.save()
    events.create_event(
        user=analyst,
        event_date=timezone.localdate(),
        area=tenggarong,
        form="perusakan",
        summary="Rumah dibakar massa",
        fatalities=1,
        classification="terbatas",
    )

    page = page_factory(**PHONE)
    sign_in(page, live_server.url, leader.username, PASSWORD, otp_code=otp)
    page.wait_for_url("**/pimpinan/")
    assert "Bentrok pemuda di Tenggarong" in page.inner_text("#brief-alerts")
    assert "Rumah dibakar" in page.inner_text("#brief-reports")
    fits(page, 360)
    shoot(page, "role-leadership-phone.png")
    page.click("a[href='/buletin/laporan-situasi/']")
    page.wait_for_selector("#sitrep-map svg path")
    assert "TERBATAS" in page.inner_text("#marking-top")
    fits(page, 360)
    with page.expect_download() as download:
        page.click("#sitrep-pdf")
    path = download.value.path()
    with open(path, "rb") as f:
        assert f.read(5) == b"%PDF-"

    # The same on a desktop (the same session: a TOTP code is accepted once).
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/pimpinan/")
    shoot(page, "role-leadership-desktop.png")
    page.goto(f"{live_server.url}/buletin/laporan-situasi/")
    shoot(page, "sitrep-desktop.png")
