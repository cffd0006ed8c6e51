from datetime import date

import pytest

from waspada.areas.models import Area
from waspada.events import services
from waspada.events.models import Event
from waspada.events.search import search

pytestmark = pytest.mark.django_db


@pytest.fixture
def events(personas):
    user, area = personas["analyst"], Area.objects.get(code="64.02.06")
    texts = [
        "Warga Desa Jongkang memblokade jalan hauling PT Multi Harapan Utama",
        "Bentrok antarkelompok pemuda di Tenggarong",
        "Dialog FKUB tentang pendirian rumah ibadah",
    ]
    return [
        services.create_event(
            user=user, event_date=date(2026, 10, 1), area=area, form="sengketa", summary=t
        )
        for t in texts
    ]


def test_it_finds_events_by_words_of_their_text(events):
    assert list(search(Event.objects.all(), "hauling jongkang")) == [events[0]]
    assert list(search(Event.objects.all(), "pemuda")) == [events[1]]
    assert search(Event.objects.all(), "tidakada").count() == 0


def test_it_matches_prefixes_and_follows_changes(events, personas):
    assert list(search(Event.objects.all(), "ibad")) == [events[2]]
    services.update_event(
        events[2], user=personas["analyst"], summary="Mediasi sengketa tapal batas desa"
    )
    assert search(Event.objects.all(), "ibadah").count() == 0
    assert list(search(Event.objects.all(), "tapal batas")) == [events[2]]


def test_punctuation_in_queries_is_harmless(events):
    assert list(search(Event.objects.all(), '"hauling" * (:')) == [events[0]]
