"""Rolling-origin backtest of the incident forecast against two baselines.

Pure Python + numpy (matplotlib for the plot); no Django.

The periods of the panel are split in three, in time order:

1. burn-in: the first ``burn_in`` periods (24 months) are only history, never a target;
2. tuning window: targets from the end of the burn-in up to ``eval_start``; the model's features,
   regularisation and training weights are chosen here (``forecast.select_config``), each
   candidate forecasting every period from the data before it;
3. evaluation window: from ``eval_start`` to the last period. The chosen model and both
   baselines forecast each period from the data before it (the model refitted every January)
   and the figures below are computed over these periods only.

``eval_start`` defaults to the month of the median event, so that both windows hold about half
of the events; it can be given (``--eval-start YYYY-MM``).

Metrics, over all unit-periods of a window pooled:
- Brier score: mean of (p - y)^2, y = 1 when the unit had at least one event in the period;
- AUPR: average precision, sum over thresholds of (R_n - R_{n-1}) * P_n, ties in score taken as
  one threshold (as scikit-learn's ``average_precision_score``);
- recall at k: each period the k units with the highest probability are "alerted"; the share
  of all unit-periods with an event that were alerted. Ties at the k-th place are split
  evenly (the expected recall if ties were broken at random), so the no-change baseline's many
  zeros neither gain nor lose by the order of the units.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from . import forecast as fc
from .eventtable import EventTable

METHODS = ("model", "no_change", "history")
LABELS = {
    "model": "model (logistic, lagged features)",
    "no_change": "no-change (last period)",
    "history": "history only (negative binomial)",
}


def brier_score(p, y) -> float:
    p = np.asarray(p, dtype=float).ravel()
    y = np.asarray(y, dtype=float).ravel()
    if not len(p):
        return math.nan
    return float(np.mean((p - y) ** 2))


def average_precision(scores, y) -> float:
    """Area under the precision-recall curve as average precision; NaN without positives."""
    s = np.asarray(scores, dtype=float).ravel()
    y = np.asarray(y, dtype=float).ravel() > 0
    n_pos = int(y.sum())
    if n_pos == 0:
        return math.nan
    order = np.argsort(-s, kind="stable")
    s, y = s[order], y[order]
    tp = np.cumsum(y)
    # the last index of each run of equal scores is a threshold
    ends = np.r_[np.nonzero(np.diff(s))[0], len(s) - 1]
    tp_at = tp[ends].astype(float)
    precision = tp_at / (ends + 1)
    recall = tp_at / n_pos
    return float(np.sum(np.diff(np.r_[0.0, recall]) * precision))


def recall_at_k(scores, y, k: int) -> float:
    """Pooled recall with a budget of k alerts per period: rows are periods, columns units."""
    s = np.atleast_2d(np.asarray(scores, dtype=float))
    y = np.atleast_2d(np.asarray(y, dtype=float)) > 0
    hits, positives = _hits_at_k(s, y, k)
    return float(hits / positives) if positives else math.nan


def _hits_at_k(s: np.ndarray, y: np.ndarray, k: int) -> tuple[float, int]:
    hits = 0.0
    positives = int(y.sum())
    for row, obs in zip(s, y, strict=True):
        if not obs.any():
            continue
        if k >= len(row):
            hits += obs.sum()
            continue
        kth = np.sort(row)[::-1][k - 1]
        above = row > kth
        tied = row == kth
        slots = k - int(above.sum())
        hits += obs[above].sum() + slots * obs[tied].sum() / tied.sum()
    return hits, positives


def reliability(p, y, bins: int = 10) -> list[dict]:
    """Equal-width bins of predicted probability: mean forecast, observed frequency, count."""
    p = np.asarray(p, dtype=float).ravel()
    y = np.asarray(y, dtype=float).ravel() > 0
    idx = np.minimum((p * bins).astype(int), bins - 1)
    out = []
    for b in range(bins):
        m = idx == b
        n = int(m.sum())
        if n:
            out.append(
                {
                    "bin": b,
                    "lo": b / bins,
                    "hi": (b + 1) / bins,
                    "n": n,
                    "mean_p": float(p[m].mean()),
                    "observed": float(y[m].mean()),
                }
            )
    return out


def metrics(p, y, k: int) -> dict:
    return {
        "brier": brier_score(p, y),
        "aupr": average_precision(p, y),
        "recall_at_k": recall_at_k(p, y, k),
    }


@dataclass
class BacktestResult:
    unit: str
    freq: str
    k: int
    source: str
    shape: str
    n_units: int
    n_events: int
    dropped: int
    first_period: str
    last_period: str
    tune_window: tuple[str, str]
    eval_window: tuple[str, str]
    refit_every: int
    config: fc.ModelConfig
    selection: list[tuple[str, float]]
    results: dict[str, dict]  # evaluation window, per method
    tune_results: dict[str, dict]  # tuning window, per method (the model as selected)
    extra: dict[str, dict]  # evaluation window: log loss, count errors, positives ...
    reliability: dict[str, list[dict]]
    next_forecast: list[dict] = field(default_factory=list)
    _reliability_data: dict = field(default_factory=dict, repr=False)

    def as_json(self) -> dict:
        """``{"model": {...}, "no_change": {...}, "history": {...}}``, each with brier, aupr
        and recall_at_k (NaN as null)."""
        return {m: {k: _num(v) for k, v in self.results[m].items()} for m in METHODS}


def _num(v: float):
    return None if v is None or (isinstance(v, float) and math.isnan(v)) else round(float(v), 6)


def _log_loss(p, y) -> float:
    p = np.clip(np.asarray(p, float).ravel(), 1e-6, 1 - 1e-6)
    y = np.asarray(y, float).ravel()
    return float(-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))


def run_backtest(
    table: EventTable,
    unit: str = "admin2",
    freq: str = "month",
    k: int = 10,
    eval_start: str | None = None,
    burn_in: int = 24,
    refit_every: int = 12,
    grid=fc.DEFAULT_GRID,
    units=None,
) -> BacktestResult:
    if k < 1:
        raise ValueError("k must be at least 1")
    panel = fc.build_panel(table, unit, freq, units=units)
    n_t = panel.n_periods
    if eval_start:
        e0 = panel.period_of(eval_start)
    else:
        months = sorted(fc.month_index(e.date.year, e.date.month) for e in table.events)
        e0 = months[(len(months) - 1) // 2] - panel.start
    if burn_in < 1:
        raise ValueError("burn_in must be at least 1")
    if e0 - burn_in < 12:
        raise ValueError(
            f"the tuning window ({panel.label(burn_in)} to the evaluation start "
            f"{panel.label(e0)}) is shorter than 12 periods: give an earlier table or a later "
            "--eval-start"
        )
    if e0 >= n_t:
        raise ValueError(f"evaluation start {panel.label(e0)} is after the last period")
    tune = np.arange(burn_in, e0)
    evaluate = np.arange(e0, n_t)
    grid = [fc.with_min_train(g, min(g.min_train, burn_in)) for g in grid]
    best, scored = fc.select_config(panel, tune, grid, refit_every)
    X = fc.features(panel)
    out, tune_out, extra, rel, rel_data = {}, {}, {}, {}, {}
    for window, periods, sink in (("tune", tune, tune_out), ("eval", evaluate, out)):
        y_counts = panel.counts[:, periods].T
        y = (y_counts > 0).astype(float)
        fcs = {
            "model": fc.model_forecasts(panel, periods, best, refit_every, X=X),
            "no_change": fc.no_change_forecasts(panel, periods),
            "history": fc.history_forecasts(panel, periods),
        }
        for name, f in fcs.items():
            sink[name] = metrics(f.p, y, k)
            if window == "eval":
                extra[name] = {
                    "log_loss": _log_loss(f.p, y),
                    "count_mae": float(np.mean(np.abs(f.mu - y_counts))),
                    "count_rmse": float(np.sqrt(np.mean((f.mu - y_counts) ** 2))),
                    "mean_p": float(np.mean(f.p)),
                }
                rel[name] = reliability(f.p, y)
                rel_data[name] = (f.p, y)
        if window == "eval":
            extra["observed"] = {
                "unit_periods": int(y.size),
                "positives": int(y.sum()),
                "events": int(y_counts.sum()),
                "base_rate": float(y.mean()),
            }
    nxt = fc.next_period(panel, best)
    order = np.argsort(-nxt.p[0], kind="stable")[:k]
    next_rows = [
        {"unit": panel.units[i], "p": float(nxt.p[0, i]), "expected": float(nxt.mu[0, i])}
        for i in order
    ]
    return BacktestResult(
        unit=unit,
        freq=freq,
        k=k,
        source=table.source,
        shape=table.shape,
        n_units=len(panel.units),
        n_events=len(table.events),
        dropped=panel.dropped,
        first_period=panel.label(0),
        last_period=panel.label(n_t - 1),
        tune_window=(panel.label(int(tune[0])), panel.label(int(tune[-1]))),
        eval_window=(panel.label(int(evaluate[0])), panel.label(int(evaluate[-1]))),
        refit_every=refit_every,
        config=best,
        selection=[(c.describe(), b) for c, b in scored],
        results=out,
        tune_results=tune_out,
        extra=extra,
        reliability=rel,
        next_forecast=next_rows,
        _reliability_data=rel_data,
    )


def plot_reliability(result: BacktestResult, path: str | Path, bins: int = 10) -> Path:
    """Reliability diagram (observed frequency against forecast) for the three methods, with
    the number of forecasts per bin below; a small PNG."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    path = Path(path)
    fig, (ax, axn) = plt.subplots(
        2, 1, figsize=(5.2, 5.6), dpi=80, sharex=True, gridspec_kw={"height_ratios": [3, 1]}
    )
    ax.plot([0, 1], [0, 1], color="0.6", lw=1, ls="--", label="perfect")
    styles = {"model": ("C0", "o"), "no_change": ("C3", "s"), "history": ("C2", "^")}
    width = 1.0 / bins / 3.2
    for j, name in enumerate(METHODS):
        rows = result.reliability[name]
        color, marker = styles[name]
        ax.plot(
            [r["mean_p"] for r in rows],
            [r["observed"] for r in rows],
            marker=marker,
            color=color,
            lw=1.2,
            ms=4,
            label=LABELS[name],
        )
        centers = np.array([(r["lo"] + r["hi"]) / 2 for r in rows]) + (j - 1) * width
        axn.bar(centers, [r["n"] for r in rows], width=width, color=color)
    ax.set_ylabel("observed frequency")
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    ax.legend(loc="upper left", fontsize=7, frameon=False)
    ax.set_title(
        f"Reliability, {result.unit} x {result.freq}, {result.eval_window[0]} to "
        f"{result.eval_window[1]}",
        fontsize=9,
    )
    axn.set_yscale("log")
    axn.set_xlabel("forecast probability of at least one event")
    axn.set_ylabel("forecasts", fontsize=8)
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=80)
    plt.close(fig)
    return path


def _fmt(v) -> str:
    return "n/a" if v is None or (isinstance(v, float) and math.isnan(v)) else f"{v:.4f}"


def report_markdown(result: BacktestResult, image: str = "reliability.png") -> str:
    r = result
    lines = [
        f"# Backtest: {r.unit} x {r.freq}",
        "",
        f"- Table: `{Path(r.source).name or '-'}` ({r.shape} shape), {r.n_events} events; "
        f"{r.n_units} units; {r.dropped} events not located at this level (they count in "
        "their parent's activity only).",
        f"- Periods: {r.first_period} to {r.last_period}. Tuning window (model selection): "
        f"{r.tune_window[0]} to {r.tune_window[1]}. Evaluation window: {r.eval_window[0]} to "
        f"{r.eval_window[1]}.",
        f"- Evaluation: {r.extra['observed']['unit_periods']} unit-periods, "
        f"{r.extra['observed']['positives']} with at least one event "
        f"(base rate {r.extra['observed']['base_rate']:.4f}); alert budget k = {r.k} per period.",
        f"- Chosen on the tuning window: {r.config.describe()}; refitted every "
        f"{r.refit_every} month(s) on all data before the refit month.",
        "",
        "## Evaluation window",
        "",
        f"| method | Brier | AUPR | recall@{r.k} | log loss | count RMSE | count MAE | mean p |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for m in METHODS:
        a, e = r.results[m], r.extra[m]
        lines.append(
            f"| {LABELS[m]} | {_fmt(a['brier'])} | {_fmt(a['aupr'])} | {_fmt(a['recall_at_k'])} "
            f"| {_fmt(e['log_loss'])} | {_fmt(e['count_rmse'])} | {_fmt(e['count_mae'])} "
            f"| {_fmt(e['mean_p'])} |"
        )
    lines += [
        "",
        "## Tuning window (for reference: the model was chosen here)",
        "",
        f"| method | Brier | AUPR | recall@{r.k} |",
        "|---|---|---|---|",
    ]
    for m in METHODS:
        a = r.tune_results[m]
        lines.append(
            f"| {LABELS[m]} | {_fmt(a['brier'])} | {_fmt(a['aupr'])} | {_fmt(a['recall_at_k'])} |"
        )
    lines += ["", f"![reliability]({image})", "", "## Reliability (evaluation window)", ""]
    lines += ["| method | bin | forecasts | mean forecast | observed |", "|---|---|---|---|---|"]
    for m in METHODS:
        for row in r.reliability[m]:
            lines.append(
                f"| {m} | {row['lo']:.1f}-{row['hi']:.1f} | {row['n']} | {row['mean_p']:.3f} "
                f"| {row['observed']:.3f} |"
            )
    lines += ["", "## Candidates on the tuning window (Brier, lower is better)", ""]
    lines += ["| candidate | Brier |", "|---|---|"]
    lines += [f"| {d} | {b:.5f} |" for d, b in sorted(r.selection, key=lambda x: x[1])]
    lines += ["", f"## Forecast for the month after the data (top {r.k})", ""]
    lines += ["| unit | P(at least one) | expected count |", "|---|---|---|"]
    lines += [f"| {x['unit']} | {x['p']:.3f} | {x['expected']:.2f} |" for x in r.next_forecast]
    return "\n".join(lines) + "\n"


def write_report(result: BacktestResult, out_dir: str | Path) -> dict[str, Path]:
    """report.md, reliability.png and metrics.json under ``out_dir``."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    png = plot_reliability(result, out / "reliability.png")
    md = out / "report.md"
    md.write_text(report_markdown(result, png.name), encoding="utf-8")
    js = out / "metrics.json"
    payload = {
        **result.as_json(),
    }
    js.write_text(
        json.dumps(
            {
                "evaluation": payload,
                "tuning": {
                    m: {k: _num(v) for k, v in result.tune_results[m].items()} for m in METHODS
                },
                "extra": result.extra,
                "config": result.config.describe(),
                "tune_window": result.tune_window,
                "eval_window": result.eval_window,
                "k": result.k,
                "unit": result.unit,
            },
            indent=2,
        ),
        encoding="utf-8",
    )
    return {"report": md, "plot": png, "metrics": js}
