"""A chart whose axes keep their aspect (the trajectory charts' 1:1 x and y), as tall as the
width it is given lets its plot be, and no wider than its height lets the plot be.

A figure has one height in pixels, fixed when it is built, but its width is the screen's. The
trajectory charts keep x and y at the same scale, so on a phone (a plot 300 px wide) the surface
filled 150 of a 560-px figure and left empty bands of about 150 px above and below it. Here the
chart's box gets its height from its own width in the browser (a CSS container query length,
``cqw``): the plot's width times the surface's aspect, plus what the figure draws around the plot
(margins, the legend's rows, the axis), at most a given height (the figure's own, or one that
grows with the window's, :class:`ScreenTall`). The chart is drawn with ``height="stretch"``.

Where that height is the limit (a wide screen), the chart is also no wider than the plot it can
draw at that height, centred in its box: Plotly would otherwise narrow the plot inside the wider
figure and centre it there, while the legend and the step readout stay at the figure's edges (the
Presenter's legend 250 px left of a centred square plot, the lab's "step 200" 330 px right of the
plot at 1920 px). With the figure as wide as its plot, both sit at the plot's edges.

The legend's rows are estimated from its names' widths in the charts' font, a little wide: where the
estimate errs, the plot is a little shorter than its figure (a band under the legend), never narrower.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import plotly.graph_objects as go

from ui.figures import is_top_legend, toolbar_row_px

#: plotly's default font size (px), when a figure sets none
DEFAULT_FONT = 12
# Plotly's layout, measured in Chromium at 12 and 18 px (the lab's two sizes), in font sizes
# where it grows with the font: a legend item is its sample and its text (42 px more than the
# text), 5 px apart; a row is 1.45 fonts and 1.6 px, the legend 10 px more; the y axis's labels
# and title take 41 px and 1.17 fonts beside the margins; the x axis's labels and the step readout
# under the plot at least 49 px and 2.67 fonts. A legend placed in plot units (y=1.02) sits 2% of the plot above it; one
# across the figure's top (ui.figures.top_legend) has the top margin between it and the plot.
ITEM_PX, ITEM_GAP = 42, 5
ROW_EM, ROW_PX, LEGEND_PX = 1.45, 1.6, 10
Y_LABELS_PX, Y_LABELS_EM = 41, 1.17
BELOW_PX, BELOW_EM = 49, 2.67
LEGEND_LIFT = 0.02
#: the widths of the characters of Source Sans (Streamlit's font, its charts' too) in hundredths of
#: the font size, measured in Chromium (canvas measureText at 100 px; a legend's text measured within
#: a pixel of it); a character not here counts as :data:`OTHER_CHAR`, wider than most
CHAR_WIDTHS = dict(zip(
    " !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~×−σβ·",
    (20, 29, 43, 50, 50, 82, 61, 25, 30, 30, 42, 50, 25, 31, 25, 35, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 25, 25,
     50, 50, 50, 42, 85, 54, 59, 57, 61, 53, 49, 62, 65, 26, 48, 58, 49, 73, 65, 66, 57, 66, 57, 53, 54, 64, 51, 79,
     51, 48, 54, 30, 35, 30, 50, 50, 54, 50, 55, 46, 55, 50, 29, 50, 54, 25, 25, 49, 25, 83, 55, 54, 55, 55, 35, 42,
     34, 54, 47, 72, 45, 47, 42, 30, 24, 30, 50, 50, 50, 55, 56, 25)))
OTHER_CHAR = 70
#: the text's estimate is this much wider than the measured widths (rounding, kerning): a legend
#: estimated a row too tall leaves a band under it, a row too short would narrow the plot
TEXT_SPARE = 1.05
#: px of height given beyond the estimate, so that where an estimate errs (the y axis's labels
#: are a digit wider, say) the plot is a few px shorter than its box, never narrower: a plot
#: narrowed inside its figure leaves the legend and the readout off its edges again
SPARE_PX = 4
#: the screen width (px) under which Streamlit puts columns one under the other
COLUMNS_STACK_BELOW = 640


@dataclass(frozen=True)
class ScreenTall:
    """A chart's height where its width is not the limit: the window's height less ``less`` px,
    from the figure's own height up to ``most`` px (a projector's large screen gets a larger
    picture, the controls under it still on screen)."""

    less: int
    most: int

    def css(self, least: int) -> str:
        """The height as a CSS length, for a figure ``least`` px high."""
        return f"clamp({least}px, 100vh - {self.less}px, {max(least, self.most)}px)"


def text_px(text: str, font: float) -> float:
    """The width (px) of ``text`` at ``font`` px in the charts' font, estimated a little wide."""
    return sum(CHAR_WIDTHS.get(c, OTHER_CHAR) for c in text) / 100 * font * TEXT_SPARE


def _font(fig: go.Figure) -> float:
    return float(fig.layout.font.size or DEFAULT_FONT)


def _legend_items(fig: go.Figure, font: float | None = None) -> list[float]:
    """The width (px) each item of ``fig``'s legend takes (none when the figure hides its legend)."""
    if fig.layout.showlegend is False:
        return []
    font = font or float(fig.layout.legend.font.size or _font(fig))
    # in the legend's order (a trace drawn last, over the others, may come first: ``legendrank``)
    shown = sorted((t for t in fig.data if t.showlegend is not False and t.name),
                   key=lambda t: 1000 if t.legendrank is None else t.legendrank)
    return [ITEM_PX + text_px(t.name or "", font) for t in shown]


def legend_rows(fig: go.Figure, width_px: float) -> int:
    """Rows a horizontal legend of ``fig`` takes across ``width_px``, as plotly lays it out: one
    when its items fit side by side, else a grid of equal columns as wide as its widest item."""
    return _rows(_legend_items(fig), width_px)


def _rows(items: list[float], width_px: float) -> int:
    if not items:
        return 0
    if sum(items) + ITEM_GAP * (len(items) - 1) < width_px:
        return 1
    widest = max(items)
    # plotly starts a new row where an item's right edge, less the gap, would reach the width
    per_row = max(1, math.ceil((width_px - widest + ITEM_GAP) / (widest + ITEM_GAP)))
    return math.ceil(len(items) / per_row)


def legend_breaks(fig: go.Figure) -> list[float]:
    """The widths (px, of the legend's room) past which the legend takes one row fewer: a column
    more of its grid, or all of it on one row. The estimates err wide, so between a break and the
    real one the chart is a row too tall, never short."""
    return _breaks(_legend_items(fig))


def _breaks(items: list[float]) -> list[float]:
    if len(items) < 2:
        return []
    widest, whole = max(items), sum(items) + ITEM_GAP * (len(items) - 1)
    breaks = {whole}
    for columns in range(2, len(items)):
        if (at := columns * (widest + ITEM_GAP) - 2 * ITEM_GAP) < whole:
            breaks.add(at)
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


@dataclass(frozen=True)
class PlotFrame:
    """What a figure whose axes keep their aspect draws around its plot, as estimated here (px)."""

    ratio: float  # the plot's height over its width (and the legend's lift, for one in plot units)
    side: float  # beside the plot: the margins, the y axis's labels and its title
    items: tuple[float, ...]  # the legend's items' widths
    row_px: float  # a legend row's height
    legend_px: float  # the legend's height beside its rows
    legend_top: float  # where a legend across the top starts (0 for one in plot units)
    title: float  # the blank title keeping the toolbar's row (ui.figures.keep_toolbar_row), or 0
    margin_t: float
    below: float  # under the plot: the x axis's labels and title, the step readout
    on_top: bool  # the legend placed from the figure's top (ui.figures.top_legend)
    least: int  # the figure's own height

    def rows(self, plot_width: float) -> int:
        """The legend's rows over a plot ``plot_width`` px wide."""
        return _rows(list(self.items), plot_width)

    def around(self, rows: int) -> float:
        """px the figure draws above and under its plot with the legend in ``rows`` rows."""
        legend = rows * self.row_px + self.legend_px if rows else 0.0
        if self.on_top:  # Plotly reserves the larger of the title's row and the legend's bottom, over the margin
            return self.margin_t + max(self.title, self.legend_top + legend if rows else 0.0) + self.below
        return (self.title or self.margin_t) + legend + self.below

    def cap_rows(self, height: float) -> int:
        """The legend's rows over the widest plot a figure ``height`` px high holds: a row more leaves
        a shorter plot, a narrower one, and maybe a row more again."""
        rows = self.rows(math.inf)
        for _ in self.items:
            more = self.rows(max(height - self.around(rows), 0.0) / self.ratio)
            if more <= rows:
                break
            rows = more
        return rows


def plot_frame(fig: go.Figure) -> PlotFrame | None:
    """:class:`PlotFrame` of ``fig``, None for a figure whose axes keep no aspect.

    Kept on a figure sent once (:func:`ui.kept_figures.sent_once`: it never changes), which a page
    sizes again on every rerun: reading its properties took 1.4 ms of each (plotly checks each read).
    """
    if "to_dict" in vars(fig):  # sent once
        if "_plot_frame" not in vars(fig):
            fig._plot_frame = _read_frame(fig)
        return fig._plot_frame
    return _read_frame(fig)


def _read_frame(fig: go.Figure) -> PlotFrame | None:
    ratio = aspect(fig)
    if ratio is None:
        return None
    layout = fig.layout  # each property of a plotly figure costs its checks: read once
    m, font, legend = layout.margin, float(layout.font.size or DEFAULT_FONT), layout.legend
    legend_font = float(legend.font.size or font)
    least = int(layout.height or 450)
    on_top = is_top_legend(fig)
    return PlotFrame(
        ratio=ratio if on_top else ratio * (1 + LEGEND_LIFT),
        side=(m.l or 0) + (m.r or 0) + Y_LABELS_PX + Y_LABELS_EM * font,
        items=tuple(_legend_items(fig, legend_font)),
        row_px=ROW_EM * legend_font + ROW_PX, legend_px=LEGEND_PX + 2 * float(legend.borderwidth or 0),
        # a share of the figure's height (of the height it was built with: drawn taller, the legend
        # starts a little lower, into SPARE_PX)
        legend_top=(1 - float(legend.y if legend.y is not None else 1)) * least if on_top else 0.0,
        title=toolbar_row_px(fig), margin_t=float(m.t or 0),
        below=max(float(m.b or 0), BELOW_PX + BELOW_EM * font) + SPARE_PX, on_top=on_top, least=least)


def height_css(fig: go.Figure, box: str, stacked_only: bool = False, tallest: ScreenTall | None = None) -> str:
    """A style sheet sizing the box of class ``box`` (the chart's keyed element) to ``fig``: the
    box is the query container, its child (the chart) as tall as the plot's width lets it be, at
    most the figure's height or ``tallest``, and no wider than the plot that height holds, centred.
    An empty string for a figure without a fixed aspect.

    ``stacked_only``: a chart in a row of columns is as tall as its figure (or ``tallest``), as its
    neighbours, while the columns stand side by side, and is fitted where they stack, on a phone.

    What the figure draws around its plot depends on the legend's rows, at the chart's width: two
    custom properties hold it, ``--fit-rows`` for the width of the box (a container query per
    width where the rows change) and ``--fit-cap`` for the width of the widest plot the height
    holds (a media query per window height where they change); the chart's width is the smaller
    of the two widths, so its legend has the larger number of rows.
    """
    f = plot_frame(fig)
    if f is None:
        return ""
    least, side, ratio = f.least, f.side, f.ratio
    tall = tallest.css(least) if tallest else f"{least}px"
    # the rows at the widest plot, from the least height up, in 8-px steps of the window's height
    caps = [(0, f.around(f.cap_rows(least)))]
    for height in range(least + 8, (max(least, tallest.most) if tallest else least) + 1, 8):
        extra = f.around(f.cap_rows(height))
        if extra != caps[-1][1]:
            caps.append((height + tallest.less, extra))
    around = "max(var(--fit-rows), var(--fit-cap))"
    cap = f"calc(({tall} - {around}) / {ratio:.4f} + {side:.0f}px)"
    fitted = f"min({tall}, calc((min(100cqw, {cap}) - {side:.0f}px) * {ratio:.4f} + {around}))"
    # none past the widest plot the tallest height holds: the chart is never wider
    rooms = [0.0, *(b for b in _breaks(list(f.items)) if b < (tallest.most if tallest else least) / ratio)]
    rules = [f".{box} {{ container-type: inline-size; }}",
             f".{box} > div {{ --fit-rows: {f.around(len(f.items)):.0f}px; --fit-cap: {caps[0][1]:.0f}px;"
             f" height: {tall if stacked_only else fitted}; max-width: {cap}; margin-inline: auto; }}"]
    if stacked_only:
        rules.append(f"@media (max-width: {COLUMNS_STACK_BELOW}px) {{ .{box} > div {{ height: {fitted}; }} }}")
    # the legend's rows change at a few widths of the box: a rule below the first, and one from each
    # (from just past it: plotly's test is strict, and columns x widest may round under the break)
    rules += [f"@container (min-width: {math.floor(room + side) + 1}px) {{ .{box} > div"
              f" {{ --fit-rows: {f.around(f.rows(room * (1 + 1e-9))):.0f}px; }} }}" for room in rooms[1:]]
    rules += [f"@media (min-height: {window}px) {{ .{box} > div {{ --fit-cap: {extra:.0f}px; }} }}"
              for window, extra in caps[1:]]
    return "\n".join(rules)


def fit_to_width(key: str, fig: go.Figure, stacked_only: bool = False, tallest: ScreenTall | None = None) -> str:
    """Write the style that sizes the chart of element key ``key`` to ``fig`` (:func:`height_css`);
    return the ``height`` to draw it with: ``"stretch"`` (its box's), or ``"content"`` (the
    figure's own) for a figure without a fixed aspect."""
    import streamlit as st

    from ui.element_keys import element_class

    css = height_css(fig, element_class(key), stacked_only, tallest)
    if not css:
        return "content"
    st.html(f"<style>{css}</style>")
    return "stretch"


def fill_column(key: str, own: int, least: int = 300) -> str:
    """Write the style that makes the chart of element key ``key`` as tall as its row of columns,
    at least ``least`` px, while the columns stand side by side; stacked (on a phone), ``own`` px.
    Return the ``height`` to draw it with (``"stretch"``, its box's).

    For a chart beside a fitted one (:func:`fit_to_width`): the two kept the taller one's height,
    and a surface 414 px wide left 250 px of empty bands above and below its plot (Practice's
    "Run it" at 1280 px); fitted, it is shorter than its neighbour, which now follows the row.
    """
    import streamlit as st

    from ui.element_keys import element_class

    box = element_class(key)
    column = f"[data-testid='stColumn']:has(.{box}) > [data-testid='stVerticalBlock']"
    st.html(f"<style>.{box} > div {{ height: {own}px; }}\n"
            f"@media (min-width: {COLUMNS_STACK_BELOW}px) {{ {column} {{ height: 100%; }}"
            f" .{box} {{ flex: 1 1 auto; }} .{box} > div {{ height: 100%; min-height: {least}px; }} }}</style>")
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
