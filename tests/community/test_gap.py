"""The engagement-gap list on constructed data: every risk level, with and without recent
engagement, and never engaged."""

import datetime as dt

from waspada.community.gap import WINDOW_DAYS, gap_rows

TODAY = dt.date(2026, 11, 28)


def ago(days):
    return TODAY - dt.timedelta(days=days)


AREAS = [
    ("a1", "Awas, engaged 10 days ago"),
    ("a2", "Awas, engaged 20 days ago"),
    ("a3", "Awas, never engaged"),
    ("s1", "Siaga, engaged 30 days ago"),
    ("s2", "Siaga, engaged 31 days ago"),
    ("w1", "Waspada, engaged 45 days ago"),
    ("w2", "Waspada, engaged 100 days ago"),
    ("n1", "Normal, engaged 80 days ago"),
    ("n2", "Normal, never engaged"),
    ("u1", "No score, engaged 5 days ago"),
    ("u2", "No score, engaged 200 days ago"),
]
LEVELS = {
    "a1": "awas",
    "a2": "awas",
    "a3": "awas",
    "s1": "siaga",
    "s2": "siaga",
    "w1": "waspada",
    "w2": "waspada",
    "n1": "normal",
    "n2": "normal",
    "u2": "bogus",
}  # an unknown level name counts as no score
LAST = {
    "a1": ago(10),
    "a2": ago(20),
    "s1": ago(30),
    "s2": ago(31),
    "w1": ago(45),
    "w2": ago(100),
    "n1": ago(80),
    "u1": ago(5),
    "u2": ago(200),
}


def test_each_level_allows_its_own_silence():
    rows = {r.code: r for r in gap_rows(AREAS, LEVELS, LAST, today=TODAY)}
    assert {c: r.gap for c, r in rows.items()} == {
        "a1": False,
        "a2": True,
        "a3": True,
        "s1": False,
        "s2": True,
        "w1": False,
        "w2": True,
        "n1": False,
        "n2": True,
        "u1": False,
        "u2": True,
    }
    assert rows["a3"].days_since is None and rows["s2"].days_since == 31
    assert rows["u1"].level == "unknown" and rows["u2"].level == "unknown"
    assert rows["u2"].window == WINDOW_DAYS["normal"]


def test_high_risk_gaps_are_only_awas_and_siaga():
    rows = gap_rows(AREAS, LEVELS, LAST, today=TODAY)
    assert [r.code for r in rows if r.high_risk_gap] == ["a3", "a2", "s2"]


def test_the_list_is_ordered_by_risk_then_gap_then_longest_silence():
    rows = gap_rows(AREAS, LEVELS, LAST, today=TODAY)
    assert [r.code for r in rows] == [
        "a3",
        "a2",
        "a1",
        "s2",
        "s1",
        "w2",
        "w1",
        "n2",
        "n1",
        "u2",
        "u1",
    ]


def test_without_any_risk_scores_every_area_is_unknown():
    rows = gap_rows([("x", "X"), ("y", "Y")], {}, {"x": ago(3)}, today=TODAY)
    assert [(r.code, r.level, r.gap) for r in rows] == [
        ("y", "unknown", True),
        ("x", "unknown", False),
    ]


def test_windows_can_be_configured():
    rows = gap_rows(
        [("a", "A")], {"a": "awas"}, {"a": ago(10)}, today=TODAY, windows={**WINDOW_DAYS, "awas": 7}
    )
    assert rows[0].gap and rows[0].window == 7
