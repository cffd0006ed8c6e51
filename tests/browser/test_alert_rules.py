"""An analyst creates an alert rule in the app, previews it on the last 90 days, and saves
it: no Django admin involved."""

from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.alerts.conftest import make_event
from tests.browser.conftest import sign_in
from tests.conftest import PASSWORD, make_user
from waspada.accounts.models import Organisation, OrgType, Role
from waspada.alerts.models import Rule


def test_an_analyst_creates_a_rule_with_its_preview(live_server, page_factory, artifacts):
    org = Organisation.objects.create(name="Kesbangpol Kukar", type=OrgType.PEMERINTAH)
    user = make_user("analis-aturan", Role.ANALYST, org)
    device = TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    deadly = make_event(user, area="64.02.06.1002", form="bentrok", fatalities=1)
    make_event(user, area="64.02.06.1002", form="unjuk_rasa")

    page = page_factory()
    sign_in(
        page,
        live_server.url,
        user.username,
        PASSWORD,
        otp_code=lambda: f"{totp(device.bin_key):06d}",
    )
    page.goto(f"{live_server.url}/peringatan/")
    page.click("#alert-rules")
    page.click("#new-rule")
    page.fill("input[name=name]", "Korban jiwa di Tenggarong")
    page.select_option("select[name=kind]", "urgent_event")
    page.select_option("select[name=level]", "siaga")
    page.select_option("select[name=areas]", "64.02.06")
    page.fill("input[name=min_severity]", "5")
    page.fill("input[name=min_fatalities]", "1")
    page.fill("input[name=awas_fatalities]", "3")
    page.check("input[name=include_reports]")
    page.click("#preview")
    page.wait_for_selector("#rule-preview")
    text = page.inner_text("#rule-preview")
    assert "90 hari" in text and "1 kali" in text
    assert page.locator(f"#rule-preview a[href='/peristiwa/{deadly.pk}/']").count() == 1
    assert not Rule.objects.exists()  # a preview saves nothing
    page.screenshot(path=str(artifacts / "alert-rule-preview.png"), full_page=True)

    page.click("#save")
    page.wait_for_url("**/peringatan/aturan/*/")
    rule = Rule.objects.get()
    assert (rule.name, rule.min_severity, rule.awas_fatalities, rule.include_reports) == (
        "Korban jiwa di Tenggarong",
        5,
        3,
        True,
    )
    assert list(rule.areas.values_list("code", flat=True)) == ["64.02.06"]
    page.goto(f"{live_server.url}/peringatan/aturan/")
    assert "Korban jiwa di Tenggarong" in page.inner_text("#rules")
