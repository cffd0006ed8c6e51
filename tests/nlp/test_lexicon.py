import json

from waspada.nlp.lexicon import Lexicon, load_lexicon


def test_scan_prefix_hyphen_and_longest_match():
    lex = Lexicon({"g": {"a": {"unjuk rasa": 2, "bentrok*": 1, "rasa": 1}}})
    hits = lex.scan("Unjuk-rasa berujung bentrokan.")["g"]["a"]
    assert [h[0] for h in hits] == ["unjuk-rasa", "bentrokan"]
    assert hits[0][1] == 2


def test_default_lexicon_groups():
    lex = Lexicon.default()
    scan = lex.scan("Warga menuntut kebun plasma 20 persen; FKUB menengahi, nyaris ricuh.")
    assert "plasma" in " ".join(t for t, _, _ in scan["sources"]["ketimpangan"])
    assert scan["relevance"]["prevention"]
    assert scan["relevance"]["tension"]


def test_extension_file_merges_and_removes(tmp_path):
    extra = tmp_path / "kukar.json"
    extra.write_text(
        json.dumps(
            {
                "sources": {"ketimpangan": {"tali asih": 3, "koperasi": 0}},
                "forms": {"blokade": {"portal jalan": 2}},
            }
        )
    )
    lex = Lexicon(load_lexicon({"sources": {"ketimpangan": {"koperasi": 1}}}, extra))
    scan = lex.scan("Koperasi minta tali asih; warga pasang portal jalan.")
    assert [t for t, _, _ in scan["sources"]["ketimpangan"]] == ["tali asih"]
    assert scan["forms"]["blokade"][0][0] == "portal jalan"
