"""A village head acknowledges an alert from the link in an SMS on a phone, without signing in
and without JavaScript; the public bulletin reads on the same phone."""

from waspada.accounts.models import Organisation, OrgType, Role, User
from waspada.alerts import links
from waspada.alerts.models import Alert
from waspada.bulletins.models import Bulletin, BulletinEntry


def test_the_signed_link_acknowledges_on_a_phone(live_server, page_factory, artifacts, settings):
    settings.SITE_URL = live_server.url
    org = Organisation.objects.create(name="Pemerintah Desa Loa Ipuh", type=OrgType.PEMERINTAH)
    kades = User.objects.create(
        username="kades", role=Role.FIELD_REPORTER, organisation=org, scope_all=True
    )
    alert = Alert(
        level="siaga", title="Bentrok warga", reason="Dua kelompok berhadapan.", area_id="64.02.06"
    )
    alert.save()
    page = page_factory(width=360, height=740, javascript=False)
    page.goto(links.ack_url(alert, kades))
    assert "Dua kelompok berhadapan." in page.inner_text("main")
    page.screenshot(path=str(artifacts / "alert-ack-phone.png"), full_page=True)
    page.click("#acknowledge")
    page.wait_for_selector("#acknowledged")
    alert.refresh_from_db()
    assert alert.status == "diakui" and alert.acknowledged_by == kades

    bulletin = Bulletin.objects.create(
        title="Buletin kewaspadaan",
        summary="Situasi kondusif.",
        status="published",
        published_at=alert.raised_at,
    )
    BulletinEntry.objects.create(
        bulletin=bulletin,
        area_id="64.02.06",
        level="siaga",
        advice="Hindari kerumunan di sekitar pasar.",
    )
    page.goto(f"{live_server.url}/buletin/")
    assert "Hindari kerumunan" in page.inner_text("main")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360  # nothing wider than the phone
    page.screenshot(path=str(artifacts / "bulletin-phone.png"), full_page=True)
