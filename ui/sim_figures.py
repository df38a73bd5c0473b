"""A figure of what a "Run it" measured, for every scenario of engine.sim.scenarios.

Pure functions (Measurement in, plotly figures out; never imports streamlit), one per scenario
in :data:`SCENARIO_FIGURES`, which has an entry for every name in ``SCENARIOS``: a test runs a
small case of each scenario and checks that it draws.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import plotly.graph_objects as go

from engine.sim.scenarios import Measurement
from ui.figures import LOSS_ALT, PATHS_ALT, TRAINING_ALT, inked
from ui.figures_optim import colour

BLUE, RED, GREEN, GREY = "#2563eb", "#dc2626", "#16a34a", "#64748b"
METRIC_TITLES = {"accuracy": "accuracy", "f1": "F1 score", "roc_auc": "ROC AUC", "neg_mse": "negative MSE"}


@dataclass(frozen=True)
class SimFigures:
    """The figures of one measurement: side by side with ``widths`` (relative), else stacked; ``alts``
    names each for a screen reader where a lab draws the same chart (the page names the others from
    their axes, :func:`ui.figures.chart_alt`)."""

    figures: tuple[go.Figure, ...]
    widths: tuple[int, ...] | None = None
    caption: str | None = None
    alts: tuple[str | None, ...] = ()

    def alt(self, i: int) -> str | None:
        """The ``i``-th figure's own name, if it has one."""
        return self.alts[i] if i < len(self.alts) else None


def _layout(fig: go.Figure, height: int, **kw: Any) -> go.Figure:
    fig.update_layout(height=height, margin=dict(l=10, r=10, t=40, b=10), **kw)
    return inked(fig)


def optimizer_figures(m: Measurement, params: Mapping[str, Any]) -> SimFigures:
    from engine.labels import run_names
    from ui.figures_optim import loss_figure, trajectory_figure

    surface, results, labels = m.raw
    names = run_names(params)  # the legend names runs as people read them, not by the bank's keys
    labels = [names.get(label, label) for label in labels]
    # animated under ui.sim_view's widgets (ui.chart_controls), not with plotly's own controls
    return SimFigures((trajectory_figure(surface, results, labels, height=420, own_controls=False),
                       # the steps asked for on the step axis: a run that diverged is seen to stop early
                       loss_figure(surface, results, labels, height=420, steps=params.get("steps"))), widths=(3, 2),
                      alts=(PATHS_ALT, LOSS_ALT))


def schedule_figures(m: Measurement, params: Mapping[str, Any]) -> SimFigures:
    lrs = np.asarray(m.raw)
    at = int(params.get("at", 0))
    fig = go.Figure(go.Scatter(x=np.arange(len(lrs)), y=lrs, mode="lines", line=dict(color=BLUE), name="rate"))
    fig.add_scatter(x=[at], y=[lrs[at]], mode="markers", marker=dict(size=12, color=RED), name=f"step {at}")
    # ticks as the lab's rate chart writes them ("0.00002"): plotly's own read "20μ" beside a key in 1e-4 notation
    fig.update_yaxes(tickformat=".3~g")
    return SimFigures((_layout(fig, 300, xaxis_title="step", yaxis_title="learning rate", showlegend=False),))


def sweep_figures(m: Measurement, params: Mapping[str, Any]) -> SimFigures:
    from ui.figures_optim import sweep_figure

    return SimFigures((sweep_figure(m.raw, height=420),))


def training_figures(m: Measurement, params: Mapping[str, Any]) -> SimFigures:
    from ui.figures_optim import training_figure

    # five panels: 460 px left each 60 px tall
    return SimFigures((training_figure(m.raw, height=640),), alts=(TRAINING_ALT,))


def search_figures(m: Measurement, params: Mapping[str, Any]) -> SimFigures:
    from ui.figures_search import best_so_far_figure

    from engine.search.strategies import STRATEGIES

    first = {k: v[0] for k, v in m.raw.items()}
    titles = {k: getattr(STRATEGIES.get(k), "title", k) for k in first}
    said = ["Curves of the first seed; the verdict uses the median over every seed of the scenario."]
    optimum = next(iter(first.values())).optimum
    if optimum is not None:  # the chart's regret beside a question's values read as two sets of numbers
        said.append(f"Regret is how far the best value so far is above the known minimum, {optimum:.4g}.")
    for k, r in first.items():
        if (n := len(r.trials)) < r.budget:  # a lone dot at evaluation 1, unexplained
            said.append(f"{titles[k]} made {n} evaluation{'s' if n != 1 else ''} of the {r.budget} allowed"
                        + (": the largest full grid within the budget." if k == "grid" else "."))
    return SimFigures((best_so_far_figure(first, titles),), caption=" ".join(said))


def cross_validation_figures(m: Measurement, params: Mapping[str, Any]) -> SimFigures:
    metric = METRIC_TITLES.get(params.get("metric") or "accuracy", "score")
    if m.values.keys() >= {"best_cv", "nested", "test"}:
        return SimFigures((overtuning_figure(m.raw, metric),), caption=(
            "The best cross-validated score is the maximum over every configuration tried, so it is chosen "
            "on the same folds it is scored on; nested CV scores the whole search on outer folds it never "
            "saw, and the test score is one held-out split."))
    return SimFigures((fold_scores_figure(m.raw, metric, m.values),), caption=(
        "Each point is one fold's score; every seed reshuffles the folds. The measurement is the spread "
        "(standard deviation) of the fold scores, averaged over the seeds."))


def _fold_title(label: str) -> str:
    if label.startswith("k") and label[1:].isdigit():
        return f"{label[1:]}-fold"
    return {"plain": "Plain k-fold", "stratified": "Stratified k-fold"}.get(label, label)


def fold_scores_figure(raw: Any, metric: str, values: Mapping[str, Any]) -> go.Figure:
    """Every fold score of every seed, one box per splitter, named with the spread the measurement
    gives it (``values["<label>.std"]``: the number the question's check uses, not one redrawn here)."""
    fig = go.Figure()
    for i, (label, per_seed) in enumerate(raw.folds.items()):
        scores = [s for seed_scores in per_seed for s in seed_scores]
        std = values[f"{label}.std"]
        fig.add_box(y=scores, name=f"{_fold_title(label)}<br>std {std:.4f}", boxpoints="all", jitter=0.4,
                    pointpos=0, marker=dict(color=colour(i), size=6),
                    line=dict(color=colour(i)), hovertemplate="%{y:.4f}<extra></extra>")
    return _layout(fig, 360, showlegend=False, yaxis_title=f"fold {metric}",
                   title=dict(text="Fold scores", font=dict(size=14)))


def overtuning_figure(r: Any, metric: str) -> go.Figure:
    """Best CV score, nested CV (with its outer folds) and the held-out test score, as bars."""
    names = ["Best CV score", "Nested CV", "Held-out test"]
    values = [r.best_cv, r.nested, r.test]
    fig = go.Figure(go.Bar(x=names, y=values, marker_color=[RED, BLUE, GREEN], text=[f"{v:.4f}" for v in values],
                           textposition="outside", hovertemplate="%{x}: %{y:.4f}<extra></extra>", name="score"))
    fig.add_scatter(x=["Nested CV"] * len(r.nested_scores), y=list(r.nested_scores), mode="markers",
                    marker=dict(color="black", size=8, symbol="line-ew-open"), name="outer folds",
                    hovertemplate="outer fold: %{y:.4f}<extra></extra>")
    everything = [*values, *r.nested_scores]
    lo, hi = min(everything), max(everything)
    pad = max(hi - lo, 0.01)
    return _layout(fig, 360, showlegend=False, yaxis=dict(title=metric, range=[lo - pad, hi + pad]),
                   title=dict(text="Score of the search's pick, three ways", font=dict(size=14)))


def fitting_figures(m: Measurement, params: Mapping[str, Any]) -> SimFigures:
    fig = go.Figure()
    for i, c in enumerate(m.raw):
        col = colour(i)
        name = f"{c.label} (degree {c.degree})"
        fig.add_scatter(x=c.epochs, y=c.train, mode="lines", name=f"{name}: training", legendgroup=c.label,
                        line=dict(color=col, dash="dot"))
        fig.add_scatter(x=c.epochs, y=c.val, mode="lines", name=f"{name}: validation", legendgroup=c.label,
                        line=dict(color=col))
    noise = float(params.get("noise", 0.25))
    fig.add_hline(y=noise**2, line=dict(color=GREY, dash="dash"), annotation_text="noise floor σ²",
                  annotation_position="bottom right")
    _layout(fig, 380, xaxis_title="epoch", yaxis=dict(title="mean squared error", type="log",
                                                       exponentformat="power"),
            legend=dict(orientation="h", y=1.02, yanchor="bottom", x=0))
    return SimFigures((fig,), caption="Dotted: training error; solid: validation error on 200 fresh points.")


def range_test_figures(m: Measurement, params: Mapping[str, Any]) -> SimFigures:
    from ui.figures_optim import range_test_figure

    return SimFigures((range_test_figure(m.raw),))


#: scenario name -> the figures of its measurement (a test holds its keys to SCENARIOS)
SCENARIO_FIGURES: dict[str, Callable[[Measurement, Mapping[str, Any]], SimFigures]] = {
    "optimizer": optimizer_figures,
    "schedule": schedule_figures,
    "lr_sweep": sweep_figures,
    "training": training_figures,
    "search_comparison": search_figures,
    "cross_validation": cross_validation_figures,
    "fitting": fitting_figures,
    "range_test": range_test_figures,
}


def scenario_figures(m: Measurement, params: Mapping[str, Any]) -> SimFigures:
    """The figures of a measurement, drawn by its scenario's entry in :data:`SCENARIO_FIGURES`."""
    return SCENARIO_FIGURES[m.scenario](m, params)
