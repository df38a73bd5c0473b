"""The trajectory chart's box takes its height from its width (ui.chart_fit): the CSS rules, the
legend's rows as plotly lays them out, and the figures it leaves alone. The browser's side
(blank bands at a phone's and a laptop's width) is tests/browser/test_labs_journey.py's."""

from __future__ import annotations

import re

import plotly.graph_objects as go
import pytest

from ui import chart_fit
from ui.chart_fit import ScreenTall, aspect, height_css, legend_breaks, legend_rows


def _figure(names=("minimum", "SGD", "SGD + momentum", "Adam"), x=(-5, 5), y=(-2.5, 2.5), font=12, height=560):
    fig = go.Figure([go.Scatter(x=[0], y=[0], name=n) for n in names])
    fig.update_layout(height=height, font=dict(size=font), margin=dict(l=10, r=10, t=10, b=61),
                      xaxis=dict(range=list(x)), yaxis=dict(range=list(y), scaleanchor="x", scaleratio=1))
    return fig


def _fitted(css: str, width: float, window: float = 900, stacked: bool = False) -> tuple[float, float]:
    """(height, width) the style sheet gives the chart in a box ``width`` px wide, in a window
    ``window`` px high: the custom properties of the rules whose queries hold (narrowest first), in
    the base rule's formula, evaluated. ``stacked``: the columns stacked (a phone's width)."""
    props, tall, side, ratio, fitted = {}, None, None, None, False
    for line in css.splitlines():
        query = re.search(r"@(container|media) \((min|max)-(width|height): (\d+)px\)", line)
        if query:
            kind, bound, _, px = query.groups()
            value = window if kind == "media" and query.group(3) == "height" else width
            if (bound == "min" and value < int(px)) or (bound == "max" and not stacked):
                continue
        props.update(re.findall(r"(--fit-\w+): (\d+)px", line))
        if "100cqw" in line:
            fitted = True
        found = re.search(r"max-width: calc\(\((.+?) - max\(var\(--fit-rows\), var\(--fit-cap\)\)\) / ([\d.]+)"
                          r" \+ (\d+)px\)", line)
        if found:
            tall, ratio, side = found.group(1), float(found.group(2)), float(found.group(3))
    clamp = re.fullmatch(r"clamp\((\d+)px, 100vh - (\d+)px, (\d+)px\)", tall)
    tall = min(max(float(clamp[1]), window - float(clamp[2])), float(clamp[3])) if clamp else float(tall[:-2])
    rows, cap = float(props["--fit-rows"]), float(props["--fit-cap"])
    wide = min(width, (tall - max(rows, cap)) / ratio + side)
    return (min(tall, (wide - side) * ratio + max(rows, cap)) if fitted else tall), wide


def _height_at(css: str, width: float, window: float = 900) -> float:
    return _fitted(css, width, window)[0]


def test_the_aspect_is_the_y_range_over_the_x_range():
    assert aspect(_figure()) == pytest.approx(0.5)
    assert aspect(_figure(x=(-2, 2), y=(-1, 3))) == pytest.approx(1.0)
    free = _figure()
    free.update_yaxes(scaleanchor=None)
    assert aspect(free) is None and height_css(free, "st-key-x") == ""  # drawn at its own height
    flat = _figure(y=(1, 1))
    assert aspect(flat) is None


def test_legend_rows_follow_plotlys_grid():
    fig = _figure()
    items = chart_fit._legend_items(fig)
    gap, widest = chart_fit.ITEM_GAP, max(items)
    whole = sum(items) + gap * (len(items) - 1)
    assert legend_rows(fig, whole + 1) == 1  # all on one row, 5 px apart
    assert legend_rows(fig, whole) == 2  # two columns of the widest item, four items
    assert legend_rows(fig, 2 * widest + 1) == 2 and legend_rows(fig, 2 * widest) == 4  # one column
    assert legend_breaks(fig) == [2 * widest, whole]
    assert legend_rows(go.Figure(), 300) == 0 and legend_breaks(go.Figure()) == []
    # the lab's legend on a 390-px screen, as Plotly drew it: two rows of two (a column each was estimated)
    lab = go.Figure([go.Scatter(x=[0], y=[0], name=n) for n in ("minimum", "SGD", "SGD + momentum", "Adam")])
    assert legend_rows(lab, 280) == 2


def test_the_box_is_as_tall_as_the_plot_at_its_width_and_never_taller_than_the_figure():
    fig = _figure()
    css = height_css(fig, "st-key-ol-paths")
    assert ".st-key-ol-paths { container-type: inline-size; }" in css
    phone, laptop = _height_at(css, 358), _height_at(css, 940)
    assert laptop > 550  # about the figure's own 560 px: a wide column draws it much as before
    assert 250 < phone < 340  # the 2:1 surface about 140 px high, its legend, axis and readout
    # wider is taller, but at the legend's breaks, where each row fewer takes a row's height off
    row = chart_fit.ROW_EM * 12 + chart_fit.ROW_PX
    for width in range(300, 1001, 7):
        step = _height_at(css, width + 7) - _height_at(css, width)
        rows_fewer = (7 * 0.51 - step) / row
        assert step >= 0 or rows_fewer == pytest.approx(round(rows_fewer)), width
    # a larger font takes more room around the same plot
    assert _height_at(height_css(_figure(font=18), "b"), 600) > _height_at(height_css(fig, "b"), 600)


def test_the_labs_trajectory_figure_is_sized_by_its_width():
    """The figure the Optimizer lab draws has a fixed aspect, so its box gets the rules."""
    from engine.optim.run import RunConfig, run_one
    from engine.optim.surfaces import get_surface
    from ui.figures_optim import trajectory_figure

    surface = get_surface("quadratic")
    runs = [run_one(surface, RunConfig(name, lr=0.01), steps=20) for name in ("sgd", "adam")]
    fig = trajectory_figure(surface, runs, ["SGD", "Adam"], own_controls=False)
    assert aspect(fig) == pytest.approx(0.5)
    css = height_css(fig, "st-key-ol-paths")
    assert css.count("@container") == len(legend_breaks(fig)) == 2  # the minimum's star and two runs
    assert _height_at(css, 940) > 550 and _height_at(css, 358) < 340  # (940 - 75) * 0.51 + 116: the 560 nearly


def test_a_chart_in_columns_keeps_its_height_until_they_stack():
    css = height_css(_figure(), "st-key-side", stacked_only=True)
    assert _height_at(css, 700) == _height_at(css, 400) == 560  # beside its neighbour: the same height
    assert f"@media (max-width: {chart_fit.COLUMNS_STACK_BELOW}px)" in css
    assert _fitted(css, 358, stacked=True)[0] < 340  # stacked, on a phone: fitted to its width


def _lab_figure(font: int | None, runs: int = 6, toolbar: bool = True) -> go.Figure:
    """The Optimizer lab's picture of ``runs`` runs (as the lab sends it: a toolbar row at the
    usual text size, none in large text)."""
    from engine.optim.run import RunConfig, run_one
    from engine.optim.surfaces import get_surface
    from ui.figures import keep_toolbar_row
    from ui.figures_optim import trajectory_figure

    surface = get_surface("quadratic")
    pairs = [(name, lr) for lr in (0.01, 0.03, 0.1) for name in ("sgd", "momentum", "adam", "nesterov")][:runs]
    results = [run_one(surface, RunConfig(name, lr=lr), steps=20) for name, lr in pairs]
    labels = [f"{name.upper()} + momentum lr={lr}" for name, lr in pairs]
    fig = trajectory_figure(surface, results, labels, own_controls=False, font_size=font)
    if toolbar:
        keep_toolbar_row(fig)
    return fig


@pytest.mark.parametrize("font", [None, 18])
@pytest.mark.parametrize("runs", [1, 6, 9])
def test_the_chart_is_never_wider_than_its_plot(font, runs):
    """Where the height is the limit the chart is as wide as the plot it holds, not wider: Plotly
    centred a narrower plot in the wider figure and left the legend and "step 200" at the
    figure's edges, 330 px off the plot at 1920 px. At every width and window height the figure's
    height, less what the estimate puts around the plot with the legend in the rows it takes at the
    chart's own width, holds a plot as wide as the chart allows: never a narrower one, and at most a
    legend row and a few px taller (a band under the legend)."""
    fig = _lab_figure(font, runs, toolbar=font is None)
    frame = chart_fit.plot_frame(fig)
    css = height_css(fig, "st-key-ol-paths", tallest=ScreenTall(less=420, most=900))
    capped = 0
    for window in (700, 900, 1080, 1200, 1440):
        for box in range(300, 2600, 23):
            height, width = _fitted(css, box, window)
            plot = width - frame.side
            room = height - frame.around(frame.rows(plot))  # the plot's height the figure leaves
            assert room >= plot * frame.ratio - 0.5, (window, box)
            assert room <= plot * frame.ratio + frame.row_px + chart_fit.SPARE_PX + 8, (window, box)
            capped += width < box
    assert capped > 100  # a wide box leaves the chart narrower than itself, centred


def test_a_tall_window_gets_a_larger_picture_and_a_short_one_the_figures_height():
    css = height_css(_lab_figure(18), "st-key-ol-paths", tallest=ScreenTall(less=420, most=900))
    assert _fitted(css, 1760, 900) == pytest.approx((560, _fitted(css, 1760, 900)[1]))  # 900 - 420 < 560
    (tall, wide), (_, narrow) = _fitted(css, 1760, 1080), _fitted(css, 1760, 900)
    assert tall == 660 and wide > narrow + 150  # 1920 x 1080, the sidebar closed
    assert _fitted(css, 1760, 2000)[0] == 900  # at most


def test_legend_text_is_estimated_from_the_fonts_widths_a_little_wide():
    """Widths of legend text measured in Chromium (Source Sans): 0.6 of the font a character put
    "Step (×0.3 every 50) (lr 0.1)" at 313 px at 18 px, where it takes 198."""
    from ui.chart_fit import text_px

    for text, font, measured in (("Step (×0.3 every 50) (lr 0.1)", 18, 198), ("SGD + momentum lr=0.01", 12, 128),
                                 ("minimum", 18, 73), ("1/t (k = 0.05) (lr 0.1)", 18, 144)):
        assert measured <= text_px(text, font) <= measured * 1.15, text


def test_a_figure_sent_once_is_measured_once():
    """A page sizes its shared figure again on every rerun: reading the figure's properties took
    1.4 ms of each. A figure sent once never changes, so what it draws around its plot is kept."""
    from ui.kept_figures import sent_once

    fig = sent_once(_lab_figure(None))
    assert chart_fit.plot_frame(fig) is chart_fit.plot_frame(fig)
    free = _lab_figure(None)
    assert chart_fit.plot_frame(free) == chart_fit.plot_frame(fig) and "_plot_frame" not in vars(free)
