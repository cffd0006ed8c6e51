"""The score configuration from settings (pure: no model imports, so settings may use it)."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from django.utils import timezone

from .scoring import LEVELS, ScoreConfig


def parse_thresholds(values) -> tuple[tuple[str, float], ...]:
    """``["25", "50", "75"]`` (waspada, siaga, awas) -> (("waspada", 25.0), ...); loud on error."""
    try:
        numbers = [float(v) for v in values]
    except (TypeError, ValueError):
        raise ValueError(f"risk thresholds must be numbers, got {values!r}") from None
    if len(numbers) != 3:
        raise ValueError(f"three risk thresholds (waspada, siaga, awas), got {values!r}")
    if not 0 < numbers[0] < numbers[1] < numbers[2] <= 100:
        raise ValueError(f"risk thresholds must rise strictly within 0-100, got {values!r}")
    return tuple(zip(LEVELS[1:], numbers, strict=True))


def parse_windows(values) -> tuple[int, ...]:
    try:
        windows = sorted({int(v) for v in values})
    except (TypeError, ValueError):
        raise ValueError(f"risk windows must be whole days, got {values!r}") from None
    if not windows or windows[0] < 1 or windows[-1] > 365:
        raise ValueError(f"risk windows must lie in 1-365 days, got {values!r}")
    return tuple(windows)


def today() -> dt.date:
    """The day the scores are for (tests fix it)."""
    return timezone.localdate()


def base_config() -> ScoreConfig:
    from django.conf import settings

    return ScoreConfig(thresholds=tuple(settings.WASPADA_RISK_THRESHOLDS))


def windows() -> tuple[int, ...]:
    from django.conf import settings

    return tuple(settings.WASPADA_RISK_WINDOWS)


def headline_window() -> int:
    """The window whose levels count (level changes, alerts, dashboard): the longest."""
    return windows()[-1]


def config_for(window: int, base: ScoreConfig | None = None) -> ScoreConfig:
    """The base config narrowed to the last ``window`` days: the events and hate-speech windows
    and the half-life shrink with it; the baseline for escalation stays the same."""
    base = base or base_config()
    if window >= base.recent_days:
        return base
    return replace(
        base,
        recent_days=window,
        halflife_days=base.halflife_days * window / base.recent_days,
        escalation_days=min(base.escalation_days, window),
        hate_days=min(base.hate_days, window),
        hate_halflife_days=min(base.hate_halflife_days, base.hate_halflife_days * window / 30),
    )
