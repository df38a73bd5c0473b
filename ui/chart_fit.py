"""A chart whose axes keep their aspect (the trajectory charts' 1:1 x and y), as tall as the
width it is given lets its plot be.

A figure has one height in pixels, fixed when it is built, but its width is the screen's. The
trajectory charts keep x and y at the same scale, so on a phone (a plot 300 px wide) the surface
filled 150 of a 560-px figure and left empty bands of about 150 px above and below it. Here the
chart's box gets its height from its own width in the browser (a CSS container query length,
``cqw``): the plot's width times the surface's aspect, plus what the figure draws around the plot
(margins, the legend's rows, the axis), at most the height the figure was built with, so a wide
screen draws it as before. The chart is drawn with ``height="stretch"`` inside that box.
"""

from __future__ import annotations

import math

import plotly.graph_objects as go

from ui.figures import toolbar_row_px

#: plotly's default font size (px), when a figure sets none
DEFAULT_FONT = 12
# Plotly's layout, measured in Chromium at 12 and 18 px (the lab's two sizes), in font sizes
# where it grows with the font: a legend item is its 40-px sample and its text (0.6 of the font
# a character), 5 px apart; a row is 1.45 fonts and 1.6 px, the legend 10 px more; the y axis's
# labels and title take 41 px and 1.17 fonts beside the margins; the x axis's labels and the step
# readout under the plot at least 49 px and 2.67 fonts; the legend sits 2% of the plot above it.
ITEM_PX, CHAR_EM, ITEM_GAP = 40, 0.6, 5
ROW_EM, ROW_PX, LEGEND_PX = 1.45, 1.6, 10
Y_LABELS_PX, Y_LABELS_EM = 41, 1.17
BELOW_PX, BELOW_EM = 49, 2.67
LEGEND_LIFT = 0.02
#: the screen width (px) under which Streamlit puts columns one under the other
COLUMNS_STACK_BELOW = 640


def _font(fig: go.Figure) -> float:
    return float(fig.layout.font.size or DEFAULT_FONT)


def _legend_items(fig: go.Figure) -> list[float]:
    """The width (px) each item of ``fig``'s legend takes."""
    font = float(fig.layout.legend.font.size or _font(fig))
    return [ITEM_PX + CHAR_EM * font * len(t.name or "") + ITEM_GAP for t in fig.data
            if t.showlegend is not False and t.name]


def legend_rows(fig: go.Figure, width_px: float) -> int:
    """Rows a horizontal legend of ``fig`` takes across ``width_px``: one when its items fit side
    by side, else plotly's grid of equal columns as wide as its widest item."""
    return _rows(_legend_items(fig), width_px)


def _rows(items: list[float], width_px: float) -> int:
    if not items:
        return 0
    if sum(items) <= width_px:
        return 1
    columns = max(1, int(width_px // max(items)))
    return math.ceil(len(items) / columns)


def legend_breaks(fig: go.Figure) -> list[float]:
    """The widths (px, of the legend's room) at which the legend takes one row fewer: a column
    more of its grid, or all of it on one row. The estimates err wide (0.6 of a font a
    character), so between a break and the real one the chart is a row too tall, never short."""
    return _breaks(_legend_items(fig))


def _breaks(items: list[float]) -> list[float]:
    if len(items) < 2:
        return []
    widest, whole = max(items), sum(items)
    breaks = {whole}
    for columns in range(2, len(items)):
        if columns * widest < whole:
            breaks.add(columns * widest)
    return sorted(breaks)


def aspect(fig: go.Figure) -> float | None:
    """The plot's height over its width when its y axis keeps the x axis's scale, else None."""
    x, y = fig.layout.xaxis, fig.layout.yaxis
    if y.scaleanchor != "x" or not x.range or not y.range:
        return None
    width, height = float(x.range[1] - x.range[0]), float(y.range[1] - y.range[0])
    if not (width > 0 and height > 0):
        return None
    ratio = height / width / float(y.scaleratio or 1)
    return ratio if math.isfinite(ratio) else None


def height_css(fig: go.Figure, box: str, stacked_only: bool = False, beside: str | None = None) -> str:
    """A style sheet sizing the box of class ``box`` (the chart's keyed element) to ``fig``: the
    box is the query container, its child (the chart) as tall as the plot's width lets it be, at
    most the figure's own height. An empty string for a figure without a fixed aspect.

    ``stacked_only``: a chart in a row of columns keeps its figure's height (its neighbours' too),
    or ``beside`` (a CSS height: "100%" of a box the page sizes itself), while the columns stand
    side by side, and is fitted where they stack, on a phone."""
    ratio = aspect(fig)
    if ratio is None:
        return ""
    m, font = fig.layout.margin, _font(fig)
    # above the legend: the row kept for the toolbar, which holds the top margin (ui.figures)
    top = toolbar_row_px(fig) or (m.t or 0)
    legend_font = float(fig.layout.legend.font.size or font)
    side = (m.l or 0) + (m.r or 0) + Y_LABELS_PX + Y_LABELS_EM * font
    below = max(float(m.b or 0), BELOW_PX + BELOW_EM * font)
    most = int(fig.layout.height or 450)
    items = _legend_items(fig)  # read once: each property of a plotly figure costs its checks
    rules = [f".{box} {{ container-type: inline-size; }}"]
    # the legend's rows change at a few widths of the box: a rule below the first, and one from each
    for room in [0.0, *_breaks(items)]:
        rows = _rows(items, room) if room else len(items)
        legend = rows * (ROW_EM * legend_font + ROW_PX) + LEGEND_PX if rows else 0
        rule = (f".{box} > div {{ height: min({most}px, calc((100cqw - {side:.0f}px) * {ratio * (1 + LEGEND_LIFT):.4f}"
                f" + {top + legend + below:.0f}px)); }}")
        rules.append(f"@container (min-width: {math.ceil(room + side)}px) {{ {rule} }}" if room else rule)
    if stacked_only:
        return "\n".join([f".{box} > div {{ height: {beside or f'{most}px'}; }}",
                          f"@media (max-width: {COLUMNS_STACK_BELOW}px) {{", *rules, "}"])
    return "\n".join(rules)


def fit_to_width(key: str, fig: go.Figure, stacked_only: bool = False, beside: str | None = None) -> str:
    """Write the style that sizes the chart of element key ``key`` to ``fig`` (:func:`height_css`);
    return the ``height`` to draw it with: ``"stretch"`` (its box's), or ``"content"`` (the
    figure's own) for a figure without a fixed aspect."""
    import streamlit as st

    from ui.element_keys import element_class

    css = height_css(fig, element_class(key), stacked_only, beside)
    if not css:
        return "content"
    st.html(f"<style>{css}</style>")
    return "stretch"


def taller_when_narrow(key: str, height: int, narrow: int = COLUMNS_STACK_BELOW, most: int = 880) -> str:
    """Write the style that draws the chart of element key ``key`` taller as its box narrows under
    ``narrow`` px: ``height`` px from there up, and 1.2 px more for each px less, to at most
    ``most``; return the ``height`` to draw it with (``"stretch"``, its box's).

    For a chart whose marks share its area (the topic map's tiles): on a 390-px phone the area of
    a 520-px map left 9 of its 26 tiles too small to carry their names.
    """
    import streamlit as st

    from ui.element_keys import element_class

    box = element_class(key)
    grow = f"calc({height + 1.2 * narrow:.0f}px - 1.2 * 100cqw)"
    st.html(f"<style>.{box} {{ container-type: inline-size; }}\n"
            f".{box} > div {{ height: clamp({height}px, {grow}, {most}px); }}</style>")
    return "stretch"
