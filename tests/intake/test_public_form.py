"""The public anonymous form over real HTTP: tracking code, status page, honeypot, rate limit,
and a clear 4xx for every bad input (messages asserted in English; the UI default is
Indonesian once the catalogue has them)."""

import re
from urllib.parse import urlencode

import pytest

from waspada.intake.models import Channel, Report, Status

from .conftest import JPEG
from .servers import multipart

URL = "/laporan/kirim/"
EN = {"Accept-Language": "en"}


class FormSession:
    """A visitor: fetches the form (CSRF cookie and token), then posts it."""

    def __init__(self, app):
        self.app = app
        page = app.get(URL, headers=EN)
        assert page.status == 200
        self.token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)[1]
        self.cookie = page.headers["set-cookie"].split(";", 1)[0]

    def post(self, fields=None, files=(), *, body=None, content_type=None):
        headers = {**EN, "Cookie": self.cookie, "X-CSRFToken": self.token}
        if body is None:
            fields = {"csrfmiddlewaretoken": self.token, **(fields or {})}
            if files:
                body, content_type = multipart(fields, list(files))
            else:
                body = urlencode(fields).encode()
                content_type = "application/x-www-form-urlencoded"
        return self.app.post(URL, data=body, headers={**headers, "Content-Type": content_type})


def test_an_anonymous_report_gets_a_tracking_code_and_a_status_page(app):
    response = FormSession(app).post(
        {"text": "Ada provokasi di media sosial soal batas desa", "area": "64.02.06.1002"}
    )
    assert response.status == 201
    report = Report.objects.get()
    assert report.tracking_code in response.text
    assert report.channel == Channel.PUBLIC and report.anonymous
    assert report.reporter_identity is None
    status = app.get(f"/laporan/lacak/{report.tracking_code}/", headers=EN)
    assert status.status == 200
    assert "New" in status.text
    assert "provokasi" not in status.text and "Loa Ipuh" not in status.text


def test_a_named_report_keeps_the_identity_encrypted(app):
    FormSession(app).post({"text": "Bentrok", "name": "Rina", "phone": "081377778888"})
    report = Report.objects.get()
    assert not report.anonymous
    assert report.reporter_identity == {"name": "Rina", "phone": "081377778888"}


def test_the_tracking_form_finds_a_report_by_code(app):
    FormSession(app).post({"text": "Bentrok"})
    code = Report.objects.get().tracking_code
    found = app.get(f"/laporan/lacak/?code={code.replace('-', '').lower()}", headers=EN)
    assert found.status == 302
    assert app.get("/laporan/lacak/ZZZZ-9999/", headers=EN).status == 404


def test_the_honeypot_refuses_robots(app):
    response = FormSession(app).post({"text": "Promo murah!", "website": "http://spam.example"})
    assert response.status == 400
    assert Report.objects.count() == 0


def test_too_many_reports_from_one_address_are_429(app, settings):
    settings.WASPADA_INTAKE_PUBLIC_RATE = 2
    visitor = FormSession(app)
    statuses = [visitor.post({"text": f"laporan {i}"}).status for i in range(3)]
    assert statuses == [201, 201, 429]
    assert Report.objects.count() == 2


BAD = [
    ("empty text", {"text": ""}, "describe what happened"),
    ("1 MB of text", {"text": "a" * 1_000_000}, "too long"),
    ("invalid coordinates", {"text": "x", "lat": "utara", "lon": "116.9"}, "Enter a number"),
    ("half a coordinate", {"text": "x", "lat": "-0.42"}, "both latitude and longitude"),
    (
        "coordinates outside Indonesia",
        {"text": "x", "lat": "48.85", "lon": "2.35"},
        "outside Indonesia",
    ),
    ("unknown desa code", {"text": "x", "area": "64.02.99.9999"}, "valid choice"),
]


@pytest.mark.parametrize(("case", "fields", "message"), BAD, ids=[c[0] for c in BAD])
def test_bad_input_is_400_with_a_message_and_nothing_stored(app, case, fields, message):
    response = FormSession(app).post(fields)
    assert response.status == 400
    assert message in response.text
    assert 'role="alert"' in response.text
    assert Report.objects.count() == 0


@pytest.mark.parametrize(
    ("case", "data", "message"),
    [
        ("wrong attachment type", b"MZ\x90\x00 windows executable", "not accepted"),
        ("oversize attachment", JPEG + bytes(3000), "too large"),
    ],
)
def test_bad_attachments_are_400(app, settings, case, data, message):
    settings.WASPADA_INTAKE_MAX_ATTACHMENT_BYTES = 2000
    response = FormSession(app).post(
        {"text": "x"}, [("attachments", "foto.jpg", data, "image/jpeg")]
    )
    assert response.status == 400
    assert message in response.text
    assert Report.objects.count() == 0


@pytest.mark.parametrize(
    ("case", "body", "content_type"),
    [
        ("malformed JSON", b'{"text": "x",', "application/json"),
        ("wrong content type", b"text=x", "text/plain"),
    ],
)
def test_a_body_that_is_not_a_form_is_415(app, case, body, content_type):
    response = FormSession(app).post(body=body, content_type=content_type)
    assert response.status == 415
    assert "web form" in response.text
    assert Report.objects.count() == 0


def test_an_attachment_is_kept(app):
    FormSession(app).post({"text": "Foto"}, [("attachments", "foto.jpg", JPEG, "image/jpeg")])
    report = Report.objects.get()
    assert report.attachments.get().content_type == "image/jpeg"
    assert report.status == Status.BARU


def test_sending_the_same_form_twice_is_one_report(app):
    visitor = FormSession(app)
    page = app.get(URL, headers=EN)
    submission = re.search(r'name="submission_id" value="([0-9a-f]{32})"', page.text)[1]
    fields = {"text": "Bentrok di pasar", "submission_id": submission}
    first, second = visitor.post(fields), visitor.post(fields)
    assert (first.status, second.status) == (201, 200)
    report = Report.objects.get()
    assert report.tracking_code in second.text


def test_behind_a_proxy_the_limit_keys_on_the_forwarded_address(app, settings):
    settings.WASPADA_INTAKE_PUBLIC_RATE = 1
    settings.WASPADA_TRUSTED_PROXIES = 1
    visitor = FormSession(app)

    def post(address):
        fields = {"csrfmiddlewaretoken": visitor.token, "text": "x"}
        return app.post(
            URL,
            data=urlencode(fields).encode(),
            headers={
                **EN,
                "Cookie": visitor.cookie,
                "X-Forwarded-For": f"6.6.6.6, {address}",
                "Content-Type": "application/x-www-form-urlencoded",
            },
        ).status

    assert [post("203.0.113.7"), post("203.0.113.7"), post("198.51.100.9")] == [201, 429, 201]
