"""Forecast incidents per area and period: P(at least one) and the expected count.

Pure Python + numpy (no Django).

- ``build_panel`` turns an event table into counts per unit (admin level) and month.
- ``features`` computes, for every unit and every period t, lagged features that use only the
  counts of periods before t: last period, exponentially decayed history (half-lives 2, 6 and 24
  months), months since the last event, the long-run mean, the parent area's and the nation's
  activity (the unit itself left out), decayed deaths, and the calendar month.
- ``IncidentModel`` is an L2-regularised logistic regression for P(count >= 1) and a Poisson
  regression for the expected count on those features, fitted on the unit-periods before the
  forecast origin (optionally weighting recent periods more), by Newton's method in numpy:
  deterministic, and a few milliseconds per fit.
- Two baselines: ``no_change`` (what happened last period happens again) and ``history`` (the
  unit's mean rate so far, negative binomial with a dispersion pooled over units).
- ``select_config`` picks the features, regularisation and training weights by rolling-origin
  validation on a window of periods that the caller keeps apart from the evaluation.

Every forecast for period t is a function of the counts before t only (tested): the model used
at t is refitted at the last calendar month m <= t with m % refit_every == 0 (January each year
by default) on targets before m, and its features at t read periods before t.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

import numpy as np

from .eventtable import Event, EventTable, unit_level

FEATURE_GROUPS: dict[str, tuple[str, ...]] = {
    "own": ("last", "ew2", "ew6", "ew24", "since", "ever", "mean"),
    "parent": ("parent_last", "parent_ew6"),
    "national": ("nat_last", "nat_ew6"),
    "fatal": ("fat_ew6",),
    "season": ("month_sin", "month_cos"),
}
FEATURE_NAMES: tuple[str, ...] = tuple(n for g in FEATURE_GROUPS.values() for n in g)
SINCE_CAP = 120  # months: "never" and "ten years or more" look alike
FREQS = ("month",)


def month_index(year: int, month: int) -> int:
    return year * 12 + (month - 1)


def month_label(index: int) -> str:
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def parse_month(label: str) -> int:
    try:
        y, m = label.strip().split("-")[:2]
        year, month = int(y), int(m)
        if not 1 <= month <= 12:
            raise ValueError
    except ValueError:
        raise ValueError(f"not a month (YYYY-MM): {label!r}") from None
    return month_index(year, month)


@dataclass
class Panel:
    """Counts per unit and month. Period i is calendar month ``start + i``."""

    level: int
    units: list[str]
    start: int
    counts: np.ndarray  # (U, T) events located at the unit level
    deaths: np.ndarray  # (U, T)
    parent_index: np.ndarray  # (U,) row of parent_counts
    parent_counts: np.ndarray  # (G, T) all events in the parent area (incl. unlocated below)
    national: np.ndarray  # (T,) all events in the table
    dropped: int = 0  # events not located at the unit level
    notes: list[str] = field(default_factory=list)

    @property
    def n_periods(self) -> int:
        return self.counts.shape[1]

    def label(self, period: int) -> str:
        return month_label(self.start + period)

    def period_of(self, label: str) -> int:
        return parse_month(label) - self.start


def build_panel(
    events: EventTable | Iterable[Event],
    unit: str | int = "admin2",
    freq: str = "month",
    units: Sequence[str] | None = None,
    start: str | None = None,
    end: str | None = None,
) -> Panel:
    """Unit x month counts. ``units`` fixes the set of areas (a gazetteer); by default every unit
    named in the table. ``start``/``end`` (YYYY-MM) default to the first and last event month."""
    if freq not in FREQS:
        raise ValueError(f"unsupported freq {freq!r}: use one of {', '.join(FREQS)}")
    level = unit_level(unit)
    evs = list(events.events if isinstance(events, EventTable) else events)
    if not evs:
        raise ValueError("no events")
    months = [month_index(e.date.year, e.date.month) for e in evs]
    m0 = parse_month(start) if start else min(months)
    m1 = parse_month(end) if end else max(months)
    if m1 < m0:
        raise ValueError("end before start")
    n_t = m1 - m0 + 1
    names = sorted({u for e in evs if (u := e.unit(level))}) if units is None else list(units)
    if not names:
        raise ValueError(f"no event is located at admin level {level}")
    row = {u: i for i, u in enumerate(names)}
    parents = [""] if level == 1 else sorted({p for e in evs if (p := e.unit(level - 1))})
    prow = {p: i for i, p in enumerate(parents)}
    counts = np.zeros((len(names), n_t), dtype=np.int64)
    deaths = np.zeros((len(names), n_t), dtype=np.int64)
    pcounts = np.zeros((len(parents), n_t), dtype=np.int64)
    national = np.zeros(n_t, dtype=np.int64)
    dropped = 0
    for e, m in zip(evs, months, strict=True):
        t = m - m0
        if not 0 <= t < n_t:
            continue
        national[t] += 1
        if level > 1:
            p = e.unit(level - 1)
            if p in prow:
                pcounts[prow[p], t] += 1
        u = e.unit(level)
        if u is None or u not in row:
            dropped += 1
            continue
        counts[row[u], t] += 1
        deaths[row[u], t] += max(e.fatalities, 0)
    if level == 1:
        pcounts[0] = national
        pindex = np.zeros(len(names), dtype=np.int64)
    else:
        pindex = np.array([prow.get(_parent_of_name(u), 0) for u in names], dtype=np.int64)
        # a unit whose parent is unknown (e.g. a gazetteer entry) gets the nation as parent
        missing = [i for i, u in enumerate(names) if _parent_of_name(u) not in prow]
        if missing:
            pcounts = np.vstack([pcounts, national[None, :]])
            pindex[missing] = len(pcounts) - 1
    notes = []
    if dropped:
        notes.append(
            f"{dropped} event(s) not located at admin level {level} (counted in their parent)"
        )
    return Panel(level, names, m0, counts, deaths, pindex, pcounts, national, dropped, notes)


def _parent_of_name(unit: str) -> str:
    if " / " in unit:
        return unit.rsplit(" / ", 1)[0]
    if "." in unit:
        return unit.rsplit(".", 1)[0]
    return ""


def _decayed(counts: np.ndarray, halflife: float) -> np.ndarray:
    """E[..., t] = sum_{s<t} counts[..., s] * 0.5 ** ((t-1-s)/halflife); shape (..., T+1)."""
    d = 0.5 ** (1.0 / halflife)
    out = np.zeros((*counts.shape[:-1], counts.shape[-1] + 1))
    for t in range(1, out.shape[-1]):
        out[..., t] = d * out[..., t - 1] + counts[..., t - 1]
    return out


def _lagged(counts: np.ndarray) -> np.ndarray:
    out = np.zeros((*counts.shape[:-1], counts.shape[-1] + 1))
    out[..., 1:] = counts
    return out


def features(panel: Panel) -> np.ndarray:
    """(U, T+1, F) array: row [u, t] describes unit u at origin t (forecasting period t) from
    periods before t only; t = T is the period after the data. Columns: FEATURE_NAMES."""
    c = panel.counts.astype(float)
    n_u, n_t = c.shape
    last = _lagged(c)
    ew2, ew6, ew24 = (_decayed(c, h) for h in (2.0, 6.0, 24.0))
    since = np.full((n_u, n_t + 1), float(SINCE_CAP))
    for t in range(1, n_t + 1):
        since[:, t] = np.where(c[:, t - 1] > 0, 1.0, np.minimum(since[:, t - 1] + 1, SINCE_CAP))
    ever = (np.cumsum(_lagged(c), axis=1) > 0).astype(float)
    elapsed = np.arange(n_t + 1, dtype=float)
    mean = np.cumsum(_lagged(c), axis=1) / np.maximum(elapsed, 1.0)
    p = panel.parent_counts.astype(float)[panel.parent_index]
    parent_last = np.maximum(_lagged(p) - last, 0.0)
    parent_ew6 = np.maximum(_decayed(p, 6.0) - ew6, 0.0)
    nat = panel.national.astype(float)
    own_parent = panel.parent_counts.astype(float)[panel.parent_index] if panel.level > 1 else c
    nat_last = np.maximum(_lagged(nat)[None, :] - _lagged(own_parent), 0.0)
    nat_ew6 = np.maximum(_decayed(nat, 6.0)[None, :] - _decayed(own_parent, 6.0), 0.0)
    fat = _decayed(panel.deaths.astype(float), 6.0)
    month = (panel.start + np.arange(n_t + 1)) % 12
    ang = 2 * np.pi * month / 12.0
    msin = np.broadcast_to(np.sin(ang), (n_u, n_t + 1))
    mcos = np.broadcast_to(np.cos(ang), (n_u, n_t + 1))
    cols = {
        "last": np.log1p(last),
        "ew2": np.log1p(ew2),
        "ew6": np.log1p(ew6),
        "ew24": np.log1p(ew24),
        "since": np.log1p(since),
        "ever": ever,
        "mean": np.log1p(mean),
        "parent_last": np.log1p(parent_last),
        "parent_ew6": np.log1p(parent_ew6),
        "nat_last": np.log1p(nat_last),
        "nat_ew6": np.log1p(nat_ew6),
        "fat_ew6": np.log1p(fat),
        "month_sin": msin,
        "month_cos": mcos,
    }
    return np.stack([cols[n] for n in FEATURE_NAMES], axis=-1)


@dataclass(frozen=True)
class ModelConfig:
    """What the model sees and how hard it is regularised."""

    groups: tuple[str, ...] = ("own", "parent", "national")
    C: float = 0.1  # inverse L2 strength (scikit-learn's convention)
    train_halflife: float | None = None  # months; weight of older training periods halves
    min_train: int = 6  # first target period used for training (features need some history)

    def columns(self) -> list[int]:
        wanted = {n for g in self.groups for n in FEATURE_GROUPS[g]}
        return [i for i, n in enumerate(FEATURE_NAMES) if n in wanted]

    def describe(self) -> str:
        hl = "none" if self.train_halflife is None else f"{self.train_halflife:g} months"
        return f"features={'+'.join(self.groups)}, C={self.C:g}, recency weighting half-life={hl}"


DEFAULT_GRID: tuple[ModelConfig, ...] = tuple(
    ModelConfig(groups=g, C=c, train_halflife=h)
    for g in (
        ("own",),
        ("own", "parent"),
        ("own", "parent", "national"),
        ("own", "parent", "national", "fatal"),
        ("own", "parent", "national", "season"),
    )
    for c in (0.01, 0.1, 1.0)
    for h in (None, 36.0)
)


def fit_glm(
    Z: np.ndarray, y: np.ndarray, w: np.ndarray, lam: float, family: str, max_iter: int = 100
) -> np.ndarray:
    """Penalised GLM by Newton's method with step halving: minimises
    sum(w * nll(y | Z, beta)) + lam/2 * |beta[1:]|^2 (intercept beta[0] not penalised).
    ``family`` is "logistic" (y in {0, 1}) or "poisson" (log link). Deterministic."""
    n, f = Z.shape
    A = np.hstack([np.ones((n, 1)), Z])
    beta = np.zeros(f + 1)
    ybar = float(np.sum(w * y) / np.sum(w))
    if family == "logistic":
        ybar = min(max(ybar, 1e-6), 1 - 1e-6)
        beta[0] = math.log(ybar / (1 - ybar))
    else:
        beta[0] = math.log(max(ybar, 1e-9))
    pen = np.full(f + 1, lam)
    pen[0] = 0.0

    def objective(b):
        eta = A @ b
        if family == "logistic":
            nll = np.logaddexp(0.0, eta) - y * eta
        else:
            nll = np.exp(np.minimum(eta, 50.0)) - y * eta
        return float(np.sum(w * nll) + 0.5 * np.sum(pen * b * b))

    obj = objective(beta)
    for _ in range(max_iter):
        eta = A @ beta
        if family == "logistic":
            mu = 0.5 * (1.0 + np.tanh(0.5 * eta))  # the logistic function, overflow-free
            h = mu * (1.0 - mu)
        else:
            mu = np.exp(np.minimum(eta, 50.0))
            h = mu
        grad = A.T @ (w * (mu - y)) + pen * beta
        hess = (A * (w * h)[:, None]).T @ A + np.diag(pen) + 1e-10 * np.eye(f + 1)
        step = np.linalg.solve(hess, grad)
        t = 1.0
        while t > 1e-6:
            cand = beta - t * step
            new = objective(cand)
            if new <= obj + 1e-12 * max(abs(obj), 1.0):
                break
            t *= 0.5
        else:
            break
        converged = np.max(np.abs(cand - beta)) < 1e-8 or obj - new < 1e-10 * max(abs(obj), 1.0)
        beta, obj = cand, new
        if converged:
            break
    return beta


class IncidentModel:
    """Logistic P(count >= 1) and Poisson E[count] on lagged features, fitted before an origin."""

    def __init__(self, config: ModelConfig | None = None):
        self.config = config or ModelConfig()
        self._cols = self.config.columns()
        self._mean = self._scale = None
        self._beta_p = self._beta_mu = None
        self._const_p = self._const_mu = None

    def fit(self, X: np.ndarray, counts: np.ndarray, until: int) -> IncidentModel:
        """Train on target periods [min_train, until) of ``counts`` with features ``X[:, s]``."""
        first = min(self.config.min_train, max(until - 1, 0))
        periods = np.arange(first, until)
        if len(periods) == 0:
            self._const_p, self._const_mu = 0.0, 0.0
            return self
        Xs = X[:, periods][..., self._cols].reshape(-1, len(self._cols))
        y = counts[:, periods].reshape(-1).astype(float)
        if self.config.train_halflife:
            age = (until - 1 - periods).astype(float)
            w_t = 0.5 ** (age / self.config.train_halflife)
        else:
            w_t = np.ones(len(periods))
        w = np.broadcast_to(w_t[None, :], (counts.shape[0], len(periods))).reshape(-1)
        pos = (y > 0).astype(float)
        if pos.all() or not pos.any():
            # one class only: a (smoothed) constant
            self._const_p = float((np.sum(w * pos) + 0.5) / (np.sum(w) + 1.0))
            self._const_mu = float(np.sum(w * y) / np.sum(w))
            return self
        self._const_p = self._const_mu = None
        self._mean = Xs.mean(axis=0)
        self._scale = Xs.std(axis=0)
        self._scale[self._scale == 0] = 1.0
        Z = (Xs - self._mean) / self._scale
        lam = 1.0 / self.config.C
        self._beta_p = fit_glm(Z, pos, w, lam, "logistic")
        self._beta_mu = fit_glm(Z, y, w, lam, "poisson")
        return self

    def predict(self, X_t: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(P(count >= 1), expected count) for feature rows ``X_t`` (U, F)."""
        n = X_t.shape[0]
        if self._const_p is not None:
            return np.full(n, self._const_p), np.full(n, self._const_mu)
        Z = (X_t[:, self._cols] - self._mean) / self._scale
        p = 0.5 * (1.0 + np.tanh(0.5 * (self._beta_p[0] + Z @ self._beta_p[1:])))
        mu = np.exp(np.minimum(self._beta_mu[0] + Z @ self._beta_mu[1:], 50.0))
        return p, np.maximum(mu, p)  # E[count] >= P(count >= 1)


@dataclass
class Forecasts:
    """Forecasts for target periods ``periods`` (rows) and every unit (columns)."""

    periods: np.ndarray
    p: np.ndarray  # (n_periods, U)
    mu: np.ndarray  # (n_periods, U)


def _refit_anchor(panel: Panel, t: int, refit_every: int) -> int:
    """The period at which the model used for target t was fitted (<= t)."""
    absolute = panel.start + t
    return t - (absolute % refit_every)


def model_forecasts(
    panel: Panel,
    periods: Sequence[int],
    config: ModelConfig | None = None,
    refit_every: int = 12,
    X: np.ndarray | None = None,
) -> Forecasts:
    """Rolling-origin forecasts of the model for each target period (0 < t <= T)."""
    config = config or ModelConfig()
    X = features(panel) if X is None else X
    periods = np.asarray(sorted(periods), dtype=int)
    ps, mus = [], []
    fitted: dict[int, IncidentModel] = {}
    for t in periods:
        anchor = max(_refit_anchor(panel, int(t), refit_every), 1)
        model = fitted.get(anchor)
        if model is None:
            fitted.clear()
            model = fitted[anchor] = IncidentModel(config).fit(X, panel.counts, anchor)
        p, mu = model.predict(X[:, t])
        ps.append(p)
        mus.append(mu)
    return Forecasts(periods, np.array(ps), np.array(mus))


def no_change_forecasts(panel: Panel, periods: Sequence[int]) -> Forecasts:
    """Last period repeats: P = 1 if there was an event in t-1 else 0; E[count] = count(t-1)."""
    periods = np.asarray(sorted(periods), dtype=int)
    last = _lagged(panel.counts.astype(float))[:, periods].T
    return Forecasts(periods, (last > 0).astype(float), last)


def history_forecasts(panel: Panel, periods: Sequence[int]) -> Forecasts:
    """History only: each unit's mean count over all periods before t (shrunk towards the mean
    over units by one pseudo-period), negative binomial with a dispersion k pooled over units by
    the method of moments: P(count >= 1) = 1 - (1 + mu/k) ** -k."""
    periods = np.asarray(sorted(periods), dtype=int)
    c = panel.counts.astype(float)
    s1 = np.cumsum(_lagged(c), axis=1)
    s2 = np.cumsum(_lagged(c**2), axis=1)
    ps, mus = [], []
    for t in periods:
        n = max(int(t), 1)
        m = s1[:, t] / n
        v = np.maximum(s2[:, t] / n - m**2, 0.0)
        g = float(m.mean())
        mu = (s1[:, t] + g) / (n + 1)
        excess = float(np.sum(v - m))
        k = float(np.sum(m**2) / excess) if excess > 0 and np.sum(m**2) > 0 else math.inf
        p = 1.0 - np.exp(-mu) if math.isinf(k) else 1.0 - (1.0 + mu / k) ** (-k)
        ps.append(p)
        mus.append(mu)
    return Forecasts(periods, np.array(ps), np.array(mus))


def next_period(panel: Panel, config: ModelConfig | None = None) -> Forecasts:
    """The forecast for the month after the data, from a model fitted on all of it."""
    X = features(panel)
    t = panel.n_periods
    model = IncidentModel(config).fit(X, panel.counts, t)
    p, mu = model.predict(X[:, t])
    return Forecasts(np.array([t]), p[None, :], mu[None, :])


def forecast_next_period(
    panel: Panel,
    tune_periods: int = 36,
    grid: Sequence[ModelConfig] = DEFAULT_GRID,
    refit_every: int = 12,
) -> tuple[Forecasts, ModelConfig]:
    """For live use: choose the config on the last ``tune_periods`` periods (rolling origin),
    then forecast the period after the data from a model fitted on all of it."""
    first = max(1, panel.n_periods - tune_periods)
    periods = list(range(first, panel.n_periods))
    config, _ = select_config(panel, periods, grid, refit_every) if periods else (ModelConfig(), [])
    return next_period(panel, config), config


def brier(p: np.ndarray, y: np.ndarray) -> float:
    p, y = np.asarray(p, float).ravel(), np.asarray(y, float).ravel()
    return float(np.mean((p - y) ** 2)) if len(p) else math.nan


def select_config(
    panel: Panel,
    periods: Sequence[int],
    grid: Sequence[ModelConfig] = DEFAULT_GRID,
    refit_every: int = 12,
) -> tuple[ModelConfig, list[tuple[ModelConfig, float]]]:
    """The config with the lowest Brier score over rolling-origin forecasts of ``periods``
    (which must lie before any evaluation window). Ties go to the earlier (simpler) config."""
    if not len(periods):
        raise ValueError("no tuning periods: the table is too short before the evaluation window")
    X = features(panel)
    y = (panel.counts[:, np.asarray(periods)] > 0).T
    scored = []
    for cfg in grid:
        f = model_forecasts(panel, periods, cfg, refit_every, X=X)
        scored.append((cfg, brier(f.p, y)))
    best = min(range(len(scored)), key=lambda i: (scored[i][1], i))
    return scored[best][0], scored


def with_min_train(config: ModelConfig, min_train: int) -> ModelConfig:
    return replace(config, min_train=min_train)
