"""Recording engagement: the short form, photos without location, where it shows, and the
dates the risk score reads."""

import datetime as dt
import io
import re

from django.urls import reverse
from PIL import Image

from waspada.community import activities
from waspada.community.models import CommunityGroup, Engagement
from waspada.community.services import engagement_dates, record_engagement

from .conftest import LOA_KULU, TENGGARONG


def _jpeg_with_gps() -> bytes:
    exif = Image.Exif()
    exif[0x8825] = {1: "S", 2: (0.0, 25.0, 0.0)}  # GPSInfo
    out = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(out, "JPEG", exif=exif)
    return out.getvalue()


def test_the_quick_form_needs_only_what_a_binkom_is(personas, orgs, area, client_for):
    orgs["kodim"].area = area(TENGGARONG)
    orgs["kodim"].save()
    reporter = personas["reporter"]
    reporter.organisation = orgs["kodim"]
    reporter.save()
    client = client_for(reporter)
    form = client.get(reverse("community:engagement_new")).content.decode()
    assert 'value="binkom" ' in form and "checked" in form  # Binkom chosen already
    assert f'<option value="{TENGGARONG}" selected>' in form  # the Kodim's area
    response = client.post(
        reverse("community:engagement_new"),
        {
            "type": "binkom",
            "date": "2026-11-27",
            "area": TENGGARONG,
            "venue": "Aula Kodim 0906/KKR",
            "title": "Pencegahan konflik sosial",
            "speakers": "Kepala Kesbangpol Kukar",
            "attendees": "Tokoh masyarakat",
            "participants": "60",
            "classification": "biasa",
        },
    )
    engagement = Engagement.objects.get()
    assert response["Location"] == f"/komunitas/kegiatan/{engagement.pk}/"
    assert engagement.type == "binkom" and engagement.area_id == TENGGARONG
    assert list(engagement.organisers.all()) == [orgs["kodim"]]
    assert engagement.organisation == orgs["kodim"] and engagement.created_by == reporter
    assert engagement.kecamatan_code == TENGGARONG and engagement.participants == 60


def test_photos_are_checked_and_stored_without_location(personas, area, client_for):
    client = client_for(personas["analyst"])
    from django.core.files.uploadedfile import SimpleUploadedFile

    photo = SimpleUploadedFile("binkom.jpg", _jpeg_with_gps(), "image/jpeg")
    client.post(
        reverse("community:engagement_new"),
        {
            "type": "dialog",
            "date": "2026-11-27",
            "area": TENGGARONG,
            "classification": "biasa",
            "photos": [photo],
        },
    )
    stored = Engagement.objects.get().photos.get()
    data = stored.file.read()
    assert data.startswith(b"\xff\xd8") and b"Exif" not in data
    served = client.get(reverse("community:photo", args=[stored.pk]))
    assert served.status_code == 200 and served["Content-Type"] == "image/jpeg"
    # Not a photo: refused with a message, nothing stored.
    bad = SimpleUploadedFile("x.jpg", b"%PDF-1.4 not a photo", "image/jpeg")
    response = client.post(
        reverse("community:engagement_new"),
        {
            "type": "dialog",
            "date": "2026-11-27",
            "area": TENGGARONG,
            "classification": "biasa",
            "photos": [bad],
        },
    )
    assert response.status_code == 200 and Engagement.objects.count() == 1


def test_an_area_outside_the_scope_is_refused(personas, client_for):
    client = client_for(personas["reporter"])  # scope Tenggarong only
    response = client.post(
        reverse("community:engagement_new"),
        {"type": "binkom", "date": "2026-11-27", "area": LOA_KULU, "classification": "biasa"},
    )
    assert response.status_code == 200 and not Engagement.objects.exists()


def test_engagement_shows_on_the_area_page_and_the_map(personas, area, client_for):
    desa = "64.02.06.1001"
    engagement = record_engagement(
        user=personas["analyst"],
        type="binkom",
        date=dt.date(2026, 11, 20),
        area=area(desa),
        venue="Balai desa",
    )
    client = client_for(personas["reporter"])
    for code in (desa, TENGGARONG):
        page = client.get(reverse("areas:detail", args=[code])).content.decode()
        assert f"/komunitas/kegiatan/{engagement.pk}/" in page and "Balai desa" in page
    points = client.get(reverse("community:engagement_points") + f"?area={TENGGARONG}").json()
    assert [f["properties"]["id"] for f in points["features"]] == [engagement.pk]
    elsewhere = client.get(reverse("community:engagement_points") + f"?area={LOA_KULU}").json()
    assert elsewhere["features"] == []


def test_engagement_dates_count_places_beneath_and_groups_active_there(personas, area):
    user = personas["analyst"]
    record_engagement(user=user, date=dt.date(2026, 10, 1), area=area("64.02.06.1001"))
    record_engagement(user=user, date=dt.date(2026, 9, 1), area=area(TENGGARONG))
    group = CommunityGroup.objects.create(
        name="Kelompok Tani Loa Kulu", type="kelompok_tani", area=area(LOA_KULU)
    )
    group.areas.add(area(LOA_KULU))
    # A dialogue held in Tenggarong with a group active in Loa Kulu counts for both.
    dialog = record_engagement(
        user=user, date=dt.date(2026, 11, 5), area=area(TENGGARONG), groups=[group], type="dialog"
    )
    assert engagement_dates([TENGGARONG, LOA_KULU, "64.02.01"]) == {
        TENGGARONG: dt.date(2026, 11, 5),
        LOA_KULU: dt.date(2026, 11, 5),
    }
    assert engagement_dates(["64.02.06.1001"]) == {"64.02.06.1001": dt.date(2026, 10, 1)}
    assert engagement_dates([TENGGARONG], until=dt.date(2026, 10, 31)) == {
        TENGGARONG: dt.date(2026, 10, 1)
    }
    held = activities.held(dt.date(2026, 10, 15), dt.date(2026, 11, 30))
    assert held == [(dialog.pk, TENGGARONG, dt.date(2026, 11, 5), "dialog")]


def test_hidden_engagement_is_not_listed(personas, area, client_for):
    record_engagement(
        user=personas["analyst"],
        date=dt.date(2026, 11, 1),
        area=area(TENGGARONG),
        title="Rapat rahasia",
        classification="rahasia",
    )
    page = client_for(personas["partner"]).get(reverse("community:engagements")).content
    assert b"Rapat rahasia" not in page


def test_the_same_form_sent_twice_is_one_activity(personas, client_for):
    """A double tap, or a re-send after the answer was lost on a weak connection."""
    client = client_for(personas["reporter"])
    form = client.get(reverse("community:engagement_new")).content.decode()
    submission = re.search(r'name="submission_id" value="([0-9a-f]{32})"', form).group(1)
    data = {
        "type": "binkom",
        "date": "2026-11-27",
        "area": TENGGARONG,
        "classification": "biasa",
        "submission_id": submission,
    }
    first = client.post(reverse("community:engagement_new"), data)
    again = client.post(reverse("community:engagement_new"), {**data, "venue": "Aula"})
    engagement = Engagement.objects.get()
    assert first.status_code == again.status_code == 302
    assert first["Location"] == again["Location"] == f"/komunitas/kegiatan/{engagement.pk}/"
    assert engagement.submission_id == submission and engagement.venue == ""
    # the page that confirms it tells the phone which draft to drop
    page = client.get(first["Location"]).content.decode()
    assert f'data-draft-id="{submission}"' in page

    # another user's form id is theirs; an id the page did not make means no dedup
    other = client_for(personas["analyst"])
    assert other.post(reverse("community:engagement_new"), data).status_code == 302
    forged = {**data, "submission_id": "x' or 1=1"}
    assert client.post(reverse("community:engagement_new"), forged).status_code == 302
    assert client.post(reverse("community:engagement_new"), forged).status_code == 302
    assert Engagement.objects.count() == 4
    assert Engagement.objects.filter(submission_id="").count() == 2


def test_a_concurrent_second_sending_returns_the_first(personas, area, monkeypatch):
    """Two sendings at once: both look before either is stored; the constraint decides."""
    from waspada.community import services

    user = personas["reporter"]
    fields = {"date": dt.date(2026, 11, 27), "area": area(TENGGARONG), "submission_id": "a" * 32}
    first = record_engagement(user=user, **fields)
    looked = []
    real = services._sent_before

    def looked_too_early(user, submission):
        looked.append(submission)
        return None if len(looked) == 1 else real(user, submission)

    monkeypatch.setattr(services, "_sent_before", looked_too_early)
    second = record_engagement(user=user, **fields)
    assert second.pk == first.pk and Engagement.objects.count() == 1 and len(looked) == 2
