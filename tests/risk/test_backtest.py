import io
import json
import math
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from django.core.management import CommandError, call_command

from waspada.risk import backtest as bt
from waspada.risk.eventtable import read_event_table

ROOT = Path(__file__).resolve().parents[2]


def test_brier_by_hand():
    assert bt.brier_score([0.1, 0.9, 0.5], [0, 1, 1]) == pytest.approx(0.27 / 3)
    assert bt.brier_score([1, 0], [1, 0]) == 0.0


def test_average_precision_by_hand():
    # ranks: +, -, +, -  -> precision 1 at recall .5, 2/3 at recall 1
    assert bt.average_precision([0.9, 0.8, 0.7, 0.6], [1, 0, 1, 0]) == pytest.approx(5 / 6)
    # tied scores form one threshold: (.5 * .5) + (.5 * .5)
    assert bt.average_precision([1, 1, 0, 0], [1, 0, 1, 0]) == pytest.approx(0.5)
    assert bt.average_precision([1, 1, 0, 0], [1, 0, 0, 0]) == pytest.approx(0.5)
    assert bt.average_precision([0.2, 0.9], [1, 1]) == 1.0
    assert math.isnan(bt.average_precision([0.2, 0.9], [0, 0]))


def test_average_precision_agrees_with_scikit_learn():
    metrics = pytest.importorskip("sklearn.metrics")
    rng = np.random.default_rng(3)
    y = rng.random(500) < 0.1
    s = np.round(rng.random(500) + y * 0.3, 1)  # many ties
    assert bt.average_precision(s, y) == pytest.approx(metrics.average_precision_score(y, s))


def test_recall_at_k_by_hand():
    s = [[0.9, 0.1, 0.5], [0.2, 0.3, 0.1]]
    y = [[1, 1, 0], [0, 0, 1]]
    assert bt.recall_at_k(s, y, 1) == pytest.approx(1 / 3)
    assert bt.recall_at_k(s, y, 2) == pytest.approx(1 / 3)  # 0.9, 0.5 | 0.3, 0.2
    assert bt.recall_at_k(s, y, 3) == 1.0


def test_recall_at_k_splits_ties_evenly():
    # one clear top, then a three-way tie for the last slot holding one of the positives
    assert bt.recall_at_k([[1, 0, 0, 0]], [[0, 1, 0, 0]], 2) == pytest.approx(1 / 3)
    # a no-change forecast with nothing last period: all tied, k/U of the positives expected
    assert bt.recall_at_k([[0, 0, 0, 0]], [[1, 1, 0, 0]], 1) == pytest.approx(0.25)
    assert math.isnan(bt.recall_at_k([[0.3, 0.2]], [[0, 0]], 1))


def test_reliability_bins():
    rows = bt.reliability([0.05, 0.15, 0.12, 1.0], [0, 1, 0, 1])
    assert [(r["bin"], r["n"]) for r in rows] == [(0, 1), (1, 2), (9, 1)]
    assert rows[1]["mean_p"] == pytest.approx(0.135)
    assert rows[1]["observed"] == pytest.approx(0.5)


def test_run_backtest_keeps_tuning_before_evaluation(ucdp_csv):
    r = bt.run_backtest(read_event_table(ucdp_csv), "kabupaten", k=3, burn_in=12)
    assert r.tune_window[1] < r.eval_window[0]
    assert r.eval_window == ("2012-11", "2016-12")
    assert r.n_units == 12
    for m in bt.METHODS:
        assert set(r.results[m]) == {"brier", "aupr", "recall_at_k"}
    # the synthetic process is persistent: lagged counts carry signal
    assert r.results["model"]["brier"] < r.results["history"]["brier"]
    assert r.results["model"]["aupr"] > r.results["history"]["aupr"]


def test_an_evaluation_start_too_early_is_refused(ucdp_csv):
    with pytest.raises(ValueError, match="shorter than 12 periods"):
        bt.run_backtest(read_event_table(ucdp_csv), "admin2", eval_start="2011-06", burn_in=12)


def test_the_command_prints_one_json_object(acled_csv):
    out = io.StringIO()
    call_command(
        "backtest",
        str(acled_csv),
        unit="admin2",
        freq="month",
        k=3,
        json=True,
        burn_in=12,
        stdout=out,
    )
    data = json.loads(out.getvalue())
    assert list(data) == ["model", "no_change", "history"]
    for m in data.values():
        assert set(m) == {"brier", "aupr", "recall_at_k"}
        assert 0 <= m["brier"] <= 1 and 0 <= m["aupr"] <= 1 and 0 <= m["recall_at_k"] <= 1


def test_the_command_writes_a_report_with_a_reliability_plot(ucdp_csv, tmp_path):
    out = io.StringIO()
    call_command(
        "backtest", str(ucdp_csv), unit="provinsi", k=1, burn_in=12, out=str(tmp_path), stdout=out
    )
    report = (tmp_path / "report.md").read_text()
    assert "| no-change (last period) |" in report
    assert "![reliability](reliability.png)" in report
    png = (tmp_path / "reliability.png").read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) < 200_000
    metrics = json.loads((tmp_path / "metrics.json").read_text())
    assert metrics["evaluation"]["model"]["brier"] is not None
    assert "Brier" in out.getvalue()


def test_the_command_reports_bad_input(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("event_date,admin1\nnot a date,Aceh\n")
    with pytest.raises(CommandError, match="row 2: event_date"):
        call_command("backtest", str(bad), unit="provinsi", json=True)


@pytest.mark.slow
def test_python_m_waspada_backtest(acled_csv):
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "waspada",
            "backtest",
            str(acled_csv),
            "--unit",
            "kabupaten",
            "--freq",
            "month",
            "--k",
            "3",
            "--burn-in",
            "12",
            "--json",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert set(json.loads(proc.stdout)) == {"model", "no_change", "history"}
