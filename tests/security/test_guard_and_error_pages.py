"""Error pages in the site's layout (Indonesian by default), the request size limit and NUL
bytes refused before they reach a view or the database."""

import json

import pytest
from django.test import Client

from waspada.api.models import ApiToken
from waspada.intake.models import Report

pytestmark = pytest.mark.django_db

NUL_MESSAGE = "NUL"


def test_a_missing_page_is_a_friendly_404_with_navigation():
    response = Client().get("/tidak-ada/")
    html = response.content.decode()
    assert response.status_code == 404
    assert "Halaman tidak ditemukan" in html and 'class="topbar"' in html
    assert 'href="/laporan/kirim/"' in html  # the navigation of the layout
    english = Client(HTTP_ACCEPT_LANGUAGE="en").get("/tidak-ada/").content.decode()
    assert "Page not found" in english


def test_a_failing_view_gives_the_500_page_and_no_traceback(settings):
    settings.ROOT_URLCONF = "tests.security.urls_boom"
    response = Client(raise_request_exception=False).get("/rusak/")
    html = response.content.decode()
    assert response.status_code == 500
    assert "Terjadi kesalahan" in html and "RuntimeError" not in html and "Traceback" not in html


def test_a_forbidden_page_is_the_403_page(personas, client_for):
    response = client_for(personas["partner"]).get("/peristiwa/impor/")
    assert response.status_code == 403
    assert "Akses ditolak" in response.content.decode()


def test_a_body_over_the_limit_is_refused_from_its_length_without_being_read(settings):
    settings.WASPADA_MAX_REQUEST_BYTES = 1024 * 1024
    # The test client's input raises if more than the 5 bytes it holds are read.
    response = Client().post(
        "/laporan/kirim/",
        data=b"text=",
        content_type="application/x-www-form-urlencoded",
        CONTENT_LENGTH=str(50 * 1024 * 1024),
    )
    assert response.status_code == 413
    html = response.content.decode()
    assert "terlalu besar" in html and "1 MB" in html


def test_ten_mb_of_text_in_the_public_form_is_the_413_page(settings):
    client = Client()
    response = client.post("/laporan/kirim/", {"text": "a" * (10 * 1024 * 1024)})
    assert response.status_code == 413
    assert "masih tersimpan" in response.content.decode()
    assert Report.objects.count() == 0


def test_the_api_answers_413_in_json(personas, settings):
    settings.WASPADA_MAX_REQUEST_BYTES = 1024
    token = ApiToken.issue(personas["reporter"], "t")[1]
    response = Client(HTTP_AUTHORIZATION=f"Token {token}").post(
        "/api/v1/reports/", {"text": "x" * 5000}, content_type="application/json"
    )
    assert response.status_code == 413 and "detail" in response.json()


@pytest.mark.parametrize(
    "path", ["/laporan/lacak/AB\x00C-D234/", "/laporan/lacak/?code=AB%00CD", "/tidak\x00ada/"]
)
def test_nul_bytes_in_the_path_or_query_are_400(path):
    response = Client().get(path)
    assert response.status_code == 400
    assert NUL_MESSAGE in response.content.decode()


def test_nul_bytes_in_the_audit_filter_are_400(personas, client_for):
    response = client_for(personas["admin"]).get("/akun/audit/?user=admin%00")
    assert response.status_code == 400


def test_nul_bytes_in_a_form_are_400_and_nothing_is_stored():
    response = Client().post("/laporan/kirim/", {"text": "Bentrok\x00 warga"})
    assert response.status_code == 400
    assert Report.objects.count() == 0


@pytest.mark.parametrize(
    "body",
    [
        '{"text": "Bentrok\\u0000 warga"}',
        '{"text": "Bentrok", "reporter": {"name": "A\\u0000"}}',
        '{"text": "Bentrok", "client_id": "x\\u0000"}',
    ],
)
def test_nul_bytes_in_json_are_400_on_the_reports_api(personas, body):
    token = ApiToken.issue(personas["reporter"], "t")[1]
    response = Client(HTTP_AUTHORIZATION=f"Token {token}").post(
        "/api/v1/reports/", body, content_type="application/json"
    )
    assert response.status_code == 400
    assert NUL_MESSAGE in json.dumps(response.json())
    assert Report.objects.count() == 0


def test_nul_bytes_in_the_reports_api_path_are_400(personas):
    token = ApiToken.issue(personas["reporter"], "t")[1]
    response = Client(HTTP_AUTHORIZATION=f"Token {token}").get("/api/v1/reports/AB\x00CD/")
    assert response.status_code == 400


def test_an_escaped_backslash_is_not_a_nul(personas):
    token = ApiToken.issue(personas["reporter"], "t")[1]
    response = Client(HTTP_AUTHORIZATION=f"Token {token}").post(
        "/api/v1/reports/", '{"text": "C:\\\\u0000 bukan NUL"}', content_type="application/json"
    )
    assert response.status_code == 201, response.content
