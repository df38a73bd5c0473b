"""Figures for the search lab: search results in, ``go.Figure`` out."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import plotly.graph_objects as go

from engine.search.space import SearchSpace
from engine.search.trials import SearchResult
from ui.figures import inked
from ui.figures_optim import colour, dash, log_axis


def best_so_far_figure(results: Mapping[str, SearchResult], titles: Mapping[str, str], x: str = "evaluations",
                       height: int = 340) -> go.Figure:
    """Best value so far against evaluations (or seconds) for each strategy."""
    fig = go.Figure()
    any_r = next(iter(results.values()))
    regret = any_r.optimum is not None
    shown: list[float] = []
    for i, (name, r) in enumerate(results.items()):
        if x == "evaluations":
            pts = [(k, v) for k, v in enumerate(r.best_so_far(), start=1) if v is not None]
        else:  # in the order the evaluations finished, not the order they were asked in
            pts = r.best_by_time()
        if regret:  # known optimum: plot the regret on a log axis
            pts = [(a, max(abs(v - r.optimum), 1e-12)) for a, v in pts]
        if not pts:
            continue
        shown += [p[1] for p in pts]
        fig.add_scatter(x=[p[0] for p in pts], y=[p[1] for p in pts], mode="lines+markers", name=titles[name],
                        line=dict(color=colour(i), width=2, shape="hv", dash=dash(i)), marker=dict(size=5))
    fig.update_layout(height=height, margin=dict(l=10, r=10, t=10, b=10),
                      xaxis_title="evaluations" if x == "evaluations" else "seconds",
                      # a regret's log axis labelled 1-2-5 over less than two decades: plotly's own read
                      # "5, 2, 10, 5, 2" from 50 down to 2 (the phone walk-through)
                      yaxis=dict(title="regret of the best so far" if regret else
                                 ("best score so far" if any_r.maximize else "best value so far"),
                                 **(log_axis(shown) if regret else dict(type="linear", exponentformat="power"))),
                      legend=dict(orientation="h", y=1.02, yanchor="bottom", x=0))
    return inked(fig)


def _axis(space: SearchSpace, name: str):
    p = space[name]
    return dict(title=name, **(log_axis((p.low, p.high)) if p.log else dict(type="linear", exponentformat="power")))


def sampled_points_figure(space: SearchSpace, results: Mapping[str, SearchResult], titles: Mapping[str, str],
                          landscape: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None,
                          maximize: bool = True, height: int = 520) -> go.Figure:
    """Where each strategy evaluated, over the landscape (when known) of a 2-D space."""
    a, b = space.names[:2]
    fig = go.Figure()
    if landscape is not None:
        xs, ys, Z = landscape
        fig.add_contour(x=xs, y=ys, z=Z, colorscale="Viridis", reversescale=not maximize, opacity=0.75,
                        contours=dict(coloring="heatmap"), colorbar=dict(title="score" if maximize else "log10(f − f*)"),
                        hovertemplate=f"{a} %{{x:.3g}}<br>{b} %{{y:.3g}}<br>%{{z:.4g}}<extra></extra>")
    symbols = ["circle", "square", "diamond", "triangle-up", "x"]
    for i, (name, r) in enumerate(results.items()):
        done = [t for t in r.trials if t.state == "complete"]
        failed = [t for t in r.trials if t.state != "complete"]
        fig.add_scatter(
            x=[t.params[a] for t in done], y=[t.params[b] for t in done], mode="markers", name=titles[name],
            marker=dict(symbol=symbols[i % len(symbols)], size=[6 + 8 * t.resource for t in done],
                        color=colour(i), line=dict(color="white", width=1)),
            # trials are numbered from 1, as in the trials table (Trial.number counts from 0)
            text=[f"{titles[name]} #{t.number + 1}: {t.value:.4g}" for t in done], hovertemplate="%{text}<extra></extra>",
        )
        if failed:
            fig.add_scatter(x=[t.params[a] for t in failed], y=[t.params[b] for t in failed], mode="markers",
                            name=f"{titles[name]} (failed)", marker=dict(symbol="x-thin", size=10,
                                                                         color=colour(i), line=dict(width=2)))
        if r.best is not None:
            fig.add_scatter(x=[r.best.params[a]], y=[r.best.params[b]], mode="markers", showlegend=False,
                            marker=dict(symbol="star", size=18, color=colour(i), line=dict(color="black", width=1)),
                            hovertemplate=f"best of {titles[name]}: {r.best.value:.4g}<extra></extra>")
    fig.update_layout(height=height, margin=dict(l=10, r=10, t=10, b=10), xaxis=_axis(space, a),
                      yaxis=_axis(space, b), legend=dict(orientation="h", y=1.02, yanchor="bottom", x=0))
    return inked(fig)


def parallel_coordinates_figure(space: SearchSpace, result: SearchResult, height: int = 420) -> go.Figure:
    """One axis per parameter and one for the score. A parameter a configuration does not set
    (a conditional one) is drawn at an "off" mark just below its axis's range."""
    done = [t for t in result.trials if t.state == "complete"]
    dims = []
    for p in space.params:
        if p.kind == "categorical":
            ticks = list(range(len(p.choices)))
            text = [str(c) for c in p.choices]
            vals = [p.choices.index(t.params[p.name]) if p.name in t.params else -1 for t in done]
            if p.when is not None:
                ticks, text = [-1, *ticks], ["off", *text]
            dims.append(dict(label=p.name, values=vals, tickvals=ticks, ticktext=text))
            continue
        scale = np.log10 if p.log else (lambda v: v)
        lo, hi = float(scale(p.low)), float(scale(p.high))
        off = lo - 0.15 * (hi - lo)  # where "not set" is drawn
        vals = [float(scale(t.params[p.name])) if p.name in t.params else off for t in done]
        dim = dict(label=f"log10 {p.name}" if p.log else p.name, values=vals,
                   range=[off if p.when is not None else lo, hi])
        if p.when is not None:
            ticks = np.linspace(lo, hi, 4)
            dim.update(tickvals=[off, *ticks], ticktext=["off", *(f"{v:.3g}" for v in ticks)])
        dims.append(dim)
    values = [t.value for t in done]
    dims.append(dict(label="score" if result.maximize else "value", values=values))
    fig = go.Figure(go.Parcoords(line=dict(color=values, colorscale="Viridis", reversescale=not result.maximize,
                                           showscale=True), dimensions=dims))
    fig.update_layout(height=height, margin=dict(l=60, r=40, t=40, b=20))
    return inked(fig)


def seeds_band_figure(curves: Mapping[str, np.ndarray], titles: Mapping[str, str], maximize: bool,
                      optimum: float | None, height: int = 360) -> go.Figure:
    """Median best-so-far over seeds with an interquartile band, one colour per strategy."""
    fig = go.Figure()
    bands: list[np.ndarray] = []
    for i, (name, arr) in enumerate(curves.items()):
        x = np.arange(1, arr.shape[1] + 1)
        ys = arr if optimum is None else np.abs(arr - optimum)
        q1, med, q3 = np.nanpercentile(ys, [25, 50, 75], axis=0)
        bands += [q1, q3]
        c = colour(i)
        fig.add_scatter(x=np.concatenate([x, x[::-1]]), y=np.concatenate([q3, q1[::-1]]), fill="toself",
                        fillcolor=c, opacity=0.18, line=dict(width=0), hoverinfo="skip", showlegend=False)
        fig.add_scatter(x=x, y=med, mode="lines", name=titles[name], line=dict(color=c, width=2.5))
    fig.update_layout(height=height, margin=dict(l=10, r=10, t=10, b=10), xaxis_title="evaluations",
                      yaxis=dict(title="regret (median, quartiles)" if optimum is not None else
                                 ("best score so far" if maximize else "best value so far"),
                                 **(log_axis(np.concatenate(bands) if bands else None) if optimum is not None
                                    else dict(type="linear", exponentformat="power"))),
                      legend=dict(orientation="h", y=1.02, yanchor="bottom", x=0))
    return inked(fig)
