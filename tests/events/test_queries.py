"""Counts of the event list are cached under a version the database bumps on every change."""

import itertools
from datetime import date

import pytest
from django.urls import reverse

from waspada.areas.models import Area
from waspada.events import stamp
from waspada.events.models import Event, EventSource
from waspada.events.queries import count_filtered, filtered

pytestmark = pytest.mark.django_db


def test_every_kind_of_write_bumps_the_version(personas, make_event):
    user = personas["analyst"]
    seen = [stamp.current()]

    def changed():
        seen.append(stamp.current())
        return seen[-1] != seen[-2]

    event = make_event(user)
    assert changed()
    Event.objects.filter(pk=event.pk).update(verification="terverifikasi")  # no signals
    assert changed()
    Event.objects.bulk_create([Event(event_date=date(2026, 1, 6), summary="Impor", form="")])
    assert changed()
    EventSource.objects.create(event=event, source="agama", rank=5)
    assert changed()
    EventSource.objects.filter(event=event).delete()
    assert changed()
    Event.objects.filter(summary="Impor").delete()
    assert changed()
    assert not changed()  # reading changes nothing


def test_a_cached_count_follows_new_and_changed_events(personas, client_for, make_event):
    user = personas["analyst"]
    client = client_for(user)

    def listed(**query):
        return client.get(reverse("events:list"), query).context["page"].paginator.count

    make_event(user)
    assert listed() == 1 and listed(form="bentrok") == 1
    second = make_event(user, form="sengketa")
    assert listed() == 2 and listed(form="bentrok") == 1
    Event.objects.filter(pk=second.pk).update(form="bentrok")
    assert listed(form="bentrok") == 2
    Event.objects.filter(pk=second.pk).update(classification="rahasia")
    assert (
        client_for(personas["partner"]).get(reverse("events:list")).context["page"].paginator.count
        == 1
    )


def test_the_cached_count_is_the_count_of_the_list_for_every_persona(personas, make_event):
    kecamatan = ["64.02.06", "64.02.02", "64.02.10"]  # Tenggarong, Loa Kulu, Muara Badak
    owners = [personas["analyst"], personas["outsider_analyst"]]
    combos = itertools.product(kecamatan, ["biasa", "terbatas", "rahasia"], owners, ["a", "b"])
    for i, (code, classification, owner, form) in enumerate(combos):
        make_event(
            owner,
            event_date=date(2026, 1, 1 + i % 28),
            area=Area.objects.get(code=code),
            form="bentrok" if form == "a" else "sengketa",
            summary=f"Peristiwa {i} sengketa lahan",
            classification=classification,
            sources=["ekonomi"] if i % 3 else ["sumber_daya_alam"],
        )
    filters = [
        {},
        {"kecamatan": "64.02.02"},
        {"form": "bentrok", "source": "ekonomi"},
        {"date_from": date(2026, 1, 10)},
        {"classification": "rahasia"},
        {"q": "sengketa"},
    ]
    seen = set()
    for _round in range(2):  # the second round reads the cache
        for name, user in personas.items():
            for data in filters:
                expected = filtered(user, data).count()
                assert count_filtered(user, data) == expected, (name, data)
                seen.add(expected)
    assert len(seen) > 5  # the personas and filters really see different sets


def test_the_cached_rows_follow_every_change_to_events(personas, client_for, make_event):
    """The list's rows are cached too (per page, filter, visibility and language): a change
    made by any code path shows on the next view."""
    client = client_for(personas["analyst"])
    event = make_event(personas["analyst"])

    def summaries():
        return [r.summary for r in client.get(reverse("events:list")).context["page"]]

    before = summaries()
    Event.objects.filter(pk=event.pk).update(summary="Ringkasan diganti tanpa save()")
    after = summaries()
    assert after != before
    assert "Ringkasan diganti tanpa save()" in after
