"""ODK Collect / KoboToolbox: REST Service submissions of the shipped XLSForm."""

import base64

from waspada.intake.models import Channel, Report

from .conftest import JPEG, KOBO_PASSWORD, KOBO_USER

URL = "/laporan/masuk/odk/"


def submission(uuid="8f3b6c1e-4a2d-4e1f-9b7a-1c2d3e4f5a6b", **extra):
    data = {
        "_id": 412345,
        "formhub/uuid": "d1e2f3",
        "start": "2026-11-28T08:01:00.000+08:00",
        "end": "2026-11-28T08:04:00.000+08:00",
        "laporan/deskripsi": "Dua kelompok pemuda bentrok setelah pertandingan sepak bola",
        "laporan/judul": "Bentrok pemuda",
        "laporan/waktu_kejadian": "2026-11-27T21:30:00.000+08:00",
        "tempat_kejadian/kecamatan": "64_02_06",
        "tempat_kejadian/desa": "64_02_06_1002",
        "tempat_kejadian/lokasi": "-0.4203 116.9927 12 5",
        "anonim": "no",
        "nama": "Ahmad",
        "telepon": "081255554444",
        "meta/instanceID": f"uuid:{uuid}",
        "_uuid": uuid,
        "_submission_time": "2026-11-28T00:05:12",
        "_geolocation": [-0.4203, 116.9927],
        "_attachments": [],
        "_status": "submitted_via_web",
    }
    data.update(extra)
    return data


def auth(user=KOBO_USER, password=KOBO_PASSWORD):
    token = base64.b64encode(f"{user}:{password}".encode()).decode()
    return {"Authorization": f"Basic {token}"}


def test_a_submission_becomes_a_report(app):
    response = app.post(URL, json=submission(), headers=auth())
    assert response.status == 200
    report = Report.objects.get()
    assert report.channel == Channel.ODK
    assert report.area_id == "64.02.06.1002"
    assert report.title == "Bentrok pemuda"
    assert report.occurred_at.isoformat().startswith("2026-11-27T13:30")
    assert (report.lat, report.lon) == (-0.4203, 116.9927)
    assert report.reporter_identity == {"name": "Ahmad", "phone": "081255554444"}
    assert response.json()["tracking_codes"] == [report.tracking_code]


def test_photos_listed_in_attachments_are_fetched(app, outside):
    outside.routes["/media/original*"] = (200, "image/jpeg", JPEG)
    data = submission(
        _attachments=[
            {
                "download_url": f"{outside.url}/media/original?media_file=x/foto.jpg",
                "filename": "kobo/attachments/x/foto.jpg",
                "mimetype": "image/jpeg",
            }
        ]
    )
    app.post(URL, json=data, headers=auth())
    assert Report.objects.get().attachments.get().content_type == "image/jpeg"


def test_an_anonymous_submission_keeps_no_identity(app):
    app.post(URL, json=submission(anonim="yes"), headers=auth())
    report = Report.objects.get()
    assert report.anonymous and report.reporter_identity is None


def test_the_same_submission_twice_is_one_report(app):
    app.post(URL, json=submission(), headers=auth())
    app.post(URL, json=submission(), headers=auth())
    assert Report.objects.count() == 1


def test_bad_credentials_are_refused(app):
    assert app.post(URL, json=submission(), headers=auth(password="nope")).status == 401
    assert app.post(URL, json=submission()).status == 401
    assert Report.objects.count() == 0
