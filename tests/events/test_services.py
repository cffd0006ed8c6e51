from datetime import UTC, date, datetime

import pytest

from waspada.areas.models import Area
from waspada.events import services
from waspada.events.models import Event

pytestmark = pytest.mark.django_db


def test_create_derives_precision_coordinates_kecamatan_and_history(personas, make_event):
    event = make_event(personas["analyst"])
    assert event.geo_precision == 1 and event.kecamatan_code == "64.02.06"
    assert (event.latitude, event.longitude) == (event.area.lat, event.area.lon)
    assert event.source_list == ["sumber_daya_alam", "ekonomi"]
    assert event.organisation == personas["analyst"].organisation
    entry = event.history.get()
    assert entry.action == "create" and entry.changes["injured"] == [None, 2]


def test_every_change_is_in_the_history(personas, make_event):
    event = make_event(personas["analyst"])
    services.update_event(event, user=personas["admin"], injured=3, sources=["ekonomi"])
    services.verify(event, user=personas["analyst"], note="dicek ke Polsek")
    actions = list(event.history.values_list("action", flat=True))
    assert actions == ["create", "update", "verify"]
    update = event.history.get(action="update")
    assert update.changes == {
        "injured": [2, 3],
        "sources": [["sumber_daya_alam", "ekonomi"], ["ekonomi"]],
    }
    assert update.user == personas["admin"]
    event.refresh_from_db()
    assert event.verification == "terverifikasi" and event.verified_by == personas["analyst"]


def test_merge_keeps_both_histories_and_moves_reports(personas, make_event):
    a = make_event(personas["analyst"], fatalities=1)
    b = make_event(personas["analyst"], injured=5, summary="Laporan lain tentang bentrok yang sama")
    services.update_event(b, user=personas["analyst"], location="Pasar Tenggarong")
    services.merge(a, b, user=personas["analyst"])
    a.refresh_from_db()
    b.refresh_from_db()
    assert b.verification == "duplikat" and b.duplicate_of == a
    assert (a.fatalities, a.injured) == (1, 5)
    assert [h.action for h in b.history.all()] == ["create", "update", "merged_into"]
    assert [h.action for h in a.history.all()] == ["create", "merge"]
    with pytest.raises(ValueError):
        services.merge(a, a, user=personas["analyst"])


def test_split_moves_reports_to_a_new_event(personas, make_report, make_event):
    event = make_event(personas["analyst"])
    r1, r2, r3 = (make_report(f"laporan {i}") for i in range(3))
    event.reports.add(r1, r2, r3)
    new = services.split(event, [r3], user=personas["analyst"])
    assert set(event.reports.all()) == {r1, r2}
    assert list(new.reports.all()) == [r3]
    assert new.source_list == event.source_list and new.verification == "belum"
    assert event.history.filter(action="split").exists()


def test_suggestions_prefer_the_same_area_and_similar_text(personas, make_report, make_event):
    match = make_event(
        personas["analyst"], summary="Warga memblokade jalan hauling tambang batu bara"
    )
    make_event(personas["analyst"], event_date=date(2026, 10, 1), summary="Blokade jalan hauling")
    report = make_report(
        "Warga blokade jalan hauling batu bara di desa",
        area=Area.objects.get(code="64.02.06.1004"),
        occurred_at=datetime(2026, 11, 3, 9, tzinfo=UTC),
    )
    assert services.suggest_matches(report)[0] == match


def test_events_are_filtered_by_the_policy(personas, make_event):
    from waspada.events.queries import visible_events

    make_event(personas["analyst"], classification="terbatas")
    make_event(personas["analyst"], area=Area.objects.get(code="64.02.02"))
    assert visible_events(personas["analyst"]).count() == 2
    assert visible_events(personas["partner"]).count() == 1  # not the terbatas one
    assert visible_events(personas["reporter"]).count() == 1  # Tenggarong only
    assert Event.objects.count() == 2
