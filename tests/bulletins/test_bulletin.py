"""The public bulletin: written, approved by someone else, published; never anything
classified, never a detail that points to a person or a record."""

import json

import pytest
from django.urls import reverse

from waspada.alerts.models import Alert
from waspada.bulletins import services
from waspada.bulletins.models import Bulletin, BulletinEntry

SECRET = "Operasi-Intel-Merah"


@pytest.fixture
def alerts(personas):
    org = personas["analyst"].organisation
    made = []
    for code, level, classification, title in [
        ("64.02.06", "siaga", "biasa", "Bentrok warga Tenggarong"),
        ("64.02.06.1001", "awas", "terbatas", f"{SECRET} desa"),
        ("64.02.02", "awas", "rahasia", SECRET),
        ("64.02.03", "waspada", "biasa", "Unjuk rasa"),
    ]:
        a = Alert(
            level=level,
            title=title,
            reason=f"{SECRET} reason",
            area_id=code,
            classification=classification,
            organisation=org,
        )
        a.save()
        made.append(a)
    return made


def published_bulletin(personas, **fields):
    bulletin = services.draft_from_alerts(
        personas["analyst"], "Buletin minggu ini", "Situasi umumnya kondusif."
    )
    for entry in bulletin.entries.all():
        entry.advice = fields.get("advice", "Hindari kerumunan.")
        entry.save()
    assert services.submit(bulletin, personas["analyst"]) == []
    assert services.publish(bulletin, personas["leader"]) == []
    return bulletin


def test_levels_are_suggested_from_unclassified_alerts_only(personas, alerts):
    assert services.suggested_levels() == {"64.02.06": "siaga", "64.02.03": "waspada"}


def test_the_author_cannot_approve_and_a_draft_is_not_public(personas, alerts, client):
    bulletin = services.draft_from_alerts(personas["analyst"], "Draf", "Teks")
    with pytest.raises(services.NotAllowed):
        services.publish(bulletin, personas["leader"])  # not yet submitted
    services.submit(bulletin, personas["analyst"])
    with pytest.raises(services.NotAllowed):
        services.publish(bulletin, personas["analyst"])
    assert "Draf" not in client.get(reverse("bulletins:public")).content.decode()
    assert client.get(reverse("bulletins:public_detail", args=[bulletin.pk])).status_code == 404


@pytest.mark.parametrize(
    "text",
    [
        "Hubungi 0812-3456-7890",
        "tulis ke camat@kukar.go.id",
        "NIK 6402061234567890",
        "lihat /peristiwa/12/",
        "informasi terbatas",
    ],
)
def test_personal_or_internal_details_block_submission(personas, text):
    bulletin = Bulletin.objects.create(
        title="Buletin", summary=text, created_by=personas["analyst"]
    )
    assert services.submit(bulletin, personas["analyst"])
    bulletin.refresh_from_db()
    assert bulletin.status == "draft"


def test_only_kecamatan_may_appear(personas):
    bulletin = Bulletin.objects.create(title="B", summary="S", created_by=personas["analyst"])
    BulletinEntry.objects.create(bulletin=bulletin, area_id="64.02.06.1001", level="siaga")
    assert services.submit(bulletin, personas["analyst"])


def test_the_page_and_feeds_show_the_published_bulletin_and_nothing_sensitive(
    personas, alerts, client
):
    published_bulletin(personas)
    page = client.get(reverse("bulletins:public")).content.decode()
    atom = client.get(reverse("bulletins:atom")).content.decode()
    data = client.get(reverse("bulletins:json")).json()
    assert "Buletin minggu ini" in page and "Tenggarong" in page and "Hindari kerumunan" in page
    assert "<feed" in atom and "Buletin minggu ini" in atom
    [item] = data["bulletins"]
    assert {a["code"]: a["level"] for a in item["areas"]} == {
        "64.02.06": "siaga",
        "64.02.03": "waspada",
    }
    everything = page + atom + json.dumps(data)
    for secret in (SECRET, "Loa Kulu", "rahasia", "terbatas", "Bentrok warga"):
        assert secret not in everything


def test_the_json_keys_are_exactly_the_public_ones(personas, alerts, client):
    published_bulletin(personas)
    [item] = client.get(reverse("bulletins:json")).json()["bulletins"]
    assert set(item) == {"id", "title", "summary", "published_at", "url", "areas"}
    assert set(item["areas"][0]) == {"code", "name", "level", "advice"}


def test_leaders_approve_from_the_page_and_can_withdraw(personas, client_for, alerts, client):
    analyst = client_for(personas["analyst"])
    analyst.post(reverse("bulletins:new"))
    bulletin = Bulletin.objects.get()
    form = {
        "title": "Buletin",
        "summary": "Situasi kondusif.",
        "submit": "1",
        "entries-TOTAL_FORMS": "1",
        "entries-INITIAL_FORMS": "0",
        "entries-MIN_NUM_FORMS": "0",
        "entries-MAX_NUM_FORMS": "1000",
        "entries-0-area": "64.02.06",
        "entries-0-level": "siaga",
        "entries-0-advice": "Tetap tenang.",
    }
    BulletinEntry.objects.filter(bulletin=bulletin).delete()
    assert analyst.post(reverse("bulletins:edit", args=[bulletin.pk]), form).status_code == 302
    bulletin.refresh_from_db()
    assert bulletin.status == "submitted"
    leader = client_for(personas["leader"])
    approve = reverse("bulletins:approve", args=[bulletin.pk])
    review = reverse("bulletins:review", args=[bulletin.pk])
    assert review in leader.get(reverse("bulletins:manage")).content.decode()
    page = leader.get(review).content.decode()  # the full text before approving it
    assert approve in page and "Tetap tenang." in page and "Situasi kondusif." in page
    leader.post(reverse("bulletins:approve", args=[bulletin.pk]))
    assert "Tetap tenang." in client.get(reverse("bulletins:public")).content.decode()
    leader.post(reverse("bulletins:withdraw", args=[bulletin.pk]))
    assert "Tetap tenang." not in client.get(reverse("bulletins:public")).content.decode()


def test_the_editor_shows_no_formset_internals(personas, client_for, alerts):
    analyst = client_for(personas["analyst"])
    analyst.post(reverse("bulletins:new"))
    bulletin = Bulletin.objects.get()
    page = analyst.get(reverse("bulletins:edit", args=[bulletin.pk])).content.decode()
    labels = [line for line in page.splitlines() if "<label" in line]
    assert labels and not any(">Id<" in line or ">Hapus<" in line for line in labels)
    assert "Hapus kecamatan ini dari buletin" in page
    assert page.count('name="entries-0-id"') == 1  # the hidden id is posted, once
