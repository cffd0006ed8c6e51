"""Levels and their thresholds: read from the environment, checked loudly, applied by score."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from waspada.risk import config, scoring

ROOT = Path(__file__).resolve().parents[2]


def _settings_value(env: dict, expression: str):
    clean = {k: v for k, v in os.environ.items() if not k.startswith("WASPADA_RISK")}
    code = f"import django; django.setup(); from django.conf import settings; print({expression})"
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env={**clean, "DJANGO_SETTINGS_MODULE": "waspada.settings", **env},
    )


def test_thresholds_and_windows_come_from_the_environment():
    result = _settings_value(
        {"WASPADA_RISK_THRESHOLDS": "20,40,60", "WASPADA_RISK_WINDOWS": "14,60"},
        "settings.WASPADA_RISK_THRESHOLDS, settings.WASPADA_RISK_WINDOWS",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == (
        "(('waspada', 20.0), ('siaga', 40.0), ('awas', 60.0)) (14, 60)"
    )


@pytest.mark.parametrize("value", ["50,25,75", "25,50", "a,b,c", "25,50,150", "0,50,75"])
def test_bad_thresholds_stop_the_start(value):
    result = _settings_value({"WASPADA_RISK_THRESHOLDS": value}, "1")
    assert result.returncode != 0
    assert "WASPADA_RISK_" in result.stderr


def test_the_level_is_the_highest_threshold_reached():
    cfg = scoring.ScoreConfig(thresholds=config.parse_thresholds(["20", "40", "60"]))
    assert [cfg.level(s) for s in (0, 19.9, 20, 39.9, 40, 60, 100)] == [
        "normal",
        "normal",
        "waspada",
        "waspada",
        "siaga",
        "awas",
        "awas",
    ]


def test_a_short_window_narrows_the_recent_part_only():
    base = scoring.ScoreConfig()
    seven = config.config_for(7, base)
    assert (seven.recent_days, seven.escalation_days, seven.hate_days) == (7, 7, 7)
    assert seven.baseline_days == base.baseline_days
    assert seven.halflife_days < base.halflife_days
    assert config.config_for(90, base) is base
    assert config.parse_windows(["90", "7", "30", "7"]) == (7, 30, 90)
    with pytest.raises(ValueError):
        config.parse_windows(["0"])


def test_the_signal_is_documented():
    doc = (ROOT / "docs/risk/levels.md").read_text()
    for word in (
        "risk_level_changed",
        "area",
        "source",
        "old",
        "new",
        "score",
        "change_ids",
        "WASPADA_RISK_THRESHOLDS",
        "waspada/pipeline.py",
        "evaluate_risk_changes",
    ):
        assert word in doc
