"""Plotly figure builders: engine results in, ``go.Figure`` out. Never imports streamlit."""

from __future__ import annotations

import textwrap

from collections.abc import Sequence

import plotly.graph_objects as go

from engine.progress import GroupStats
from engine.progress_summary import STRONG, WEAK

#: 3:1 or more on white each (WCAG 1.4.11: a bar, a tile). The amber was #f59e0b, 2.15:1; the darker
#: #b45309 (5:1) looks as red does to a deuteranope (CIELAB 4 apart; this one 17)
GREEN, AMBER, RED = "#16a34a", "#d97706", "#dc2626"
#: the line between two segments of a stacked bar: green, amber and red are 1.0 to 1.5:1 to one another
SEPARATOR = dict(color="#ffffff", width=1.5)
NOT_TRIED = "#e2e8f0"
#: text on a coloured tile: whichever of the two contrasts more with it
LIGHT_TEXT, DARK_TEXT = "#ffffff", "#111827"


def _luminance(colour: str) -> float:
    """WCAG relative luminance of a ``#rrggbb`` colour."""
    channels = [int(colour.lstrip("#")[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    r, g, b = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio of two ``#rrggbb`` colours (1 to 21; body text wants 4.5)."""
    hi, lo = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def text_on(colour: str) -> str:
    """The text colour to write on a ``colour`` background (plotly's own pick put white on the
    green tiles, 3.3:1)."""
    return max((LIGHT_TEXT, DARK_TEXT), key=lambda t: contrast(t, colour))


#: text on a figure's axes, colour bars, notes and sliders. Streamlit's Plotly theme greys it at
#: #808495, 3.7:1 on the white page, under the 4.5:1 that text this small needs (axe, WCAG 1.4.3);
#: this is 7.6:1. It must be set on each figure: the theme overrides a template's axis colours.
INK = "#4b5563"
#: ``config`` of a chart that is read, not explored (a question's figure, the progress charts): on
#: a touch screen Plotly shows its toolbar all the time, over the legend at the top, and on a
#: phone the toolbar's buttons took the taps meant for curve "A", "B" and "C"
READ_ONLY = {"displayModeBar": False}


#: charts' names for a screen reader (``alt``), where it heard an unnamed image and then the tick
#: numbers (the keyboard walk-through): what a chart shows, drawn in the labs and the Presenter alike
PATHS_ALT = ("Paths of the runs over the loss surface's contour lines, from the start point to the last "
             "step; Play, Pause and Go to step are under it")
LOSS_ALT = "Loss at each step, one line per run"
LR_ALT = "Learning rate at each step, one line per run"
TRAINING_ALT = "Charts of each run: training and validation loss and accuracy by epoch, and the learning rate"
GP_ALT = ("The Gaussian process's estimate of the score over the search space, with its uncertainty and "
          "the points evaluated so far")


def chart_alt(fig: go.Figure) -> str:
    """A chart's name for a screen reader from its own axis titles ("Chart of loss against
    step"), for a figure no text of its own names (a "Run it" scenario's without one); "Chart" when it
    has none."""
    x, y = fig.layout.xaxis.title.text, fig.layout.yaxis.title.text
    return f"Chart of {y} against {x}" if x and y else "Chart"


#: ``config`` of a chart that is explored (the labs'): Plotly's toolbar without the buttons the
#: mouse already has (zoom in and out: a drag, a double click), five Tab stops, not eight. The
#: toolbar has a row of its own at the chart's top (:func:`keep_toolbar_row`)
EXPLORED = {"modeBarButtonsToRemove": ["zoomIn2d", "zoomOut2d", "autoScale2d"], "displaylogo": False}


def projected(font_size: int | None) -> dict:
    """``config`` of a lab's chart: read-only in large text (a projected chart is watched, as on the
    Presenter, and its toolbar sat on the larger legend), :data:`EXPLORED` otherwise."""
    return READ_ONLY if font_size else EXPLORED


def has_toolbar(config: dict) -> bool:
    """Whether a chart drawn with ``config`` shows Plotly's toolbar (under the pointer)."""
    return config.get("displayModeBar") is not False


#: px at the top of a chart with a toolbar kept for it, beside the figure's own top margin: the
#: toolbar shows there, at the top right, while the pointer is over the chart. A legend across the
#: top wraps at the plot's width, and its first row ran under the toolbar at most widths of a laptop
#: (the Training lab with the sidebar open: 800 to 1050 px and 1250 px, "SGD + momentum lr=0.05"
#: under the camera and the zoom; a legend entry under it cannot be clicked)
TOOLBAR_ROW = 20


#: a legend across the top of a figure, above its plot: rows from the plot's left edge (``xref``
#: "paper" is the plot), wrapped at the plot's width, its top at the figure's top (``yref``
#: "container"). See :func:`top_legend`.
TOP_LEGEND = dict(orientation="h", x=0, xanchor="left", xref="paper", y=1, yanchor="top", yref="container")


def top_legend(fig: go.Figure) -> None:
    """Put ``fig``'s legend across its top, above the plot (:data:`TOP_LEGEND`).

    Placed from the figure's top, not from the plot's: Plotly places a legend given in plot units
    (``y=1.02``) from the top margin as it stood before the legend was measured at the chart's width,
    and does not place it again when that margin changes. A chart drawn first narrower than it is shown
    (in a tab not yet open, beside an open sidebar) kept its legend where two rows had put it after the
    margin had shrunk to one row: over the top of the plot, hiding the first 118 steps of a line
    (plotly.js issue 6492; the lecturer's walk at 1920 px with large text). Placed from the figure's
    top, the legend's place depends on no margin, and Plotly keeps the plot's top under the legend's
    measured bottom (a margin it reserves each time it draws the legend).
    """
    fig.update_layout(legend=TOP_LEGEND)


def is_top_legend(fig: go.Figure) -> bool:
    """Whether ``fig``'s legend is placed by :func:`top_legend` (from the figure's top)."""
    legend = fig.layout.legend
    return legend.yref == "container" and legend.yanchor == "top" and legend.orientation == "h"


def keep_toolbar_row(fig: go.Figure) -> None:
    """Keep a row at ``fig``'s top, over everything else it draws, free for the toolbar.

    The row is a blank title placed on the figure (not on the plot) that reserves its height: Plotly
    adds that to what the legend and the axes push the top margin by (a legend's rows depend on the
    width, which only the browser knows), and lets it reach past the figure's own top margin. The
    title is one pixel high and its padding the rest: the figure's top margin and :data:`TOOLBAR_ROW`.
    A legend across the top (:func:`top_legend`) is placed from the figure's top, where Plotly reserves
    the larger of the title's height and the legend's bottom: it is moved down by the row itself.
    """
    top = fig.layout.margin.t
    if top is None:
        raise ValueError("a figure given a toolbar row sets its own top margin")
    fig.update_layout(title=dict(text=" ", font=dict(size=1), x=0, xref="container", y=1, yref="container",
                                 yanchor="top", automargin=True, pad=dict(t=0, b=top + TOOLBAR_ROW, l=0, r=0)))
    if is_top_legend(fig):
        # a share of the figure's height, the only unit a legend's place has: exact for a figure drawn
        # at its own height, within a few px for one fitted to its width (ui.chart_fit)
        fig.update_layout(legend_y=1 - TOOLBAR_ROW / float(fig.layout.height or 450))


def toolbar_row_px(fig: go.Figure) -> float:
    """The height (px) :func:`keep_toolbar_row` reserved at ``fig``'s top, 0 if it did not."""
    title = fig.layout.title
    return float(title.pad.b) + 1 if title.text == " " and title.automargin and title.pad.b else 0.0


def inked(fig: go.Figure) -> go.Figure:
    """``fig`` with its axis ticks and titles, colour-bar ticks, notes, parallel-coordinate labels,
    sliders and buttons in :data:`INK` (a colour a builder set on a note, slider or button is
    kept). Every figure builder returns its figure through this (``tests/ui/test_figure_ink.py``
    holds them to it)."""
    # set only where it is not ink already: plotly takes about a millisecond to set a property on
    # a figure (update_xaxes took 5 ms a figure), and a figure built from a spec comes inked
    # (ui.figures_forms.plot_spec)
    for name in fig.layout:
        if name.startswith(("xaxis", "yaxis")):
            axis = fig.layout[name]
            if axis.tickfont.color != INK:
                axis.tickfont.color = INK
            if axis.title.font.color != INK:
                axis.title.font.color = INK
    for note in fig.layout.annotations:
        if note.font.color is None:
            note.font.color = INK
    for trace in fig.data:
        if trace.type in ("contour", "heatmap"):
            trace.colorbar.tickfont.color = INK
            trace.colorbar.title.font.color = INK
        elif trace.type == "parcoords":
            trace.labelfont.color = trace.tickfont.color = trace.rangefont.color = INK
        elif trace.type == "scatter" and trace.marker.showscale:
            trace.marker.colorbar.tickfont.color = INK
            trace.marker.colorbar.title.font.color = INK
    for slider in fig.layout.sliders:  # a colour set on purpose (labels hidden as transparent) is kept
        if slider.font.color is None:
            slider.font.color = INK
        if slider.currentvalue.font.color is None:
            slider.currentvalue.font.color = INK
    for menu in fig.layout.updatemenus:
        if menu.font.color is None:
            menu.font.color = INK
    return fig


def _score_colour(acc: float) -> str:
    """Red below 50%, amber below 75%, green from there: readable on light and dark themes."""
    return RED if acc < WEAK else AMBER if acc < STRONG else GREEN


def whole_step(most: float, ticks: int = 6) -> int:
    """The step between an axis's ticks for counts up to ``most``: a whole 1, 2 or 5 times a power
    of ten, the smallest that gives at most ``ticks`` steps (1,000 answers: 0, 200, 400, ..., not
    the 0, 167, 334, ... of ``most / 6``)."""
    decade = 1
    while True:
        for m in (1, 2, 5):
            if most <= ticks * m * decade:
                return m * decade
        decade *= 10


def outcome_bars(groups: Sequence[GroupStats], labels: dict[str, str] | None = None) -> go.Figure:
    """Stacked horizontal bars per group: correct / partly right / wrong answers.

    Counts rather than percentages, so a group with one answer does not look as settled as
    one with twenty; the average score (partial credit counts) is written at the end of each bar.
    """
    labels = labels or {}
    names = [labels.get(g.key, g.key) for g in groups]
    fig = go.Figure()
    for label, colour, values in (
        ("Correct", GREEN, [g.correct for g in groups]),
        ("Partly right", AMBER, [g.partial for g in groups]),
        ("Wrong", RED, [g.wrong for g in groups]),
    ):
        fig.add_bar(
            name=label,
            x=values,
            y=names,
            orientation="h",
            marker=dict(color=colour, line=SEPARATOR),
            hovertemplate=f"%{{y}}: %{{x}} {label.lower()}<extra></extra>",
        )
    fig.add_scatter(
        x=[g.attempts for g in groups],
        y=names,
        mode="text",
        text=[f"  {g.mean_score:.0%} avg" for g in groups],
        textposition="middle right",
        showlegend=False,
        hoverinfo="skip",
        # a narrow column (By difficulty beside By topic) left too little room past the longest
        # bar: its label ran off the figure's edge; it may go into the right margin instead
        cliponaxis=False,
    )
    most = max((g.attempts for g in groups), default=1)
    fig.update_layout(
        barmode="stack",
        xaxis=dict(title="answers", range=[0, most * 1.18 + 0.5], dtick=whole_step(most)),
        yaxis=dict(autorange="reversed"),
        height=max(200, 34 * len(groups) + 110),
        margin=dict(l=10, r=40, t=30, b=40),
        legend=dict(orientation="h", y=1.0, yanchor="bottom", x=0, traceorder="normal"),
        bargap=0.35,
    )
    return inked(fig)


#: the topic map's height (px) on a screen wider than a phone's (see ui.chart_fit.taller_when_narrow)
TOPIC_MAP_HEIGHT = 520


#: a word's break inside it, on a tile only: "hyperparameters", whole, is wider than a phone's narrow tile
TILE_BREAKS = {"hyperparameters": "hyper-parameters"}


def tile_lines(name: str, width: int = 12) -> list[str]:
    """A topic's name as a tile of the topic map writes it: lines of ``width`` characters, broken at
    spaces, and where a word longer than a line joins two (a hyphen, a slash, :data:`TILE_BREAKS`).
    Kept whole, such a word left its tile nameless on a phone ("Model and architecture
    hyperparameters", a tile narrower than the word).

    >>> tile_lines("Model and architecture hyperparameters"), tile_lines("Over/underfitting and bias-variance")
    (['Model and', 'architecture', 'hyper-', 'parameters'], ['Over/', 'underfitting', 'and bias-', 'variance'])
    """
    for word, broken in TILE_BREAKS.items():
        name = name.replace(word, broken)
    return textwrap.wrap(name.replace("/", "/ "), width, break_long_words=False, break_on_hyphens=True)


def topic_map(groups: Sequence[GroupStats], labels: dict[str, str], total_by_topic: dict[str, int]) -> go.Figure:
    """A treemap of topics: area = questions in the banks, colour = average score (grey: not tried yet).

    The average score counts partial credit, so an answer at 33% or 90% shows for what it earned.
    """
    by_key = {g.key: g for g in groups}
    keys = [k for k, n in total_by_topic.items() if n]
    colours, text, score = [], [], []  # text: the hover's words; score: the tile's
    for k in keys:
        g = by_key.get(k)
        if g is None:
            colours.append(NOT_TRIED)
            text.append("not tried yet")
            score.append("not tried")
        else:
            colours.append(_score_colour(g.mean_score))
            text.append(f"{g.mean_score:.0%} average · {g.attempts} answer{'s' if g.attempts != 1 else ''}")
            score.append(f"{g.mean_score:.0%}")
    # a tile too small for its words leaves them out (hover or tap shows them) rather than
    # shrinking them to 3 px, as it did on a phone. On a 390 px phone 11 of 26 tiles still had no
    # name (a learner's walk-through): the tile says only the name, broken over lines of 12
    # characters at its spaces, and the score ("not tried" when grey); the answers' count is in the
    # hover and the bars above. With 10 px as the smallest size and a taller map, 19 of those 26
    # tiles are named on the phone and all but two on a laptop (measured in chromium at 358 and 820 px)
    names = [labels.get(k, k) for k in keys]
    fig = go.Figure(go.Treemap(
        labels=names, parents=[""] * len(keys), values=[total_by_topic[k] for k in keys],
        marker=dict(colors=colours), text=text, texttemplate="%{customdata[0]}<br>%{customdata[1]}",
        customdata=[["<br>".join(tile_lines(n)), t] for n, t in zip(names, score)],
        textfont=dict(color=[text_on(c) for c in colours]),
        hovertemplate="%{label}<br>%{text}<br>%{value} questions<extra></extra>",
    ))
    fig.update_layout(height=TOPIC_MAP_HEIGHT, margin=dict(l=0, r=0, t=0, b=0),
                      uniformtext=dict(minsize=10, mode="hide"))
    return inked(fig)
