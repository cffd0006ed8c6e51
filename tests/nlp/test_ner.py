from waspada.nlp import ner


def test_spans_and_f1():
    assert ner.spans(["B-PLACE", "I-PLACE", "O", "B-PERSON"]) == {(0, 2, "PLACE"), (3, 4, "PERSON")}
    assert ner.spans(["I-ORG", "I-ORG"]) == {(0, 2, "ORG")}
    r = ner.entity_f1([["B-PLACE", "I-PLACE", "O"]], [["B-PLACE", "O", "O"]])
    assert r["overall"]["f1"] == 0.0 and r["PLACE"]["support"] == 1


def test_shipped_tagger_finds_places():
    tagger = ner.NerTagger.load("nergrit")
    ents = tagger.entities(
        "Presiden Joko Widodo berkunjung ke Samarinda , Kalimantan Timur , pada hari Senin ."
    )
    kinds = {e["type"] for e in ents}
    assert "PLACE" in kinds
    for e in ents:
        assert e["end"] > e["start"]
