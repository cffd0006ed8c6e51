"""The backtest on the UCDP GED table in ../shared/data; skipped where it is absent."""

import os
from pathlib import Path

import pytest

from waspada.risk import backtest as bt
from waspada.risk.eventtable import read_event_table


def _ucdp() -> Path | None:
    env = os.environ.get("WASPADA_SHARED_DATA")
    cands = [Path(env)] if env else []
    cands += [p / "shared" / "data" for p in Path(__file__).resolve().parents]
    for c in cands:
        f = c / "events" / "conflict_data_idn.csv"
        if f.is_file():
            return f
    return None


UCDP = _ucdp()
pytestmark = [
    pytest.mark.skipif(UCDP is None, reason="shared data not present"),
    pytest.mark.slow,
]


@pytest.fixture(scope="module")
def table():
    return read_event_table(UCDP)


def test_it_reads_all_1734_events(table):
    assert table.shape == "ucdp"
    assert len(table) == 1734


@pytest.mark.parametrize("unit", ["kabupaten", "provinsi"])
def test_the_model_beats_both_baselines(table, unit):
    r = bt.run_backtest(table, unit, k=10)
    m, nc, h = (r.results[x] for x in bt.METHODS)
    assert m["brier"] < min(nc["brier"], h["brier"])
    assert m["aupr"] > max(nc["aupr"], h["aupr"])
