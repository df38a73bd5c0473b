"""The figure of a plot question: :class:`engine.forms.plot.PlotData` in, ``go.Figure`` out.

Pure: imports plotly, never streamlit. Colours follow the legend order (A is always the first
colour), and hover text shows only the shown name and the numbers, so a neutrally labelled
figure gives nothing away.
"""

from __future__ import annotations

from typing import Any

import plotly.graph_objects as go
from plotly.colors import get_colorscale

from engine.forms.plot import PlotData
from ui.figures import INK, inked
from ui.figures_optim import colour, log_axis


#: a marker shape per curve (by its group, as the colour): curves told apart without colour vision,
#: in the legend and on the plot (red and green look alike to one reader in twelve)
SYMBOLS = ("circle", "square", "diamond", "triangle-up", "x", "star", "pentagon", "cross")
#: markers drawn along a line (the rest of its points carry none): enough to follow, not a blur
MARKERS_PER_LINE = 12


def symbol(group: int) -> str:
    return SYMBOLS[group % len(SYMBOLS)]


def _values(data: PlotData, axis: str) -> list[float]:
    return [v for s in data.series for v in getattr(s, axis) if v is not None]


def plot_spec(data: PlotData, height: int = 380) -> dict[str, Any]:
    """The figure of ``data`` as plotly's plain figure dict (``data``: the traces, ``layout``)."""
    traces: list[dict[str, Any]] = []
    if data.contour is not None:
        traces.append(dict(type="contour", x=data.contour["x"], y=data.contour["y"], z=data.contour["z"],
                           # the scale's colours, not its name: plotly.js has a "Blues" of its own
                           colorscale=get_colorscale("Blues"), reversescale=True, showscale=False,
                           contours=dict(coloring="heatmap", showlines=True),
                           line=dict(width=0.5, color="rgba(255,255,255,0.5)"), hoverinfo="skip", opacity=0.85))
    if data.points:
        traces.append(dict(type="scatter", x=[p[0] for p in data.points], y=[p[1] for p in data.points],
                           mode="markers", marker=dict(symbol="star", size=13, color="gold",
                                                       line=dict(color="black", width=1)),
                           name="minimum", hovertemplate="minimum (%{x:.3g}, %{y:.3g})<extra></extra>"))
    paths = data.view == "paths"
    for s in data.series:
        c = colour(s.group)
        traces.append(dict(type="scatter", x=list(s.x), y=list(s.y), mode="lines+markers", name=s.name,
                           line=dict(color=c, width=2.5 if paths else 2, dash="dash" if s.dash else "solid"),
                           # a path's markers are its steps (their spacing is the point): all of them
                           marker=dict(size=6 if paths else 7, color=c, symbol=symbol(s.group),
                                       maxdisplayed=0 if paths else MARKERS_PER_LINE),
                           connectgaps=False,
                           hovertemplate=f"{s.name}<br>%{{x:.4g}}, %{{y:.4g}}<extra></extra>"))
        if s.end_marker:
            last = next(((x, y) for x, y in zip(reversed(s.x), reversed(s.y)) if x is not None and y is not None), None)
            if last is not None:
                traces.append(dict(type="scatter", x=[last[0]], y=[last[1]], mode="markers", showlegend=False,
                                   hoverinfo="skip", marker=dict(symbol=s.end_marker, size=13, color=c)))
    # inked here, as :func:`ui.figures.inked` would (it leaves an axis in ink as it is)
    layout = dict(height=height, margin=dict(l=10, r=10, t=10, b=10),
                  xaxis=dict(title=dict(text=data.x_title, font=dict(color=INK)), tickfont=dict(color=INK),
                             **(log_axis(_values(data, "x")) if data.x_log else {})),
                  yaxis=dict(title=dict(text=data.y_title, font=dict(color=INK)), tickfont=dict(color=INK),
                             **(log_axis(_values(data, "y")) if data.y_log else {})),
                  legend=dict(orientation="h", y=1.02, yanchor="bottom", x=0))
    if paths and "x_range" in data.extra:
        layout["xaxis"].update(range=list(data.extra["x_range"]), constrain="domain")
        layout["yaxis"].update(range=list(data.extra["y_range"]), scaleanchor="x", scaleratio=1, constrain="domain")
    return {"data": traces, "layout": layout}


def plot_figure(data: PlotData, height: int = 380) -> go.Figure:
    """The figure of a plot question: :func:`plot_spec`, made a figure without plotly's checks of
    each property and value. Built trace by trace with ``add_scatter``, ``update_layout`` and
    ``update_xaxes``, the banks' figures took a median 27 ms each (the slowest 64 ms), most of the
    run that first shows a figure's question; the same spec checked takes 7.6 ms (28 ms), unchecked
    4.6 ms (12 ms) (``benchmarks/bench_plot_figure.py``). ``tests/ui/test_plot_figure.py`` builds
    every branch of :func:`plot_spec` checked as well, and holds the two to the same JSON."""
    return inked(go.Figure(plot_spec(data, height), _validate=False))
