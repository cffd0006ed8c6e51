"""An analyst opens a report in triage, codes an event from it, verifies it, and finds it in
the list and on the map."""

from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.browser.conftest import sign_in
from tests.conftest import PASSWORD, make_user
from waspada.accounts.models import Organisation, OrgType, Role
from waspada.events.models import Event


def _report():
    from waspada.intake.drafts import Draft, Raw, validate
    from waspada.intake.services import store

    text = (
        "Warga Desa Jongkang memblokade jalan hauling PT Multi Harapan Utama di Loa Kulu, "
        "Kukar, menuntut ganti rugi lahan. Dua warga luka ringan."
    )
    return store(
        validate(
            Draft(
                channel="web",
                raw=Raw(body=text.encode()),
                text=text,
                area_code="64.02.02.2015",
                anonymous=True,
            )
        )
    ).report


def test_it_codes_verifies_and_finds_an_event(live_server, page_factory, artifacts):
    org = Organisation.objects.create(name="Kesbangpol Kukar", type=OrgType.PEMERINTAH)
    user = make_user("analis-peristiwa", Role.ANALYST, org)
    device = TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    report = _report()

    page = page_factory()
    sign_in(
        page,
        live_server.url,
        user.username,
        PASSWORD,
        otp_code=lambda: f"{totp(device.bin_key):06d}",
    )
    page.goto(f"{live_server.url}/laporan/triase/")
    page.click(f"a[href='/laporan/{report.pk}/']")
    page.click("#create-event")
    # The form is prefilled from the report; the analyst completes what is missing.
    assert page.input_value("input[name=area]") == "64.02.02.2015"
    page.select_option("select[name=form]", "blokade")
    page.select_option("select[name=relevance]", "tension")
    page.check("input[name=sources][value=sumber_daya_alam]")
    page.fill("input[name=injured]", "2")
    page.click("button[type=submit].primary")
    try:
        page.wait_for_selector("#verify", timeout=10000)
    except Exception:
        page.screenshot(path=str(artifacts / "event-form-error.png"), full_page=True)
        raise
    event = Event.objects.get()
    assert list(event.reports.all()) == [report]
    page.click("#verify")
    page.wait_for_selector("#verify", state="detached")
    event.refresh_from_db()
    assert event.verification == "terverifikasi" and event.verified_by == user

    page.goto(f"{live_server.url}/peristiwa/?q=hauling")
    assert page.locator("#event-table tbody tr").count() == 1
    page.wait_for_selector("#map.map-ready", timeout=15000)
    assert page.get_attribute("#map", "data-points-count") == "1"
    assert page.locator("#map path.event-point").count() == 1
    page.screenshot(path=str(artifacts / "events.png"), full_page=True)
