"""A report or a Binkom typed on a weak connection is not lost: the phone keeps it until the
server has it.

static/js/draft.js: the public form keeps its draft in sessionStorage without the reporter's
name, phone or e-mail; the signed-in forms keep theirs in localStorage per user. The submission
id travels with the draft, so re-sending a form whose first sending reached the server (the
answer was lost on the way back) gives the same record, not a second one.
"""

from tests.browser.conftest import sign_in
from tests.conftest import PASSWORD, make_user
from waspada.accounts.models import Organisation, OrgType, Role
from waspada.areas.models import Area
from waspada.community.models import Engagement
from waspada.intake.models import Report

LOA_IPUH = "64.02.06.1002"
TEXT = "Dua kelompok pemuda saling ancam di dekat pasar Loa Ipuh tadi malam"


def _storage(page, kind):
    return page.evaluate(f"JSON.stringify(window.{kind})")


def _send_while_offline(page):
    page.context.set_offline(True)
    page.click("button[type=submit].primary", no_wait_after=True)
    page.wait_for_timeout(500)
    page.context.set_offline(False)


def _babinsa_on_a_phone(live_server, page_factory):
    """A Babinsa of Kodim 0906/KKR (scope Tenggarong), signed in on a 360x740 window."""
    kodim = Organisation.objects.create(
        name="Kodim 0906/KKR", type=OrgType.TNI, area=Area.objects.get(code="64.02.06")
    )
    user = make_user("babinsa-draft", Role.FIELD_REPORTER, kodim, ["64.02.06"])
    page = page_factory(width=360, height=740)
    sign_in(page, live_server.url, user.username, PASSWORD)
    page.wait_for_url(f"{live_server.url}/")
    return user, page


def test_the_public_form_keeps_a_report_sent_while_offline_without_the_identity(
    live_server, page_factory, settings, tmp_path, artifacts
):
    settings.MEDIA_ROOT = str(tmp_path)
    page = page_factory(width=360, height=740)
    url = f"{live_server.url}/laporan/kirim/"
    page.goto(url)
    page.fill("textarea[name=text]", TEXT)
    page.select_option("select[name=area]", LOA_IPUH)
    page.fill("input[name=name]", "Budi Santoso")
    page.fill("input[name=phone]", "081234567890")
    submission = page.input_value("input[name=submission_id]")

    _send_while_offline(page)
    assert Report.objects.count() == 0

    page.goto(url)
    assert page.input_value("textarea[name=text]") == TEXT
    assert page.input_value("select[name=area]") == LOA_IPUH
    assert page.input_value("input[name=name]") == ""
    assert page.input_value("input[name=submission_id]") == submission
    assert page.is_visible(".draft-note")
    page.screenshot(path=str(artifacts / "public-form-draft-restored.png"))
    saved = _storage(page, "sessionStorage")
    assert "Loa Ipuh" in saved
    assert "Budi" not in saved and "0812" not in saved
    assert "waspada-draft" not in _storage(page, "localStorage")

    page.click("button[type=submit].primary")
    code = page.inner_text("#tracking-code").strip()
    report = Report.objects.get()
    assert report.tracking_code == code and report.text == TEXT
    assert report.channel_message_id == f"form:{submission}"
    assert "waspada-draft" not in _storage(page, "sessionStorage")

    page.goto(url)
    assert page.input_value("textarea[name=text]") == ""
    assert not page.is_visible(".draft-note")


def test_a_report_whose_answer_was_lost_is_sent_again_as_the_same_report(live_server, page_factory):
    user, page = _babinsa_on_a_phone(live_server, page_factory)
    url = f"{live_server.url}/laporan/baru/"

    def lose_the_answer(route):
        if route.request.method == "POST":
            route.fetch()  # the server gets the report ...
            route.abort("internetdisconnected")  # ... the phone never hears back
        else:
            route.continue_()

    page.goto(url)
    page.fill("textarea[name=text]", TEXT)
    page.select_option("select[name=area]", LOA_IPUH)
    submission = page.input_value("input[name=submission_id]")
    page.route("**/laporan/baru/", lose_the_answer)
    page.click("button[type=submit].primary", no_wait_after=True)
    page.wait_for_timeout(1000)
    page.unroute("**/laporan/baru/")
    assert Report.objects.count() == 1

    page.goto(url)
    assert page.input_value("textarea[name=text]") == TEXT
    assert page.input_value("input[name=submission_id]") == submission
    assert f"report-new:{user.pk}" in _storage(page, "localStorage")
    page.click("button[type=submit].primary")
    page.wait_for_url(f"**/laporan/{Report.objects.get().pk}/")
    assert Report.objects.count() == 1
    assert "waspada-draft" not in _storage(page, "localStorage")

    # A draft the user drops goes, and the form gets its own new submission id back.
    page.goto(url)
    fresh = page.input_value("input[name=submission_id]")
    page.fill("textarea[name=text]", "Catatan yang tidak jadi dikirim")
    page.goto(url)
    assert page.is_visible(".draft-note")
    page.click(".draft-note button")
    assert page.input_value("textarea[name=text]") == ""
    assert page.input_value("input[name=submission_id]") not in {submission, fresh, ""}
    assert "waspada-draft" not in _storage(page, "localStorage")


def test_a_binkom_typed_offline_comes_back_whole_and_is_stored_once(live_server, page_factory):
    user, page = _babinsa_on_a_phone(live_server, page_factory)
    url = f"{live_server.url}/komunitas/kegiatan/baru/"

    page.goto(url)
    page.check("input[name=type][value=dialog]")
    page.fill("input[name=date]", "2026-11-26")
    page.fill("input[name=venue]", "Balai Desa Loa Ipuh")
    page.fill("input[name=participants]", "35")
    page.click("#more summary")
    page.check("input[name=topics][value=sumber_daya_alam]")
    page.check("input[name=topics][value=ketimpangan]")
    page.fill("textarea[name=outcomes]", "Sepakat bertemu lagi dengan perusahaan")
    submission = page.input_value("input[name=submission_id]")

    _send_while_offline(page)
    assert not Engagement.objects.exists()

    page.goto(url)
    assert page.is_visible(".draft-note")
    assert page.is_checked("input[name=type][value=dialog]")
    assert not page.is_checked("input[name=type][value=binkom]")
    assert page.input_value("input[name=date]") == "2026-11-26"
    assert page.input_value("input[name=venue]") == "Balai Desa Loa Ipuh"
    assert page.input_value("input[name=participants]") == "35"
    assert page.is_checked("input[name=topics][value=sumber_daya_alam]")
    assert page.is_checked("input[name=topics][value=ketimpangan]")
    assert not page.is_checked("input[name=topics][value=agama]")
    assert page.input_value("textarea[name=outcomes]") == "Sepakat bertemu lagi dengan perusahaan"
    assert page.input_value("input[name=submission_id]") == submission

    page.click("button[type=submit].primary")
    page.wait_for_selector("#engagement-title")
    engagement = Engagement.objects.get()
    assert engagement.type == "dialog" and engagement.participants == 35
    assert sorted(engagement.topics) == ["ketimpangan", "sumber_daya_alam"]
    assert engagement.submission_id == submission
    assert "waspada-draft" not in _storage(page, "localStorage")

    page.goto(url)
    assert not page.is_visible(".draft-note")
    assert page.is_checked("input[name=type][value=binkom]")
