"""An analyst opens the risk map, sees every kecamatan coloured by level, taps Tenggarong and
reads its panel: score, trend chart, components with their records. The screenshot goes to
docs/img/risk-map.png."""

import datetime as dt

from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.browser.conftest import sign_in, to_docs
from tests.conftest import PASSWORD, make_user
from waspada.accounts.models import Organisation, OrgType, Role
from waspada.areas.models import Area

TENGGARONG = "64.02.06"


def _data(user):
    from waspada.events.services import create_event
    from waspada.risk import services
    from waspada.risk.models import AreaProfile
    from waspada.risk.profiles import save_profile

    today = timezone.localdate()
    plan = [
        ("64.02.06.1001", 2, "bentrok", "sumber_daya_alam", 1),
        ("64.02.06", 6, "kerusuhan", "agama", 0),
        ("64.02.06", 12, "blokade", "sumber_daya_alam", 0),
        ("64.02.06", 40, "unjuk_rasa", "ketimpangan", 0),
        ("64.02.02.2015", 4, "blokade", "sumber_daya_alam", 0),
        ("64.02.02", 20, "ancaman", "batas_wilayah", 0),
        ("64.02.10", 9, "perusakan", "ekonomi", 0),
    ]
    for code, days, form, source, deaths in plan:
        create_event(
            user=user,
            event_date=today - dt.timedelta(days=days),
            area=Area.objects.get(code=code),
            form=form,
            sources=[source],
            fatalities=deaths,
            verification="terverifikasi",
            summary=f"{form} di {code} terkait {source}",
        )
    save_profile(
        AreaProfile(area_id=TENGGARONG),
        {
            "poverty_rate": 14,
            "mining_concessions": 5,
            "boundary_disputes": 1,
            "religions": {"islam": 85, "kristen": 15},
        },
        user=user,
    )
    services.recompute()
    services.forecast()


def test_it_opens_the_risk_map_and_an_area_panel(live_server, page_factory, artifacts):
    org = Organisation.objects.create(name="Kesbangpol Kukar", type=OrgType.PEMERINTAH)
    user = make_user("analis-risiko", Role.ANALYST, org)
    device = TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    _data(user)

    page = page_factory(width=1280, height=1000)
    sign_in(
        page,
        live_server.url,
        user.username,
        PASSWORD,
        otp_code=lambda: f"{totp(device.bin_key):06d}",
    )
    page.goto(f"{live_server.url}/risiko/")
    page.wait_for_selector("#map.map-ready", timeout=15000)
    assert page.get_attribute("#map", "data-choropleth-count") == "20"
    # The regency's panel opens first; a tap on Tenggarong opens its own.
    page.wait_for_selector("#risk-panel .risk-panel[data-code='64.02']", timeout=15000)
    page.click(f"#map path[data-code='{TENGGARONG}']")
    page.wait_for_selector(f"#risk-panel .risk-panel[data-code='{TENGGARONG}']", timeout=15000)
    page.wait_for_selector("#risk-panel canvas.risk-trend[data-drawn='1']", timeout=15000)
    assert page.locator("#risk-panel tr.component").count() == 5
    assert page.locator("#risk-panel tr[data-component='events'] a[data-record]").count() == 4
    assert float(page.inner_text("#risk-score").replace(",", ".")) > 0
    assert page.locator("canvas#chart-sources[data-drawn='1']").count() == 1
    assert page.locator("#forecast-table tbody tr").count() == 20
    shot = artifacts / "risk-map.png"
    page.screenshot(path=str(shot), full_page=True)
    to_docs(shot)

    # The no-JavaScript way: the panel as a page of its own.
    page.goto(f"{live_server.url}/risiko/wilayah/{TENGGARONG}/?window=30&source=agama")
    page.wait_for_selector("#risk-panel .risk-panel canvas.risk-trend[data-drawn='1']")
