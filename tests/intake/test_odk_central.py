"""ODK Central: submissions pulled from a Central API stand-in on loopback."""

import base64
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.management import CommandError, call_command

from waspada.intake import odk_central
from waspada.intake.models import Channel, PullCursor, Report
from waspada.intake.tasks import poll_odk_central
from waspada.lib import http

from .conftest import JPEG

FORM = "/v1/projects/7/forms/waspada_laporan"
EMAIL, PASSWORD = "pelapor@kesbangpol.example", "sandi-central"


def submission(instance, date, **laporan):
    return {
        "__id": instance,
        "__system": {"submissionDate": date, "submitterName": "Babinsa Loa Ipuh"},
        "meta": {"instanceID": instance},
        "laporan": {
            "deskripsi": "Warga memblokade jalan tambang di Loa Ipuh",
            "judul": "Blokade jalan",
            **laporan,
        },
        "tempat_kejadian": {
            "kecamatan": "64_02_06",
            "desa": "64_02_06_1002",
            "tempat": "jalan hauling",
            "lokasi": {"type": "Point", "coordinates": [116.9927, -0.4203, 12.0]},
        },
        "foto": "1764300000000.jpg",
        "anonim": "no",
        "nama": "Sersan Budi",
        "telepon": "081234567890",
    }


FEED = [
    submission("uuid:0001", "2026-11-27T01:00:00.000Z"),
    {"__system": {"submissionDate": "2026-11-27T02:00:00.000Z"}, "laporan": {}},  # no id
    submission("uuid:0003", "2026-11-27T03:00:00.000Z", deskripsi="Spanduk provokatif"),
]


@pytest.fixture
def central(db, outside, settings):
    settings.WASPADA_ODK_CENTRAL_URL = outside.url
    settings.WASPADA_ODK_CENTRAL_EMAIL = EMAIL
    settings.WASPADA_ODK_CENTRAL_PASSWORD = PASSWORD
    settings.WASPADA_ODK_CENTRAL_PROJECT = 7
    feed = list(FEED)

    def submissions(seen):
        query = parse_qs(urlsplit(seen.path).query)
        after = query.get("$filter", [""])[0].rpartition(" gt ")[2]
        newest_first = sorted(feed, key=lambda s: s["__system"]["submissionDate"], reverse=True)
        value = [s for s in newest_first if s["__system"]["submissionDate"] > after]
        return 200, "application/json", {"@odata.context": "x", "value": value}

    outside.routes.update(
        {
            f"{FORM}.svc/Submissions": submissions,
            f"{FORM}/submissions/*": (200, "image/jpeg", JPEG),
        }
    )
    outside.feed = feed
    return outside


def test_new_submissions_become_reports_with_place_identity_and_photo(
    central, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        result = odk_central.pull()
    assert (result.stored, result.repeated) == (2, 0)
    assert len(result.refused) == 1
    first, second = Report.objects.order_by("received_at", "pk")
    assert first.channel == Channel.ODK and first.channel_message_id == "uuid:0001"
    assert first.text.startswith("Warga memblokade") and first.title == "Blokade jalan"
    assert first.area_id == "64.02.06.1002" and first.place_text == "jalan hauling"
    assert (round(first.lat, 4), round(first.lon, 4)) == (-0.4203, 116.9927)
    assert not first.anonymous
    assert first.reporter_identity == {"name": "Sersan Budi", "phone": "081234567890"}
    assert first.attachments.get().content_type == "image/jpeg"
    assert second.text == "Spanduk provokatif"
    token = base64.b64encode(f"{EMAIL}:{PASSWORD}".encode()).decode()
    photo = central.requests_to("/attachments/1764300000000.jpg")[0]
    assert photo.path == f"{FORM}/submissions/uuid%3A0001/attachments/1764300000000.jpg"
    assert photo.headers["Authorization"] == f"Basic {token}"
    assert central.requests_to(".svc/Submissions")[0].headers["Authorization"] == f"Basic {token}"

    # The next pull asks only for what is newer, and finds nothing.
    assert odk_central.pull().stored == 0
    query = parse_qs(urlsplit(central.requests_to(".svc/Submissions")[-1].path).query)
    assert query["$filter"] == ["__system/submissionDate gt 2026-11-27T03:00:00.000Z"]
    assert Report.objects.count() == 2


def test_a_failure_part_way_resumes_after_the_last_stored(central, monkeypatch):
    from waspada.intake import receive as receiving

    real = receiving.receive

    def database_gone_on_the_third(channel, draft):
        if draft.message_id == "uuid:0003":
            raise RuntimeError("database connection lost")
        return real(channel, draft)

    monkeypatch.setattr(receiving, "receive", database_gone_on_the_third)
    with pytest.raises(RuntimeError):
        odk_central.pull()
    assert list(Report.objects.values_list("channel_message_id", flat=True)) == ["uuid:0001"]
    assert PullCursor.objects.get().value == "2026-11-27T02:00:00.000Z"
    monkeypatch.setattr(receiving, "receive", real)
    assert odk_central.pull().stored == 1
    assert Report.objects.count() == 2


def test_a_submission_read_again_is_one_report(central):
    odk_central.pull()
    PullCursor.objects.update(value="")  # the cursor lost: everything comes again
    result = odk_central.pull()
    assert (result.stored, result.repeated) == (0, 2)
    assert Report.objects.count() == 2


def test_wrong_credentials_fail_loudly_and_store_nothing(central, settings):
    central.routes[f"{FORM}.svc/Submissions"] = (401, "application/json", {"message": "no"})
    with pytest.raises(http.HttpError):
        odk_central.pull()
    with pytest.raises(CommandError, match="could not be read"):
        call_command("intake_odk_central")
    assert not Report.objects.exists() and PullCursor.objects.get().value == ""


def test_the_periodic_task_and_the_command(central, settings, capsys):
    assert poll_odk_central.call() == {"stored": 2, "repeated": 0, "refused": [""]}
    call_command("intake_odk_central")
    assert "stored 0, already stored 0" in capsys.readouterr().out
    settings.WASPADA_ODK_CENTRAL_URL = ""
    assert poll_odk_central.call() is None
    with pytest.raises(CommandError, match="first"):
        call_command("intake_odk_central")
