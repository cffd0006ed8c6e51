"""Reports through the JSON API, over real HTTP with a token; every bad input is a clear 4xx."""

import json

import pytest
from django_tasks_db.models import DBTaskResult

from waspada.api.models import ApiToken
from waspada.intake.models import Channel, Report

from .conftest import JPEG
from .servers import multipart

URL = "/api/v1/reports/"


@pytest.fixture
def token(personas):
    return ApiToken.issue(personas["reporter"], "Aplikasi Babinsa")[1]


def auth(token):
    return {"Authorization": f"Token {token}"}


def test_it_stores_a_report_and_answers_201_with_the_tracking_code(app, token, personas):
    response = app.post(
        URL,
        json={
            "text": "Massa menyegel kantor desa, menuntut pembagian CSR",
            "area_code": "64.02.06.1002",
            "lat": -0.4203,
            "lon": 116.9927,
            "occurred_at": "2026-11-27T09:00:00+08:00",
            "client_id": "hp-42",
        },
        headers=auth(token),
    )
    assert response.status == 201, response.text
    body = response.json()
    report = Report.objects.get()
    assert body["tracking_code"] == report.tracking_code
    assert report.channel == Channel.API
    assert report.created_by == personas["reporter"]
    assert report.kecamatan_code == "64.02.06"
    assert json.loads(report.raw_body)["client_id"] == "hp-42"
    assert report.raw_headers["Content-Type"] == "application/json"


def test_the_same_client_id_twice_is_one_report(app, token):
    payload = {"text": "Spanduk provokatif", "client_id": "offline-7"}
    first = app.post(URL, json=payload, headers=auth(token))
    second = app.post(URL, json=payload, headers=auth(token))
    assert (first.status, second.status) == (201, 200)
    assert first.json()["tracking_code"] == second.json()["tracking_code"]
    assert Report.objects.count() == 1


def test_attachments_by_multipart(app, token):
    body, content_type = multipart(
        {"text": "Foto spanduk"}, [("attachments", "spanduk.jpg", JPEG, "image/jpeg")]
    )
    response = app.post(URL, data=body, headers={**auth(token), "Content-Type": content_type})
    assert response.status == 201, response.text
    assert Report.objects.get().attachments.get().content_type == "image/jpeg"


def test_the_analysis_is_enqueued_when_the_report_is_committed(db, settings, personas):
    """With the durable database backend: the hand-off is a queued task row."""
    from waspada.intake import services
    from waspada.intake.drafts import Draft, Raw, validate

    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }
    from django.test import TestCase

    with TestCase.captureOnCommitCallbacks(execute=True):
        stored = services.store(
            validate(Draft(channel=Channel.API, raw=Raw(b"{}"), text="Bentrok warga"))
        )
    task = DBTaskResult.objects.get(task_path="waspada.intake.tasks.analyse_report")
    assert task.args_kwargs["args"] == [stored.report.pk]


def test_no_token_bad_token_and_revoked_token_are_401(app, personas):
    token, raw = ApiToken.issue(personas["reporter"], "x")
    assert app.post(URL, json={"text": "x"}).status == 401
    assert app.post(URL, json={"text": "x"}, headers=auth("wsp_wrong")).status == 401
    token.revoke()
    assert app.post(URL, json={"text": "x"}, headers=auth(raw)).status == 401
    assert Report.objects.count() == 0


BAD_JSON = [
    ("empty text", {"text": ""}, "text"),
    ("1 MB of text", {"text": "a" * 1_000_000}, "text"),
    ("invalid coordinates", {"text": "x", "lat": "utara", "lon": 116.9}, "lat"),
    ("half a coordinate", {"text": "x", "lat": -0.42}, "lat"),
    ("coordinates outside Indonesia", {"text": "x", "lat": 48.85, "lon": 2.35}, "location"),
    ("unknown desa code", {"text": "x", "area_code": "64.02.99.9999"}, "area"),
]


@pytest.mark.parametrize(("case", "payload", "field"), BAD_JSON, ids=[c[0] for c in BAD_JSON])
def test_bad_json_input_is_400_with_a_message_and_nothing_stored(app, token, case, payload, field):
    response = app.post(URL, json=payload, headers=auth(token))
    assert response.status == 400
    assert response.json()[field][0]
    assert Report.objects.count() == 0


@pytest.mark.parametrize(
    ("case", "data", "name"),
    [
        ("wrong attachment type", b"MZ\x90\x00 windows executable", "hadiah.exe"),
        ("oversize attachment", JPEG + bytes(3000), "besar.jpg"),
    ],
)
def test_bad_attachments_are_400_and_nothing_stored(app, token, settings, case, data, name):
    settings.WASPADA_INTAKE_MAX_ATTACHMENT_BYTES = 2000
    body, content_type = multipart({"text": "x"}, [("attachments", name, data, "image/jpeg")])
    response = app.post(URL, data=body, headers={**auth(token), "Content-Type": content_type})
    assert response.status == 400
    assert response.json()["attachments"][0]
    assert Report.objects.count() == 0


def test_malformed_json_is_400(app, token):
    response = app.post(
        URL, data=b'{"text": "x",', headers={**auth(token), "Content-Type": "application/json"}
    )
    assert response.status == 400
    assert "JSON" in response.json()["detail"]
    assert Report.objects.count() == 0


@pytest.mark.parametrize("body", [b"null", b"[]", b'"laporan"', b"3"])
def test_json_that_is_not_an_object_is_400_with_a_non_field_error(app, token, body):
    response = app.post(URL, data=body, headers={**auth(token), "Content-Type": "application/json"})
    assert response.status == 400
    assert response.json()["non_field_errors"][0]
    assert Report.objects.count() == 0


def test_wrong_content_type_is_415(app, token):
    response = app.post(URL, data=b"text=x", headers={**auth(token), "Content-Type": "text/plain"})
    assert response.status == 415
    assert response.json()["detail"]
    assert Report.objects.count() == 0


def test_list_and_detail_follow_the_policy(app, token, personas):
    created = app.post(URL, json={"text": "Laporan saya"}, headers=auth(token)).json()
    listed = app.get(URL, headers=auth(token)).json()
    assert [r["tracking_code"] for r in listed["results"]] == [created["tracking_code"]]
    detail = app.get(f"{URL}{created['tracking_code']}/", headers=auth(token))
    assert detail.status == 200
    partner = ApiToken.issue(personas["partner"], "mitra")[1]
    # Reports from outside are `terbatas` by default: a partner may not read them.
    assert app.get(f"{URL}{created['tracking_code']}/", headers=auth(partner)).status == 403
    assert app.get(URL, headers=auth(partner)).json()["results"] == []
