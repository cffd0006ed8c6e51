"""A public report too large for the server: a clear 413 page in Indonesian, and the typed text
still on the phone (static/js/draft.js keeps the draft until the server has the report)."""

from waspada.intake.models import Report

TEXT = "Ada pembakaran rumah di dekat dermaga, foto terlampir"


def test_a_ten_mb_report_gets_the_413_page_and_the_draft_stays(live_server, page_factory):
    page = page_factory(width=360, height=740)
    url = f"{live_server.url}/laporan/kirim/"
    page.goto(url)
    page.fill("textarea[name=text]", TEXT)
    photo = b"\xff\xd8\xff\xe0" + bytes(10 * 1024 * 1024)  # a 10 MB "photo"
    page.set_input_files(
        "input[name=attachments]",
        files=[{"name": "foto.jpg", "mimeType": "image/jpeg", "buffer": photo}],
    )
    with page.expect_navigation():
        page.click("button[type=submit].primary")
    assert "terlalu besar" in page.inner_text("main")
    assert "masih tersimpan" in page.inner_text("main")
    assert page.is_visible(".topbar .brand")  # the layout and its navigation, not a bare error
    assert page.locator('.topbar nav a[href="/laporan/kirim/"]').count() == 1
    assert Report.objects.count() == 0

    page.goto(url)
    assert page.input_value("textarea[name=text]") == TEXT
    assert page.is_visible(".draft-note")
