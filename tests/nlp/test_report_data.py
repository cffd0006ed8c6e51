"""Our labelled field reports: well-formed, split once, the held-out part never trained on."""

import pytest

from waspada.nlp import conflict, datasets, training
from waspada.nlp.report_eval import ordering_agreement

FORMS = set(conflict.FORMS)
SOURCES = set(conflict.SOURCES)


@pytest.mark.parametrize("split", datasets.REPORT_SPLITS)
def test_every_label_follows_the_guide(split):
    records = datasets.read_reports(split)
    assert len(records) >= 100
    prefix = {"train": "r", "dev": "d", "dev2": "e", "dev3": "f", "heldout": "h"}[split]
    for r in records:
        assert r["id"].startswith(prefix)
        assert r["channel"] in {"sms", "whatsapp", "web", "email", "babinsa", "news"}
        assert r["relevance"] in {"incident", "tension", "prevention", "none"}
        assert 0 <= r["severity"] <= 5
        assert (r["severity"] == 0) == (r["relevance"] == "none")
        if r["severity"] >= 3:
            assert r["relevance"] == "incident"
        if r["relevance"] == "prevention":
            assert (r["severity"], r["form"]) == (1, "pencegahan")
        assert (r["form"] is None) == (r["relevance"] == "none")
        assert r["form"] is None or r["form"] in FORMS
        assert set(r["sources"]) <= SOURCES and bool(r["sources"]) == (r["relevance"] != "none")
        assert r["primary_place"] is None or r["primary_place"].startswith("64.02")
        if r["junk"]:
            assert r["relevance"] == "none"


def test_the_splits_share_no_text():
    texts = [{r["text"] for r in datasets.read_reports(s)} for s in datasets.REPORT_SPLITS]
    assert sum(len(t) for t in texts) == len(set().union(*texts))


def test_training_never_reads_the_held_out_reports(monkeypatch):
    opened = []
    real = datasets._jsonl

    def spy(path):
        opened.append(path.name)
        return real(path)

    monkeypatch.setattr(datasets, "_jsonl", spy)
    records = training.report_records()
    some = datasets.read_reports("train")[:60]
    training.reports_cv([], some, folds=2)
    assert records and "heldout.jsonl" not in opened and "train.jsonl" in opened
    with pytest.raises(ValueError):
        datasets.read_reports("test")


def test_the_ordering_agreement_counts_pairs_of_different_severity():
    assert ordering_agreement([0, 1, 2], [0, 1, 2]) == 1.0
    assert ordering_agreement([0, 1, 2], [2, 1, 0]) == 0.0
    assert ordering_agreement([0, 1], [3, 3]) == 0.5  # a tie counts one half
    assert ordering_agreement([2, 2], [0, 5]) is None  # no pair to order


def test_the_guide_documents_the_split_rule():
    from pathlib import Path

    guide = (Path(__file__).parents[2] / "docs" / "nlp" / "reports.md").read_text("utf-8")
    assert "The split rule is the file" in guide
