"""Checks against ../shared/data; skipped where it is absent (a fresh clone)."""

import pytest

from waspada.nlp import datasets

pytestmark = pytest.mark.skipif(datasets.shared_dir() is None, reason="shared data not present")


def test_kukar_places_resolved():
    from waspada.nlp.training import evaluate_places

    r = evaluate_places()
    assert r["kukar_places"] > 50
    assert r["share"] >= 0.9


def test_labelled_records_join():
    recs = datasets.read_conflict_records()
    assert len(recs) >= 230
    assert all(r["text"] for r in recs)
