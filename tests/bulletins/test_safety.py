"""The public bulletin names no one, points to no report, stays at its publication level and
repeats nothing classified; the approver reads the full text and what changed; a refused
edit leaves the text awaiting approval as it was."""

from datetime import date

import pytest
from django.urls import reverse

from waspada.accounts.models import AuditLog
from waspada.bulletins import services
from waspada.bulletins.models import Bulletin, BulletinEntry
from waspada.intake.models import Report


def bulletin_with(personas, summary, *, advice="", level="kecamatan"):
    bulletin = Bulletin.objects.create(
        title="Buletin kewaspadaan",
        summary=summary,
        created_by=personas["analyst"],
        publication_level=level,
    )
    BulletinEntry.objects.create(
        bulletin=bulletin, area_id="64.02.06", level="siaga", advice=advice
    )
    return bulletin


def problems(personas, summary, **kwargs) -> list[str]:
    return services.submit(bulletin_with(personas, summary, **kwargs), personas["analyst"])


def test_a_clean_text_passes(personas):
    assert problems(personas, "Situasi di Tenggarong kondusif. Warga diminta tetap tenang.") == []


def test_a_reporters_name_from_the_encrypted_identity_is_refused_and_the_read_audited(
    personas,
):
    Report.objects.create(
        channel="web", text="laporan", reporter_identity={"name": "Serda Joko Prasetyo"}
    )
    found = problems(personas, "Menurut laporan Joko Prasetyo situasi sudah kondusif.")
    assert any("Joko Prasetyo" in p for p in found)
    assert not any("reporter" in p.lower() or "pelapor" in p.lower() for p in found)
    read = AuditLog.objects.filter(action="read_sensitive", field__contains="reporter_identity")
    assert read.exists() and read.first().actor == personas["analyst"]


def test_a_group_leaders_name_is_refused(personas):
    from waspada.community.models import CommunityGroup, Leader

    group = CommunityGroup.objects.create(name="Paguyuban Uji", type="paguyuban_etnis")
    Leader.objects.create(group=group, position="ketua", person={"name": "Hendrikus Lawalu"})
    found = problems(personas, "Situasi aman.", advice="Koordinasi dengan hendrikus lawalu.")
    assert any("Tenggarong" in p and "hendrikus lawalu" in p.lower() for p in found)


@pytest.mark.parametrize(
    "text", ["Pak Ahmad Yani menengahi warga.", "Kepala desa Hendra Gunawan memimpin dialog."]
)
def test_names_the_tagger_reads_are_refused(personas, text):
    assert any("“" in p for p in problems(personas, text))


def test_a_tracking_code_is_refused(personas):
    report = Report.objects.create(channel="web", text="laporan")
    found = problems(personas, f"Laporan {report.tracking_code} sudah ditindaklanjuti.")
    assert any(report.tracking_code in p for p in found)


def test_desa_below_the_publication_level_are_refused(personas):
    text = "Warga Loa Ipuh diminta tenang."
    assert any("Loa Ipuh" in p for p in problems(personas, text))
    assert problems(personas, text, level="desa") == []


def test_words_of_a_classified_record_are_refused_unless_an_open_record_says_them(personas):
    from tests.alerts.conftest import make_event

    make_event(
        personas["analyst"],
        classification="rahasia",
        summary="Operasi penggalangan tokoh pemuda di pasar lama dini hari",
    )
    found = problems(personas, "Ada operasi penggalangan tokoh pemuda di pasar lama.")
    assert any("classified" in p or "rahasia" in p.lower() or "terklasifikasi" in p for p in found)
    make_event(
        personas["analyst"],
        summary="Berita: operasi penggalangan tokoh pemuda di pasar lama berjalan",
    )
    assert problems(personas, "Ada operasi penggalangan tokoh pemuda di pasar lama.") == []


def edit_form(bulletin, summary):
    entry = bulletin.entries.get()
    return {
        "title": bulletin.title,
        "summary": summary,
        "publication_level": "kecamatan",
        "entries-TOTAL_FORMS": "1",
        "entries-INITIAL_FORMS": "1",
        "entries-MIN_NUM_FORMS": "0",
        "entries-MAX_NUM_FORMS": "1000",
        "entries-0-id": str(entry.pk),
        "entries-0-area": entry.area_id,
        "entries-0-level": entry.level,
        "entries-0-advice": entry.advice,
    }


def test_a_refused_edit_leaves_the_text_awaiting_approval_unchanged(personas, client_for):
    bulletin = bulletin_with(personas, "Situasi kondusif.", advice="Tetap tenang.")
    assert services.submit(bulletin, personas["analyst"]) == []
    response = client_for(personas["analyst"]).post(
        reverse("bulletins:edit", args=[bulletin.pk]),
        edit_form(bulletin, "Hubungi Serda Budi di 0812-3456-7890."),
    )
    assert response.status_code == 200 and "0812" in response.content.decode()  # kept in the form
    bulletin.refresh_from_db()
    assert (bulletin.summary, bulletin.status) == ("Situasi kondusif.", "submitted")
    # An acceptable edit is saved.
    client_for(personas["analyst"]).post(
        reverse("bulletins:edit", args=[bulletin.pk]), edit_form(bulletin, "Situasi aman.")
    )
    bulletin.refresh_from_db()
    assert bulletin.summary == "Situasi aman."


def test_the_approver_reads_the_full_text_and_the_changes_since_the_last_approved(
    personas, client_for
):
    first = bulletin_with(personas, "Situasi kondusif.", advice="Tetap tenang.")
    services.submit(first, personas["analyst"])
    assert services.publish(first, personas["leader"]) == []
    second = bulletin_with(personas, "Situasi memanas di pasar.", advice="Hindari kerumunan.")
    services.submit(second, personas["analyst"])
    page = client_for(personas["leader"]).get(reverse("bulletins:review", args=[second.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert "<ins>+ Situasi memanas di pasar.</ins>" in html
    assert "<del>- Situasi kondusif.</del>" in html
    assert "Tenggarong: SIAGA — Hindari kerumunan." in html
    assert reverse("bulletins:approve", args=[second.pk]) in html


def test_levels_come_from_the_risk_map_too(personas):
    from django.utils import timezone

    from waspada.risk.config import headline_window
    from waspada.risk.models import RiskScore

    RiskScore.objects.create(
        area_id="64.02.06",
        level_of_area="kecamatan",
        source="",
        window=headline_window(),
        score=40.0,
        level="waspada",
        as_of=date.today(),
        computed_at=timezone.now(),
    )
    assert services.suggested_levels() == {"64.02.06": "waspada"}
