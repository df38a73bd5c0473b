"""Figures for the optimizer and training labs: engine results in, ``go.Figure`` out."""

from __future__ import annotations

import base64
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from engine.optim.run import RunConfig, RunResult
from engine.labels import run_label
from engine.optim.surfaces import Surface, clip_path, clip_to_view
from engine.optim.sweep import SweepResult
from engine.run_summaries import diverged_text
from ui.figures import INK, inked, top_legend
from ui.surface_image import surface_image

#: twelve colours that stay apart on a white background, one per optimiser of a set of runs (:func:`run_styles`;
#: the Optimizer lab draws at most 12 runs); past twelve, :func:`dash` changes the line style. The first six stay
#: apart for red-green colour blindness too (a test simulates it: CIELAB distance at least 17.5):
#: the order before put red beside green (the lecturer's walk-through) and, closer still for a
#: deuteranope, the first run's blue and the fourth's purple (5.3). Each is 3:1 or more on white, the
#: contrast a line needs (WCAG 1.4.11): the tenth's mustard was #ca8a04, 2.94:1
PALETTE = ["#2563eb", "#ea580c", "#0f766e", "#db2777", "#1e3a8a", "#0891b2", "#7c2d12", "#dc2626",
           "#9333ea", "#a67c00", "#65a30d", "#64748b"]
#: a marker shape per colour of :data:`PALETTE`, so runs differ by more than colour (WCAG 1.4.1), in the
#: legend and along the lines; the first four as Practice's curves A to D. Never "x" (a diverged run's
#: end) nor "star" (the surface's minimum)
SYMBOLS = ("circle", "square", "diamond", "triangle-up", "triangle-down", "cross", "pentagon", "hourglass",
           "triangle-left", "star-square", "triangle-right", "hexagram")
#: the shape of a line shared by runs of several colours (the rate chart's, drawn in the ink's colour)
SHARED_SYMBOL = "circle-open"
#: markers drawn along a dense line (``marker.maxdisplayed``: plotly spreads them, and staggers them
#: between lines): enough to tell the lines by their shapes, not a blur of shapes over every step
MARKERS_PER_LINE = 12
#: the white line drawn under each optimiser's path, px wider than the path on each side: no colour
#: contrasts with both the darkest band (#2d568b, round the minimum) and the lightest (near white) of
#: the surface's picture, while each of the palette's does 3:1 or more against white
CASING = "#ffffff"
CASING_MARGIN = 1.75
PATH_WIDTH = 2.5
#: line styles, in the order runs take them: the k-th rate of one optimiser takes the k-th (plotly's six)
DASHES = ("solid", "dash", "dot", "dashdot", "longdash", "longdashdot")
OUTCOME_SYMBOL = {"converged": "circle", "still descending": "triangle-right",
                  "oscillating": "diamond", "stalled": "square", "diverged": "x"}
GAP_FLOOR = 1e-16  # log axes cannot show 0


def packed(values: np.ndarray) -> dict | list:
    """``values`` as 32-bit floats in plotly.js's typed-array form (``{"dtype": "f4", "bdata": ...}``),
    which is how plotly itself sends a float32 array, encoded again on every ``st.plotly_chart``
    call: packing the default paths' 360 arrays was 14 of the 24 ms that call took (an
    empty array stays an empty list, as plotly leaves it). ``tests/ui/test_figures_readable.py``
    holds the figure's JSON to the one plotly makes from the arrays."""
    a = np.ascontiguousarray(values, dtype=np.float32)
    if a.size == 0:
        return []
    return {"dtype": "f4", "bdata": base64.b64encode(a.tobytes()).decode("ascii")}


def colour(i: int) -> str:
    return PALETTE[i % len(PALETTE)]


def dash(i: int) -> str:
    """Line style of the ``i``-th run: solid for the first twelve, then dashed, dotted, ..."""
    return DASHES[(i // len(PALETTE)) % len(DASHES)]


def twins(arrays: Sequence[np.ndarray]) -> list[int | None]:
    """For each array, the index of the first earlier one it equals (None when it is the first
    of its kind): runs that coincide, e.g. SGD and SGD + momentum, which share their first step."""
    out: list[int | None] = []
    for i, a in enumerate(arrays):
        a = np.asarray(a)
        out.append(next((j for j in range(i) if out[j] is None and np.asarray(arrays[j]).shape == a.shape
                         and np.allclose(arrays[j], a, rtol=1e-12, atol=0.0)), None))
    return out


def coinciding(results: Sequence[RunResult], labels: Sequence[str]) -> list[tuple[str, str]]:
    """(later run, earlier run) for every run whose path coincides with an earlier one's; the
    figures draw the later one dashed over the earlier, and a page can say so in words. A path of
    one point (a run that diverged at its first step) is no path: runs that all blew up at once
    were said to "take the same path"."""
    return [(labels[i], labels[j]) for i, j in enumerate(twins([r.trajectory for r in results]))
            if j is not None and len(results[i].trajectory) > 1]


def coinciding_note(results: Sequence[RunResult], labels: Sequence[str]) -> str | None:
    """The sentence under a picture of paths naming the runs drawn over one another, if any."""
    same = coinciding(results, labels)
    if not same:
        return None
    return " ".join(f"{earlier} and {later} take the same path here ({later} is drawn dashed over it)."
                    for later, earlier in same)


def symbol_of(colour_: str) -> str:
    """The marker shape that goes with a line colour: :data:`SYMBOLS` for the palette's,
    :data:`SHARED_SYMBOL` for any other (the ink of a line several runs share)."""
    return SYMBOLS[PALETTE.index(colour_)] if colour_ in PALETTE else SHARED_SYMBOL


@dataclass(frozen=True)
class RunStyle:
    """How one run is drawn in every figure of its set: its line's (and markers') colour and dash,
    and the marker shape that goes with its colour (one per optimiser, as the colour)."""

    colour: str
    dash: str

    @property
    def symbol(self) -> str:
        return symbol_of(self.colour)

    def markers(self, size: int) -> dict:
        """Plotly ``marker`` of a line in this style: its colour and shape, at most
        :data:`MARKERS_PER_LINE` of them along the line (each point of a shorter one)."""
        return dict(size=size, color=self.colour, symbol=self.symbol, maxdisplayed=MARKERS_PER_LINE)


def optimizer_key(config: Any) -> str:
    """What makes a run's optimiser: its settings but the rate (and its name). SGD with momentum 0.9
    is another optimiser than plain SGD, and so is the same optimiser under another schedule or
    batch size (the decay demo's five SGD runs at one rate keep five colours)."""
    settings = {k: v for k, v in config.to_dict().items() if k not in ("lr", "label")}
    return json.dumps(settings, sort_keys=True, default=str)


def run_styles(configs: Sequence[Any], twin_of: Sequence[int | None] | None = None) -> list[RunStyle]:
    """Each run's colour and dash: one colour per optimiser, one dash per rate of it.

    Runs of one optimiser (:func:`optimizer_key`: everything but the rate) share a colour of
    :data:`PALETTE`, optimisers taking them in order of first appearance; an optimiser's rates take
    :data:`DASHES` from its smallest up (solid, then dashed, dotted...), so a room reads "blue is SGD,
    dashed is its larger rate". With one rate per optimiser this is every run solid in the palette's
    order, as runs were drawn before. Every figure of a set of runs styles them here, so the legend,
    the paths, the loss and the rates agree.

    Parameters
    ----------
    configs
        The runs' configurations (:class:`~engine.optim.run.RunConfig`, or the Training lab's
        ``TrainConfig``): anything with ``lr`` and ``to_dict()``.
    twin_of
        For each run, the earlier run whose line it coincides with (:func:`twins`), if any. Such a run
        keeps its colour and is dashed over the other so both show: its own dash when that is not
        solid and not the other's, else the next non-solid dash after the other's.

    Returns
    -------
    list of RunStyle
        One per configuration, in their order.

    Notes
    -----
    An optimiser at more rates than there are dashes cannot tell them apart by dash: the whole set
    is then drawn as before this rule, a colour per run (and a dash per twelve runs).
    """
    keys = [optimizer_key(c) for c in configs]
    groups = list(dict.fromkeys(keys))
    rank = [0] * len(configs)
    for key in groups:
        members = [i for i, k in enumerate(keys) if k == key]
        # smallest rate first, then as listed: a run listed twice still gets a dash of its own
        for k, i in enumerate(sorted(members, key=lambda i: (float(configs[i].lr), i))):
            rank[i] = k
    if max(rank, default=0) >= len(DASHES):
        styles = [RunStyle(colour(i), dash(i)) for i in range(len(configs))]
    else:
        # past twelve optimisers the colours repeat: their lines move along the dashes, as dash() does for runs
        styles = []
        for i, key in enumerate(keys):
            g = groups.index(key)
            styles.append(RunStyle(colour(g), DASHES[(rank[i] + g // len(PALETTE)) % len(DASHES)]))
    taken: dict[int, list[str]] = {}  # the dashes already drawn along each line that others coincide with
    for i, twin in enumerate(twin_of or ()):
        if twin is not None:
            drawn = taken.setdefault(twin, [styles[twin].dash])
            styles[i] = RunStyle(styles[i].colour, _dash_over(styles[i].dash, drawn))
            drawn.append(styles[i].dash)
    return styles


def _dash_over(own: str, drawn: Sequence[str]) -> str:
    """The dash of a line drawn over lines it coincides with (``drawn``, the first under them all):
    one with gaps, so the lines under it show, and one none of them has, so they are told apart
    (when every dash is taken, the one after the first line's)."""
    if own != "solid" and own not in drawn:
        return own
    start = DASHES.index(drawn[0]) + 1
    along = [d for d in DASHES[start:] + DASHES[:start] if d != "solid"]
    return next((d for d in along if d not in drawn), along[0])


def log_axis(values=None) -> dict:
    """Settings of a readable log axis: one exponent format (1, 10, 10⁻³, 10⁻¹⁶; never SI
    prefixes such as 1f or 1µ beside 10⁻¹⁶), and, when the data spans less than two decades,
    labelled 1-2-5 ticks instead of plotly's bare minor digits ("1 9 8 7 ... 0.1 9").

    Parameters
    ----------
    values
        The numbers the axis shows (any shape; non-finite and non-positive ones are ignored).
    """
    axis = dict(type="log", exponentformat="power")
    if values is None:
        return axis
    v = np.asarray([x for x in np.ravel(np.asarray(values, dtype=float)) if np.isfinite(x) and x > 0])
    if v.size == 0:
        return axis
    lo, hi = float(v.min()), float(v.max())
    span = np.log10(hi / lo)
    if span >= 2:  # whole decades, at most about seven labels (plotly's own choice labels 2 and 5 bare)
        axis.update(dtick=max(1, int(np.ceil(span / 7))))
        return axis
    decades = range(int(np.floor(np.log10(lo))), int(np.ceil(np.log10(hi))) + 1)
    # the sparsest of these with three labels inside the data: every digit over most of a decade put
    # seven labels (0.2 to 0.8) in the top third of a short panel, each on the next
    for digits in ((1, 2, 5), (1, 2, 3, 5), (1, 2, 3, 4, 6, 8), range(1, 10)):
        inside = [t for t in (m * 10.0 ** e for e in decades for m in digits) if lo <= t <= hi]
        if len(inside) >= 3:
            break
    if len(inside) < 2:  # narrower still: four ticks spread over the data (labels rounded)
        inside = [float(t) for t in np.geomspace(lo, hi, 4)] if hi > lo else [lo]
    axis.update(tickvals=inside, ticktext=distinct_labels(inside))
    return axis


def distinct_labels(ticks) -> list[str]:
    """Tick labels to three significant digits, or as many more as it takes to tell them apart: four
    ticks between 2.347 and 2.352 all read "2.35" at three (two walk-throughs read such an axis)."""
    for digits in range(3, 10):
        labels = [f"{t:.{digits}g}" for t in ticks]
        if len(set(labels)) == len(labels):
            return labels
    return labels


def share_axis(values) -> dict:
    """Settings of an axis of shares (accuracy), shown as percentages: a range around the data from
    0% up, ticks inside 0-100% with as many decimals as they need to differ. A network whose accuracy
    moved from 86.7% to 87.0% read "87%" at every tick, and plotly's padding took the axis down to
    -50%. The range may pass 100% by its padding: capped there, a run at 100% drew its line along
    the panel's top edge, its markers cut in half and the panel's title sitting on it."""
    v = np.asarray([x for x in np.ravel(np.asarray(values, dtype=float)) if np.isfinite(x)])
    if v.size == 0:
        return dict(tickformat=".0%", range=[0, 1])
    lo, hi = float(v.min()), float(v.max())
    pad = max((hi - lo) * 0.08, 0.002)  # a flat line still gets a band around it
    lo, top = max(0.0, lo - pad), hi + pad
    # about six ticks, at 1, 2, 2.5 or 5 times a power of ten, none past 100% (ticks are placed here
    # because plotly's own could land on 100.2% in the padding)
    rough = (top - lo) / 6
    power = 10.0 ** np.floor(np.log10(rough))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= rough * 0.999)
    first, last = int(np.ceil(lo / step - 1e-9)), int(np.floor(min(top, 1.0) / step + 1e-9))
    ticks = [round(k * step, 12) for k in range(first, last + 1)]
    # decimals of a percentage the step needs: 2.5 points needs one, 0.05 two
    decimals = max(0, int(np.ceil(-np.log10(step * 100) - 1e-9)) + (1 if round(step / power) == 2.5 else 0))
    return dict(range=[lo, top], tickvals=ticks, tickformat=f".{decimals}~%")  # "~": 86.8%, not 86.80%


#: plot text for a room, px (the Presenter, and the labs' "Large text for a projector"); ticks follow it
PROJECTOR_FONT = 18


def _enlarge(fig: go.Figure, size: int) -> None:
    """Every label of ``fig`` at ``size`` px, ticks 2 px smaller; set on each axis, because the
    Streamlit theme sets the tick and title fonts itself and would override a layout font."""
    fig.update_layout(font=dict(size=size), legend=dict(font=dict(size=size)))
    fig.update_annotations(font_size=size)  # subplot titles and labels
    for update in (fig.update_xaxes, fig.update_yaxes):
        update(tickfont=dict(size=size - 2), title_font=dict(size=size))


def step_axes(fig: go.Figure, steps: int | None, font_size: int | None) -> None:
    """The same step axis and plot area for the loss and the learning-rate charts of a set of runs,
    drawn one above the other: step 0 and the last step at the same place on both (the learning
    rate's drop at step 50 sat 12 px off the loss's kink, a lecturer pointing from one to the other).
    The left margin is fixed, wide enough for either chart's tick labels at ``font_size``, instead of
    each chart's own (its labels' width)."""
    if steps:
        fig.update_xaxes(range=[-0.02 * max(steps, 1), steps])
    fig.update_layout(margin=dict(l=7 * (font_size or 12), r=10))
    fig.update_yaxes(automargin=False)


def _readout(font_size: int | None) -> dict:
    """A step slider shown as its current step alone (``own_controls=False``): rail, grip and ticks
    transparent, a quarter of the width at the right end, its top just under the tick labels (px
    under the plot), so the step is written on the x axis title's row, whatever the plot's height.
    At 1.2 fonts it touched a tick label near the right end once the plot had no blank band under
    it (a chart sized to its width, :mod:`ui.chart_fit`): the labels reach 1.35 fonts down."""
    clear = "rgba(0,0,0,0)"
    return dict(x=1, xanchor="right", len=0.25, y=0, yanchor="top",
                pad=dict(t=int(1.4 * (font_size or 12)) + 2, b=0, l=0, r=0), borderwidth=0,
                bgcolor=clear, activebgcolor=clear, bordercolor=clear, tickcolor=clear)


def trajectory_figure(surface: Surface, results: Sequence[RunResult], labels: Sequence[str],
                      frames: int = 60, height: int = 560, animate: bool = True,
                      font_size: int | None = None, own_controls: bool = True) -> go.Figure:
    """The surface's levels with every run's path; plotly frames animate the paths.

    The play / pause buttons and the step slider drive the frames; the last frame shows
    every path in full. A diverged run ends in a cross where it left the finite range.
    The surface is a picture under the plot (:func:`ui.surface_image.surface_image`), not a
    trace, so it stays on screen while the frames move the paths; the frames replace only the
    path traces (``traces=`` indices, never the minima, the last trace) and skip plotly's full redraw.
    Each path runs over a white casing, a wider line in its legend group that every frame moves
    with it: no colour stands out from both the darkest and the lightest of the surface's bands.
    ``font_size`` enlarges every label (the Presenter uses 18 for a projector).

    ``own_controls=False`` is for a page whose widgets drive the animation
    (:func:`ui.chart_controls.animation_controls`): the play / pause buttons are kept, hidden, as
    the record of how to play, and the step slider is reduced to its current step, a readout at
    the right end of the x axis's title row that follows the frames; nothing under the picture
    but the axis, so the page shows one set of controls.
    """
    # drawn last, over every path (a path ending on the minimum hid it); first in the legend all the same
    minima = go.Scatter(
        x=[m[0] for m in surface.minima], y=[m[1] for m in surface.minima], mode="markers",
        marker=dict(symbol="star", size=14, color="gold", line=dict(color="black", width=1)),
        name="minimum", hovertemplate="minimum (%{x:.3g}, %{y:.3g})<extra></extra>", legendrank=1,
    )
    paths = [clip_to_view(surface, r.trajectory) for r in results]
    (x0, x1), (y0, y1) = surface.bounds
    styles = run_styles([r.config for r in results], twins([r.trajectory for r in results]))
    longest = max((len(p) for p in paths), default=1)
    cuts = np.unique(np.linspace(1, longest, min(frames, longest)).round().astype(int))

    def path_traces(k: int) -> list[dict]:
        casings, out = [], []
        # Plain dicts, validated once where the figure takes them (a go.Scatter per trace and
        # frame was built and then copied: 0.9 s for the Presenter's decay demo), and 32-bit
        # coordinates, far finer than a pixel, which halve the frames the browser is sent, packed
        # once here (plotly packs every array again each time the figure is sent).
        for i, (p, r, label) in enumerate(zip(paths, results, labels)):
            shown = p[: min(k, len(p))].astype(np.float32)
            xs, ys = packed(shown[:, 0]), packed(shown[:, 1])
            group = f"run {i}"  # the legend's click on a run hides its casing and its end with it
            # every run's casing under every path: one over a path dashed over its twin would hide the twin
            casings.append(dict(
                type="scatter", x=xs, y=ys, mode="lines", name=label, legendgroup=group, showlegend=False,
                hoverinfo="skip", line=dict(color=CASING, width=PATH_WIDTH + 2 * CASING_MARGIN),
            ))
            out.append(dict(
                type="scatter", x=xs, y=ys, mode="lines+markers", name=label, legendgroup=group,
                line=dict(color=styles[i].colour, width=PATH_WIDTH, dash=styles[i].dash),
                marker=dict(size=4, color=styles[i].colour),
                hovertemplate=f"{label}<br>(%{{x:.4g}}, %{{y:.4g}})<extra></extra>",
            ))
            # the path's end, on the plot's edge where the path left it: a diverged run's cross at
            # its last point (a view width out) was off the axes, so it seemed to vanish
            end = clip_path(shown[-2:], (x0, y0), (x1, y1))[-1]
            done = k >= len(p)
            symbol = "x" if (done and r.outcome == "diverged") else "circle"
            out.append(dict(
                type="scatter", x=[float(end[0])], y=[float(end[1])], mode="markers", showlegend=False,
                legendgroup=group, hoverinfo="skip", cliponaxis=False,  # drawn whole on the edge, not cut by it
                marker=dict(symbol=symbol, size=13 if symbol == "x" else 9, color=styles[i].colour,
                            line=dict(color=CASING, width=1.5)),
            ))
        return casings + out

    final = path_traces(longest)
    fig = go.Figure(data=[*final, minima])
    fig.update_layout(
        images=[surface_image(surface)],
        height=height, margin=dict(l=10, r=10, t=10, b=10),
        # grid lines would cross the picture of the surface (a trace used to cover them)
        xaxis=dict(range=[x0, x1], constrain="domain", title="x", showgrid=False, zeroline=False),
        yaxis=dict(range=[y0, y1], scaleanchor="x", scaleratio=1, constrain="domain", title="y",
                   showgrid=False, zeroline=False),
    )
    top_legend(fig)
    if font_size:
        _enlarge(fig, font_size)
    if animate and len(cuts) > 1:
        # the controls go under the x axis's tick labels and title (paper units: a fraction of the plot)
        axis_px = 3.6 * (font_size or 12) + 8
        bottom = int(axis_px) + 80
        below = -axis_px / max(height - 10 - bottom, 100)
        path_indices = list(range(len(final)))  # the minima, last, are never replaced
        fig.frames = [dict(data=path_traces(int(k)), traces=path_indices, name=str(k)) for k in cuts]
        if not own_controls:  # a readout on the x title's row, right-aligned: see the docstring
            bottom = int(axis_px) + 10
        fig.update_layout(
            updatemenus=[dict(
                visible=own_controls,
                type="buttons", direction="left", x=0, y=below, xanchor="left", yanchor="top",
                pad=dict(r=10, t=10), showactive=False,
                buttons=[
                    dict(label="▶ Play", method="animate",
                         args=[None, dict(frame=dict(duration=60, redraw=False), fromcurrent=True,
                                          transition=dict(duration=0))]),
                    dict(label="❚❚ Pause", method="animate",
                         args=[[None], dict(frame=dict(duration=0, redraw=False), mode="immediate")]),
                ],
            )],
            sliders=[{**dict(
                # from 0.32, beside Play and Pause (about 180 px at 18 px text); the rail runs under
                # them when the picture is narrow (a phone, 200% zoom), so the step label sits at the
                # slider's right end, where the buttons never reach: at its left, "❚❚ Pause" covered it
                active=len(cuts) - 1, x=0.32, y=below, len=0.68, yanchor="top", pad=dict(t=10, b=10),
                currentvalue=dict(prefix="step ", xanchor="right",
                                  font=dict(size=font_size or 13, color="#334155")),
                # one label per frame is unreadable and sixty ticks crowd out of the margin; the
                # current step is written above the slider instead
                font=dict(size=1, color="rgba(0,0,0,0)"), ticklen=0, minorticklen=0, tickwidth=0,
                steps=[dict(method="animate", label=str(int(k) - 1),
                            args=[[str(k)], dict(mode="immediate", frame=dict(duration=0, redraw=False),
                                                 transition=dict(duration=0))]) for k in cuts],
            ), **({} if own_controls else _readout(font_size))}],
            margin=dict(l=10, r=10, t=10, b=bottom),
        )
    return inked(fig)


def loss_figure(surface: Surface, results: Sequence[RunResult], labels: Sequence[str],
                height: int = 320, font_size: int | None = None, steps: int | None = None) -> go.Figure:
    """f - f* against step on a log axis; a diverged run ends in a cross at its last step in range.

    ``steps`` (the steps asked for) fixes the step axis at 0..steps, so a run that diverged early
    is seen to stop early, and a run that diverged at its first step is a point at 0, not a lone
    point in the middle of a -1..1 axis. A run whose losses equal an earlier run's is dashed over it.
    """
    fig = go.Figure()
    gaps = [np.maximum(r.losses - surface.min_value, GAP_FLOOR) for r in results]
    styles = run_styles([r.config for r in results], twins(gaps))
    for r, label, gap, style in zip(results, labels, gaps, styles):
        # the legend says why a line stops short of the steps asked for (a cross alone said nothing)
        # markers in the run's shape along the line, and in the legend: runs differ by more than colour
        fig.add_scatter(x=np.arange(len(gap)), y=gap, mode="lines+markers",
                        name=f"{label} (diverged)" if r.outcome == "diverged" else label,
                        line=dict(color=style.colour, width=2, dash=style.dash), marker=style.markers(7))
        if r.outcome == "diverged":
            fig.add_scatter(x=[len(gap) - 1], y=[gap[-1]], mode="markers", showlegend=False,
                            marker=dict(symbol="x", size=12, color=style.colour),
                            hovertemplate=f"{label} diverged {diverged_text(r.diverged_at)}<extra></extra>")
    fig.update_layout(height=height, margin=dict(l=10, r=10, t=10, b=10),
                      xaxis_title="step", yaxis=dict(**log_axis(np.concatenate(gaps) if gaps else None),
                                                     title="loss − minimum"))
    top_legend(fig)
    last = max((len(g) - 1 for g in gaps), default=0)
    step_axes(fig, steps or (1 if last == 0 else None), font_size)
    if gaps and last == 0:
        fig.add_annotation(x=0, y=float(np.log10(max(gaps[0][0], GAP_FLOOR))), xanchor="left", yanchor="bottom",
                           text="every run diverged at its first step: no later point to draw",
                           showarrow=False, xshift=12, yshift=6)
    if font_size:
        _enlarge(fig, font_size)
    return inked(fig)


def lr_figure(results: Sequence[RunResult], labels: Sequence[str], height: int = 260,
              font_size: int | None = None, steps: int | None = None) -> go.Figure:
    """The learning rate each step used, from 0 on the y axis (a constant rate is a level line at
    its value, not a line at "0" of a -0.5..1 axis). Runs with the same rates share one line, named
    after all of them ("SGD, SGD + momentum, Adam"), so no run hides behind another. A line shared by
    runs of different colours (optimisers) is drawn in the ink's neutral colour, not in its first
    run's: in its first run's it read as that optimiser's rate alone."""
    fig = go.Figure()
    groups: dict[int, list[int]] = {}
    for i, twin in enumerate(twins([r.lrs for r in results])):
        groups.setdefault(i if twin is None else twin, []).append(i)
    styles = run_styles([r.config for r in results])
    for first, members in groups.items():
        r, style = results[first], styles[first]
        if len({styles[k].colour for k in members}) > 1:
            style = RunStyle(INK, style.dash)
        name = ", ".join(labels[k] for k in members)
        # one step before diverging is one rate: a point (a line of one point is not drawn)
        fig.add_scatter(x=np.arange(len(r.lrs)), y=r.lrs, mode="lines+markers",
                        name=name, marker=style.markers(9 if len(r.lrs) == 1 else 7),
                        line=dict(color=style.colour, width=2, shape="hv", dash=style.dash),
                        hovertemplate=f"{name}<br>step %{{x}}: lr %{{y:.4g}}<extra></extra>", showlegend=True)
    top = max((float(np.max(r.lrs)) for r in results if len(r.lrs)), default=0.0)
    fig.update_layout(height=height, margin=dict(l=10, r=10, t=10, b=10), xaxis_title="step",
                      yaxis=dict(title="learning rate", range=[0, top * 1.15 if top > 0 else 1], tickformat=".3~g",
                                 rangemode="tozero"),
                      showlegend=True)
    top_legend(fig)
    longest = max((len(r.lrs) for r in results), default=0)
    if top == 0:
        fig.add_annotation(x=0.5, y=0.5, xref="paper", yref="paper", showarrow=False,
                           text="no step was taken: every run diverged at its first step")
    elif longest == 1:  # a step axis of -1..1 around one point says nothing: start it at 0, and say why
        fig.update_xaxes(range=[-0.05, 1], dtick=1)
        fig.add_annotation(x=0, y=top, xanchor="left", yanchor="bottom", showarrow=False, xshift=12,
                           text="every run diverged after its first step: one rate each")
    step_axes(fig, steps if longest > 1 else None, font_size)
    if font_size:
        _enlarge(fig, font_size)
    return inked(fig)


REGION_COLOUR = {"too low": "rgba(148,163,184,0.18)", "good": "rgba(22,163,74,0.14)",
                 "too high": "rgba(220,38,38,0.12)"}


def sweep_figure(result: SweepResult, titles: dict[str, str] | None = None, height: int = 520,
                 font_size: int | None = None) -> go.Figure:
    """Final gap and steps-to-threshold against the learning rate, one line per optimiser.

    With a single optimiser the too-low / good / too-high regions are shaded behind it, each
    named along the top where it is wide enough for its name (unnamed, a learner read them as
    unexplained bands). ``font_size`` enlarges every label (as :func:`trajectory_figure`'s).
    Optimisers are named by their titles ("SGD", not "sgd") unless ``titles`` says otherwise.
    """
    from engine.optim.optimizers import OPTIMIZERS

    titles = {k: v.title for k, v in OPTIMIZERS.items()} | dict(titles or {})
    fig = make_subplots(rows=2, cols=1, shared_xaxes=True, vertical_spacing=0.06, row_heights=[0.6, 0.4])
    # a line per optimiser, in the colour its runs take in the lab's other figures
    styles = run_styles([RunConfig(s.optimizer, 1.0) for s in result.sweeps])
    for s, style in zip(result.sweeps, styles):
        name = titles.get(s.optimizer, s.optimizer)
        gap = np.maximum(s.final_gap, GAP_FLOOR)
        fig.add_scatter(
            x=s.lrs, y=gap, mode="lines+markers", name=name, legendgroup=name,
            line=dict(color=style.colour, width=2, dash=style.dash),
            marker=dict(size=6, color=style.colour, symbol=[OUTCOME_SYMBOL[o] for o in s.outcomes]),
            customdata=np.array(s.outcomes, dtype=object),
            hovertemplate=f"{name}<br>lr %{{x:.3g}}<br>final gap %{{y:.3g}}<br>%{{customdata}}<extra></extra>",
            row=1, col=1,
        )
        steps = [np.nan if v is None else v for v in s.steps_to_threshold]
        fig.add_scatter(x=s.lrs, y=steps, mode="lines+markers", name=name, legendgroup=name,
                        showlegend=False, line=dict(color=style.colour, width=2, dash=style.dash),
                        marker=dict(size=5),
                        connectgaps=False,
                        hovertemplate=f"{name}<br>lr %{{x:.3g}}<br>%{{y}} steps<extra></extra>",
                        row=2, col=1)
    if len(result.sweeps) == 1:
        s = result.sweeps[0]
        edges = np.sqrt(s.lrs[1:] * s.lrs[:-1])
        lo = np.concatenate([[s.lrs[0]], edges])
        hi = np.concatenate([edges, [s.lrs[-1]]])
        # One rectangle per run of equal regions, set in one call: add_vrect per rate re-validates
        # the whole layout each time and takes tens of seconds for a hundred rates.
        shapes, names, start = [], [], 0
        span = np.log10(s.lrs[-1] / s.lrs[0]) if s.lrs[-1] > s.lrs[0] else 1.0
        for i in range(1, len(s.regions) + 1):
            if i == len(s.regions) or s.regions[i] != s.regions[start]:
                x0, x1 = float(lo[start]), float(hi[i - 1])
                shapes.append(dict(type="rect", xref="x", yref="paper", x0=x0, x1=x1,
                                   y0=0, y1=1, fillcolor=REGION_COLOUR[s.regions[start]], line_width=0,
                                   layer="below"))
                if np.log10(x1 / x0) >= 0.05 * span:  # room for its name
                    # an annotation on a log axis takes the exponent (a shape takes the value)
                    # at the foot of the top panel: its top is where a diverged run's line runs
                    names.append(dict(x=float(np.log10(np.sqrt(x0 * x1))), xref="x", y=0.02, yref="y domain",
                                      yanchor="bottom", text=str(s.regions[start]), showarrow=False,
                                      font=dict(size=11, color=INK)))
                start = i
        fig.update_layout(shapes=shapes, annotations=list(fig.layout.annotations) + names)
    fig.update_xaxes(**log_axis(np.concatenate([s.lrs for s in result.sweeps])), row=1, col=1)
    fig.update_xaxes(**log_axis(np.concatenate([s.lrs for s in result.sweeps])), title_text="learning rate",
                     row=2, col=1)
    fig.update_yaxes(**log_axis(np.concatenate([np.maximum(s.final_gap, GAP_FLOOR) for s in result.sweeps])),
                     title_text="final loss − minimum", row=1, col=1)
    fig.update_yaxes(title_text="steps to threshold", row=2, col=1)
    fig.update_layout(height=height, margin=dict(l=10, r=10, t=10, b=10))
    top_legend(fig)
    if font_size:
        _enlarge(fig, font_size)
    return inked(fig)


#: points per run in the Training lab's rate panel: a run of many small batches takes tens of
#: thousands of steps, and every one of them would go to the browser with each redraw
RATE_POINTS = 2000


def step_rates(result) -> tuple[np.ndarray, np.ndarray]:
    """(epochs elapsed, rate) for the mini-batch steps of a training run, thinned to at most
    :data:`RATE_POINTS` (every k-th step and the last): the step that ends epoch e sits at x = e,
    where the loss panels draw that epoch."""
    rates = np.asarray(result.step_lrs, dtype=float)
    if rates.size == 0 or not result.steps_per_epoch:
        return np.empty(0), np.empty(0)
    keep = np.unique(np.append(np.arange(0, rates.size, -(-rates.size // RATE_POINTS)), rates.size - 1))
    return (keep + 1) / result.steps_per_epoch, rates[keep]


def rate_axis(rates: Sequence[np.ndarray]) -> dict:
    """The rate panel's log axis: from three decades under the smallest run's highest rate to
    above the highest. A schedule that ends at 0 (cosine) would otherwise stretch the axis over
    ten decades for its last few steps, and flatten every run into a line; it leaves at the bottom."""
    peaks = [float(np.max(y)) for y in rates if len(y)]
    if not peaks:
        return log_axis()
    lo, hi = min(peaks) / 1e3, max(peaks) * 3
    span = float(np.log10(hi / lo))
    # a label every decade or every other: the panel is short, and six labels in it touched. Always
    # whole decades (the range spans at least three and a half): labels chosen for the rates alone
    # put 0.01, 0.02, 0.05 and 0.1 into the top 40 px of two constant rates' panel
    return dict(log_axis(), range=[float(np.log10(lo)), float(np.log10(hi))], dtick=1 if span <= 4.5 else 2)


#: pixels between the training figure's rows: ticks, "epoch" and the next row's title (0.14 of the lab's 760 px)
ROW_GAP_PX = 100


def training_figure(results, height: int = 760, font_size: int | None = None) -> go.Figure:
    """Train and validation loss and accuracy per epoch, one colour per run, and under them the
    learning rate every mini-batch step used (what each run's schedule did).

    A diverged run keeps its place in the legend ("SGD lr=50: diverged at epoch 1"), even when it
    diverged in its first epoch and has no point to draw: a cross in its colour marks the epoch it
    diverged at, along the top of the training-loss panel (its loss was no longer a number).
    """
    if font_size:  # room for the larger axis titles between the rows
        height = int(height * (1 + (font_size - 12) / 30))
    # the right column's numbers stand at its right (below), so the columns' gap holds no labels; the
    # rows' gap holds the epochs, "epoch" and the next panel's title, in a plot area a phone's
    # taller legend shortens: at 0.12 "epoch" touched the title under it on a phone. At least
    # ROW_GAP_PX whatever the height: a fraction alone left 57 px in Practice's 460-px "Run it", and the
    # rate panel's title sat on the accuracy panels' "epoch" (a learner's walk-through)
    spacing = min(0.3, max(0.14 if not font_size else 0.16, ROW_GAP_PX / max(height - 50, 1)))  # plotly: <= 0.5
    fig = make_subplots(rows=3, cols=2, vertical_spacing=spacing, horizontal_spacing=0.06,
                        row_heights=[0.35, 0.35, 0.30], specs=[[{}, {}], [{}, {}], [{"colspan": 2}, None]],
                        subplot_titles=("Training loss", "Validation loss", "Training accuracy",
                                        "Validation accuracy", "Learning rate at each mini-batch step"))
    finite = [v for r in results for v in r.train_loss if np.isfinite(v) and v > 0]
    top = max(finite) if finite else 1.0
    rates = []
    configs = [r.config for r in results]
    styles = run_styles(configs)
    # in the rate panel, a run with another's rates is drawn dashed over it
    rate_styles = run_styles(configs, twins([r.step_lrs for r in results]))
    for i, r in enumerate(results):
        name = run_label(r.config)
        if r.diverged_at_epoch is not None:
            name = f"{name}: diverged at epoch {r.diverged_at_epoch}"
        epochs = np.arange(1, len(r.train_loss) + 1)
        for (row, col), values in zip(((1, 1), (1, 2), (2, 1), (2, 2)),
                                      (r.train_loss, r.val_loss, r.train_acc, r.val_acc)):
            fig.add_scatter(x=epochs, y=values, mode="lines+markers", name=name, legendgroup=name,
                            showlegend=(row, col) == (1, 1) and len(epochs) > 0,
                            line=dict(color=styles[i].colour, width=2, dash=styles[i].dash),
                            marker=styles[i].markers(7), row=row, col=col)
        if r.diverged_at_epoch is not None:
            # plotly leaves a trace without points out of the legend: the cross carries it then
            fig.add_scatter(x=[r.diverged_at_epoch], y=[top], mode="markers", name=name, legendgroup=name,
                            showlegend=len(epochs) == 0, marker=dict(symbol="x", size=12, color=styles[i].colour),
                            hovertemplate=f"{name}<extra></extra>", row=1, col=1)
        x, y = step_rates(r)
        rates.append(y)
        fig.add_scatter(x=x, y=y, mode="lines+markers", name=name, legendgroup=name, showlegend=False,
                        line=dict(color=rate_styles[i].colour, width=2, dash=rate_styles[i].dash),
                        marker=rate_styles[i].markers(7),
                        hovertemplate=f"{name}<br>epoch %{{x:.2f}}: rate %{{y:.3g}}<extra></extra>", row=3, col=1)
    # training and validation on one scale in each row, the lesson being the gap between them: on
    # scales of their own (training loss 0.01 to 1, validation 0.2 to 1) the curves read alike
    losses = log_axis([v for r in results for v in (*r.train_loss, *r.val_loss)])
    shares = share_axis([v for r in results for v in (*r.train_acc, *r.val_acc)])
    for row, axis, first in ((1, losses, "y"), (2, shares, "y3")):
        fig.update_yaxes(**axis, row=row, col=1)
        fig.update_yaxes(**axis, matches=first, row=row, col=2)
    fig.update_yaxes(**rate_axis(rates), row=3, col=1)
    # on a phone the validation panels' numbers, at their left, sat against the training panels
    for row in (1, 2):
        fig.update_yaxes(side="right", row=row, col=2)
    # each column's two panels share their epochs, as the panels sat before the rate panel came under them
    fig.update_xaxes(matches="x3", showticklabels=False, row=1, col=1)
    fig.update_xaxes(matches="x4", showticklabels=False, row=1, col=2)
    # "epoch" under the rate panel names the epochs of all: under the accuracy panels too, on a
    # phone (whose legend, a run to a row, shortens the plot) it ran into the rate panel's title
    fig.update_xaxes(title_text="epoch", row=3, col=1)
    fig.update_layout(height=height, margin=dict(l=10, r=10, t=40, b=10),
                      legend=dict(orientation="h", y=1.06, yanchor="bottom", x=0))
    if font_size:
        _enlarge(fig, font_size)
    return inked(fig)


def range_test_figure(rt, height: int = 380, font_size: int | None = None) -> go.Figure:
    fig = go.Figure()
    fig.add_scatter(x=rt.lrs, y=rt.losses, mode="lines", name="loss per batch",
                    line=dict(color="rgba(100,116,139,0.45)", width=1))
    fig.add_scatter(x=rt.lrs, y=rt.smoothed, mode="lines", name="smoothed", line=dict(color=PALETTE[0], width=3))
    # add_vline's own annotation lands at x = value on a log axis (plotly wants log10(value)), far
    # from its line; the labels are placed by hand, in the axis's log10 units, next to each line
    # the rates as the metrics under the chart write them (3 significant digits): "suggested 0.56" above
    # "Suggested rate 0.565" read as two suggestions (a lecturer's walk-through)
    marks = [(rt.min_loss_lr / 10, PALETTE[4], "dot", f"min/10 {rt.min_loss_lr / 10:.3g}", 0.02, "bottom")]
    if rt.suggestion:
        marks.insert(0, (rt.suggestion, PALETTE[2], "dash", f"suggested {rt.suggestion:.3g}", 0.98, "top"))
    for x, c, style, text, y, anchor in marks:
        fig.add_vline(x=x, line=dict(color=c, dash=style))
        fig.add_annotation(x=float(np.log10(x)), xref="x", y=y, yref="paper", yanchor=anchor, xanchor="left",
                           text=text, showarrow=False, font=dict(color=c), bgcolor="rgba(255,255,255,0.8)")
    top = max(rt.smoothed) if rt.smoothed else 1
    fig.update_layout(height=height, margin=dict(l=10, r=10, t=10, b=10),
                      xaxis=dict(**log_axis(rt.lrs), title="learning rate"),
                      yaxis=dict(title="training loss", range=[0, min(top, 4 * min(rt.smoothed or [1])) * 1.1]))
    top_legend(fig)
    if font_size:
        _enlarge(fig, font_size)
    return inked(fig)
