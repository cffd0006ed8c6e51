"""Community groups: types, areas, relations, and leaders' contacts encrypted and audited."""

from django.db import connection
from django.urls import reverse

from waspada.accounts.models import AuditLog
from waspada.community.models import CommunityGroup, GroupRelation, Leader

from .conftest import LOA_KULU, TENGGARONG


def _group(client, name, type_="tokoh_agama", code=TENGGARONG, **extra):
    client.post(
        reverse("community:group_new"),
        {"name": name, "type": type_, "area": code, "classification": "biasa", **extra},
    )
    return CommunityGroup.objects.get(name=name)


def test_it_records_a_group_with_its_areas_and_relations(personas, client_for):
    client = client_for(personas["analyst"])
    fkub = _group(client, "FKUB Kukar", "forum", areas=[LOA_KULU])
    assert fkub.type == "forum" and fkub.kecamatan_code == TENGGARONG
    assert sorted(a.code for a in fkub.areas.all()) == [LOA_KULU, TENGGARONG]
    other = _group(client, "Paguyuban Contoh", "paguyuban_etnis")
    client.post(
        reverse("community:relation_add", args=[fkub.pk]),
        {"other": other.pk, "kind": "kerja_sama", "note": "Dialog rutin"},
    )
    relation = GroupRelation.objects.get()
    assert (relation.group, relation.other, relation.kind) == (fkub, other, "kerja_sama")
    page = client.get(reverse("community:group", args=[other.pk])).content.decode()
    assert "FKUB Kukar" in page and "Dialog rutin" in page  # seen from both sides
    listed = client.get(reverse("community:groups") + "?type=forum").content.decode()
    assert "FKUB Kukar" in listed and "Paguyuban Contoh" not in listed


def test_leaders_contacts_are_encrypted_and_every_reading_is_audited(personas, client_for):
    client = client_for(personas["analyst"])
    group = _group(client, "Majelis Adat Kutai", "tokoh_adat")
    client.post(
        reverse("community:leader_add", args=[group.pk]),
        {
            "position": "Ketua",
            "name": "Pak Contoh Adat",
            "phone": "+6281234567890",
            "address": "Jl. Contoh 1, Tenggarong",
        },
    )
    leader = Leader.objects.get()
    with connection.cursor() as cursor:
        cursor.execute("SELECT person FROM community_leader WHERE id = %s", [leader.pk])
        stored = cursor.fetchone()[0]
    assert "Pak Contoh" not in stored and "6281234567890" not in stored
    # The group page says there is a leader but shows no name or number.
    page = client.get(reverse("community:group", args=[group.pk])).content.decode()
    assert "Pak Contoh Adat" not in page and "6281234567890" not in page
    contacts = client.get(reverse("community:group_contacts", args=[group.pk]))
    assert (
        "Pak Contoh Adat" in contacts.content.decode()
        and "+6281234567890" in contacts.content.decode()
    )
    assert contacts["Cache-Control"] == "no-store"
    read = AuditLog.objects.get(action="read_sensitive", object_type="community.Leader")
    assert read.actor == personas["analyst"] and read.object_id == str(leader.pk)
    assert read.field == "person"


def test_who_may_not_read_contacts_gets_no_link_and_403(personas, client_for):
    group = _group(client_for(personas["analyst"]), "Serikat Pekerja Contoh", "serikat_pekerja")
    client = client_for(personas["leader"])
    page = client.get(reverse("community:group", args=[group.pk])).content.decode()
    assert "/kontak/" not in page
    assert client.get(reverse("community:group_contacts", args=[group.pk])).status_code == 403
