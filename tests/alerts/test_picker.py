"""The alert picker of the case form: alerts found by number or words, open ones first, and
only those the user may see."""

import pytest
from django.urls import reverse

from waspada.alerts.models import Alert

pytestmark = pytest.mark.django_db

TENGGARONG, MUARA_MUNTAI = "64.02.06", "64.02.02"


def _alert(personas, title, *, area=TENGGARONG, status="baru", classification="biasa"):
    return Alert.objects.create(
        level="siaga",
        title=title,
        reason="Uji",
        area_id=area,
        status=status,
        classification=classification,
        organisation=personas["analyst"].organisation,
    )


def _found(client, q):
    return [r["value"] for r in client.get(reverse("alerts:search"), {"q": q}).json()["results"]]


def test_it_finds_alerts_by_number_and_words_open_ones_first(personas, client_for):
    closed = _alert(personas, "Bentrok pemuda di Loa Ipuh", status="ditutup")
    open_ = _alert(personas, "Bentrok susulan di Loa Ipuh")
    other = _alert(personas, "Blokade jalan hauling")
    client = client_for(personas["analyst"])
    assert _found(client, f"#{other.pk}") == [other.pk] == _found(client, str(other.pk))
    assert _found(client, "bentrok loa") == [open_.pk, closed.pk]
    assert _found(client, "tenggarong") == [other.pk, open_.pk, closed.pk]  # the area's name
    assert _found(client, "") == []
    label = client.get(reverse("alerts:search"), {"q": f"#{open_.pk}"}).json()["results"][0]
    assert "Siaga" in label["label"] and "Bentrok susulan" in label["label"]


def test_it_shows_only_alerts_the_user_may_see(personas, client_for):
    _alert(personas, "Bentrok di Tenggarong")
    secret = _alert(personas, "Bentrok rahasia", classification="rahasia")
    assert _found(client_for(personas["outsider_analyst"]), "bentrok") == []
    assert secret.pk not in _found(client_for(personas["partner"]), "bentrok")


def test_the_case_form_offers_the_picker(personas, client_for):
    page = client_for(personas["analyst"]).get(reverse("cases:create")).content.decode()
    assert f'data-picker="{reverse("alerts:search")}"' in page
