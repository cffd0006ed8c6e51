"""An anonymous resident reports from a phone with JavaScript off and follows the report."""

from waspada.intake.models import Report


def test_the_public_form_works_without_javascript(
    live_server, page_factory, artifacts, settings, tmp_path
):
    settings.MEDIA_ROOT = str(tmp_path)
    page = page_factory(width=360, height=740, javascript=False)
    page.goto(f"{live_server.url}/laporan/kirim/")
    page.fill("textarea[name=text]", "Ada spanduk provokatif di dekat pasar Loa Ipuh")
    page.select_option("select[name=area]", "64.02.06.1002")
    page.fill("input[name=place_text]", "dekat pasar")
    page.screenshot(path=str(artifacts / "public-form-phone.png"), full_page=True)
    page.click("button[type=submit].primary")
    code = page.inner_text("#tracking-code").strip()
    report = Report.objects.get()
    assert code == report.tracking_code
    assert report.anonymous and report.area_id == "64.02.06.1002"

    page.click(f"a[href='/laporan/lacak/{code}/']")
    status = page.inner_text("main")
    assert code in status
    assert page.inner_text("#status").strip()
    # Status only: not the text, the place or anything else about the report.
    assert "spanduk" not in status and "pasar" not in status and "Loa Ipuh" not in status
