"""An analyst reads the automatic analysis of an SMS report: severity first in the triage
queue, then on the report page the labelled fields and the words that decided, marked in the
text by kind (in Chromium, Indonesian and English)."""

from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.browser.conftest import sign_in
from tests.conftest import PASSWORD, make_user
from waspada.accounts.models import Organisation, OrgType, Role
from waspada.intake.drafts import Draft, Raw, validate
from waspada.intake.models import Channel
from waspada.intake.services import store
from waspada.nlp import analyze

SMS = (
    "Bentrok susulan pecah lg tadi malam di Ds Separi Kec Tenggarong Seberang. 2 org "
    "meninggal dunia, tiga rumah dibakar massa, warga byk yg mengungsi ke balai desa."
)


def _analysed(text, channel):
    report = store(
        validate(Draft(channel=Channel.SMS, raw=Raw(text.encode()), text=text, anonymous=True))
    ).report
    a = analyze(text, published_at="2025-09-16T06:40:00+08:00", channel=channel)
    report.analysis, report.urgency = a.as_dict(), a.urgency
    report.save(update_fields=["analysis", "urgency"])
    return report


def test_the_analysis_panel_marks_the_words_that_decided(live_server, page_factory, artifacts):
    org = Organisation.objects.create(name="Kesbangpol Kukar", type=OrgType.PEMERINTAH)
    user = make_user("analis-panel", Role.ANALYST, org)
    device = TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    junk = _analysed("<script>alert('tes')</script>", "web")
    clash = _analysed(SMS, "sms")

    page = page_factory()
    sign_in(page, live_server.url, user.username, PASSWORD, lambda: f"{totp(device.bin_key):06d}")
    page.goto(f"{live_server.url}/laporan/triase/")
    rows = page.locator("tbody tr")
    assert clash.tracking_code in rows.nth(0).inner_text()  # severity 5 on top
    assert rows.nth(0).locator(".sev").inner_text() == "5"
    assert junk.tracking_code in rows.last.inner_text() and "sampah" in rows.last.inner_text()

    page.click(f"a[href='/laporan/{clash.pk}/']")
    panel = page.locator("#analysis")
    panel.wait_for()
    text = panel.inner_text()
    assert "Analisis otomatis" in text and "Insiden" in text
    assert "ada yang tewas" in text and "2 tewas" in text and "2025-09-15" in text
    severity_marks = panel.locator(".marked-text mark[data-kind=severity]").all_inner_texts()
    assert "meninggal dunia" in severity_marks and "dibakar" in severity_marks
    place_marks = panel.locator(".marked-text mark[data-kind=place]").all_inner_texts()
    assert any("Separi" in m for m in place_marks)
    # the marks are visibly highlighted (a background of their own)
    mark = panel.locator(".marked-text mark[data-kind=severity]").first
    background = mark.evaluate("m => getComputedStyle(m).backgroundColor")
    assert background not in ("rgba(0, 0, 0, 0)", "transparent")
    assert "relevance_scores" not in page.content()  # no raw dictionary
    page.screenshot(path=str(artifacts / "analysis-panel.png"), full_page=True)

    # the same panel in English, one switch away
    page.click("form.lang button[value=en]")
    page.goto(f"{live_server.url}/laporan/{clash.pk}/")
    text = page.locator("#analysis").inner_text()
    assert "Automatic analysis" in text and "someone killed" in text and "2 killed" in text
    assert "meninggal dunia" in page.locator("mark[data-kind=severity]").all_inner_texts()
