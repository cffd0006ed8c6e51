"""The misread reports of issue #15, each now read right, and the triage order."""

import pytest

from waspada.nlp import Analysis
from waspada.nlp.pipeline import urgency

RECEIVED = "2025-09-16T07:10:00+08:00"


def test_an_sms_of_a_follow_up_clash_with_deaths_and_burned_houses_is_a_severe_incident(
    analyzer,
):
    a = analyzer.analyze(
        "Bentrok susulan pecah lg tadi malam di Ds Separi Kec Tenggarong Seberang. "
        "2 org meninggal dunia, tiga rumah dibakar massa, warga byk yg mengungsi ke balai "
        "desa. Mohon aparat segera turun",
        published_at=RECEIVED,
        channel="sms",
    )
    assert (a.relevance, a.severity, a.form) == ("incident", 5, "bentrok")
    assert {"meninggal dunia", "dibakar"} <= set(a.severity_evidence)
    assert "meninggal dunia" in a.evidence["relevance:incident"]
    assert (a.fatalities, a.event_date, a.primary_place) == (2, "2025-09-15", "64.02.16.2006")
    assert a.urgency > 5 / 6


def test_a_clash_with_one_injured_is_an_incident(analyzer):
    a = analyzer.analyze(
        "LAPOR Sebulu Ilir ada bentrok 2 kelompok pemuda 1 org luka",
        published_at=RECEIVED,
        channel="sms",
    )
    assert (a.relevance, a.severity, a.injured) == ("incident", 4, 1)
    assert a.primary_place == "64.02.07.2005"
    assert a.event_date == "2025-09-16"  # reported as it happens: the day it came in


def test_thirty_people_with_machetes_is_no_prevention_but_a_crowd_with_weapons(analyzer):
    a = analyzer.analyze(
        "Lapor Danramil, pkl 20.30 Wita sekitar tiga puluh orang membawa parang dan mandau "
        "berkumpul di simpang tiga Desa Bukit Raya, Kec. Tenggarong Seberang. Babinsa bersama "
        "Bhabinkamtibmas masih memantau di lokasi.",
        published_at=RECEIVED,
        channel="babinsa",
    )
    assert a.relevance == "incident" and a.form != "pencegahan"
    assert a.severity >= 3
    assert "parang" in a.severity_evidence


def test_a_script_test_string_is_junk_at_the_bottom_of_triage(analyzer):
    junk = analyzer.analyze("<script>alert('tes')</script>", published_at=RECEIVED, channel="web")
    assert junk.junk and junk.relevance == "none" and junk.severity == 0
    assert junk.urgency == 0.0
    assert junk.evidence == {"junk": ["markup"]}
    dull = analyzer.analyze("Harga cabai di pasar turun, kata pedagang.", published_at=RECEIVED)
    assert not dull.junk and dull.urgency > junk.urgency


@pytest.mark.parametrize(
    "text",
    [
        "Lahan kami di Desa Sumber Sari Kec Loa Kulu seluas 4 hektar sudah dikuasai PT sejak "
        "tahun lalu, tanam tumbuh digusur tanpa ganti rugi. Mohon bantuan pemerintah.",
        "Lahan kami dikuasai PT sawit, tidak pernah kami jual. Tolong dibantu pak",
    ],
)
def test_a_land_grab_complaint_is_tension_over_natural_resources(analyzer, text):
    a = analyzer.analyze(text, published_at=RECEIVED, channel="web")
    assert (a.relevance, a.severity) == ("tension", 1)
    assert a.sources[0]["name"] == "sumber_daya_alam"
    assert "dikuasai" in a.severity_evidence


def test_a_day_and_month_without_a_year_is_read_in_the_year_before_the_report(analyzer):
    a = analyzer.analyze(
        "Izin melaporkan, kejadian Sabtu (14/9) di Muara Badak: pemuda dua RT saling lempar "
        "batu, kaca 2 rumah pecah.",
        published_at="2025-01-05T08:10:00+08:00",
        channel="whatsapp",
    )
    assert a.event_date == "2024-09-14"
    assert a.reference_date == "2025-01-05"
    assert (a.relevance, a.severity) == ("incident", 3)


@pytest.mark.parametrize(
    "text",
    [
        "Sore ini seorang anak tenggelam di Sungai Mahakam dekat dermaga Tenggarong, sdh "
        "ditemukan tim SAR dlm keadaan meninggal dunia",
        "Laka lantas di jalan poros Loa Janan kmrn malam, 2 org meninggal di tempat",
        "Final turnamen sepak bola antar desa di lapangan Samboja td sore, Karya Jaya menang 3-1",
    ],
)
def test_a_death_or_a_crowd_that_is_not_conflict_stays_none(analyzer, text):
    a = analyzer.analyze(text, published_at=RECEIVED, channel="sms")
    assert (a.relevance, a.severity) == ("none", 0)


def test_past_deaths_in_a_mediation_report_do_not_make_an_incident(analyzer):
    a = analyzer.analyze(
        "Laporan Bhabinkamtibmas Ds. Bukit Raya Kec. Samboja: Jumat (31/1) telah dilaksanakan "
        "mediasi antara dua kelompok tani yg bersengketa lahan, pasca bentrok bulan lalu yg "
        "menewaskan satu orang. Kedua pihak sepakat berdamai.",
        published_at="2025-02-03T10:15:00+08:00",
        channel="babinsa",
    )
    assert (a.relevance, a.severity, a.fatalities) == ("prevention", 1, None)


def test_an_english_report_from_ngo_staff_is_read(analyzer):
    a = analyzer.analyze(
        "Dear team, our field officer in Muara Siran reports that last Saturday a clash broke "
        "out between villagers and security guards of an oil palm company over plasma land. "
        "One villager was killed and four people were injured.",
        published_at="2025-10-20T09:40:00+08:00",
        channel="email",
    )
    assert (a.relevance, a.severity, a.fatalities, a.injured) == ("incident", 5, 1, 4)
    assert a.event_date == "2025-10-18" and a.primary_place == "64.02.11.2007"
    assert a.channel == "email"


def _reading(severity, **kw) -> Analysis:
    base = {"relevance": "incident" if severity >= 3 else "tension", "severity": severity}
    base.update(kw)
    return Analysis(**base)


def test_urgency_is_severity_first_then_recency_casualties_and_area_risk():
    killed_long_ago = _reading(
        5, fatalities=1, event_date="2025-01-01", reference_date="2025-09-01"
    )
    injured_today = _reading(
        4,
        injured=9,
        event_date="2025-09-01",
        reference_date="2025-09-01",
        relevance_scores={"incident": 1.0, "none": 0.0},
    )
    assert urgency(killed_long_ago) > urgency(injured_today, area_risk=1.0)
    recent = _reading(4, injured=1, event_date="2025-09-01", reference_date="2025-09-01")
    older = _reading(4, injured=1, event_date="2025-08-01", reference_date="2025-09-01")
    assert urgency(recent) > urgency(older)
    more_hurt = _reading(4, injured=5, event_date="2025-08-01", reference_date="2025-09-01")
    assert urgency(more_hurt) > urgency(older)
    assert urgency(older, area_risk=0.9) > urgency(older, area_risk=0.1)
    nothing = Analysis(relevance="none", severity=0)
    junk = Analysis(relevance="none", severity=0, junk=True)
    assert urgency(nothing) > urgency(junk) == 0.0
    assert all(0.0 <= urgency(x) <= 1.0 for x in (killed_long_ago, injured_today, nothing))
