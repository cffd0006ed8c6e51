import json

from waspada.nlp import Analysis, analyze
from waspada.nlp.hatespeech import LABELS

KEYS = {
    "id": (str, type(None)),
    "relevance": str,
    "relevance_scores": dict,
    "sources": list,
    "form": (str, type(None)),
    "hate_speech": dict,
    "hate_speech_labels": list,
    "places": list,
    "primary_place": (str, type(None)),
    "event_date": (str, type(None)),
    "fatalities": (int, type(None)),
    "injured": (int, type(None)),
    "actors": list,
    "evidence": dict,
    "severity": int,
    "severity_evidence": list,
    "junk": bool,
    "channel": (str, type(None)),
    "reference_date": (str, type(None)),
    "urgency": float,
    "schema_version": int,
}

INCIDENT = (
    "TENGGARONG – Bentrok antarwarga pecah di Desa Jongkang, Kecamatan Loa Kulu, Kukar, "
    "Rabu (5/3/2025). Dua orang tewas dan tiga warga luka-luka setelah massa dari dua kelompok "
    "saling serang dengan senjata tajam karena sengketa lahan tambang batu bara dengan "
    "PT Multi Harapan Utama. Polres Kukar mengamankan lokasi."
)


def check_schema(d: dict):
    for k, t in KEYS.items():
        assert k in d, k
        assert isinstance(d[k], t), (k, d[k])
    assert d["relevance"] in {"incident", "tension", "prevention", "none"}
    assert set(d["relevance_scores"]) == {"incident", "tension", "prevention", "none"}
    assert abs(sum(d["relevance_scores"].values()) - 1) < 1e-3
    assert set(d["hate_speech"]) == set(LABELS)
    assert set(d["hate_speech_labels"]) <= set(LABELS)
    for s in d["sources"]:
        assert set(s) == {"name", "score"}
    for p in d["places"]:
        assert {"text", "code", "level", "start", "end", "score"} <= set(p)
    if d["primary_place"]:
        assert d["primary_place"] in {p["code"] for p in d["places"]}
    assert 0 <= d["severity"] <= 5
    assert (d["severity"] == 0) == (d["relevance"] == "none")
    if d["severity"] >= 3:
        assert d["relevance"] == "incident"
    assert d["schema_version"] == 2


def test_incident_report(analyzer):
    a = analyzer.analyze(INCIDENT, published_at="2025-03-06")
    assert isinstance(a, Analysis)
    d = json.loads(a.to_json())
    check_schema(d)
    assert d["relevance"] == "incident"
    names = [s["name"] for s in d["sources"]]
    assert "sumber_daya_alam" in names
    assert d["form"] in {"bentrok", "kekerasan", "kerusuhan"}
    assert d["primary_place"] == "64.02.02.2017" or d["primary_place"].startswith("64.02.02")
    assert d["event_date"] == "2025-03-05"
    assert (d["fatalities"], d["injured"]) == (2, 3)
    assert d["severity"] == 5 and "tewas" in d["severity_evidence"]
    assert any("PT Multi Harapan Utama" in a["text"] for a in d["actors"])
    assert d["evidence"]


def test_prevention_and_none(analyzer):
    prev = analyzer.analyze(
        "FKUB dan Kesbangpol Kukar menggelar dialog kerukunan dan sosialisasi pencegahan "
        "konflik bersama tokoh agama di Kecamatan Tenggarong, Kamis (27/2/2020)."
    )
    assert prev.relevance == "prevention" and prev.form == "pencegahan"
    none = analyzer.analyze(
        "Harga cabai di pasar Tenggarong turun menjelang akhir pekan, kata pedagang."
    )
    assert none.relevance == "none"
    assert none.form is None and none.sources == []


def test_hate_speech_in_chat(analyzer):
    a = analyzer.analyze(
        "dasar kafir laknat, usir semua cina dari kampung ini, bakar rumah ibadah mereka"
    )
    assert "HS" in a.hate_speech_labels
    assert a.hate_speech["HS"] > 0.5


def test_module_level_analyze_and_empty_text():
    a = analyze("", published_at=None)
    check_schema(a.as_dict())
    assert a.relevance == "none" and a.places == []


def test_regency_lexicon_extension(tmp_path):
    from waspada.nlp import Analyzer

    extra = tmp_path / "kukar.json"
    extra.write_text(
        json.dumps(
            {
                "relevance": {"tension": {"koridoran": 3}},
                "sources": {"sumber_daya_alam": {"koridoran": 3}},
            }
        ),
        encoding="utf-8",
    )
    text = "Warga resah dengan tambang koridoran di Desa Sumber Sari, Kec. Loa Kulu."
    a = Analyzer(lexicon_paths=[extra]).analyze(text)
    assert "koridoran" in a.evidence.get("relevance:tension", [])
    assert "koridoran" in a.evidence.get("source:sumber_daya_alam", [])
    assert a.primary_place == "64.02.02.2014"
