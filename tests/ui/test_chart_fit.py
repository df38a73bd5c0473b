"""The trajectory chart's box takes its height from its width (ui.chart_fit): the CSS rules, the
legend's rows as plotly lays them out, and the figures it leaves alone. The browser's side
(blank bands at a phone's and a laptop's width) is tests/browser/test_labs_journey.py's."""

from __future__ import annotations

import re

import plotly.graph_objects as go
import pytest

from ui import chart_fit
from ui.chart_fit import aspect, height_css, legend_breaks, legend_rows


def _figure(names=("minimum", "SGD", "SGD + momentum", "Adam"), x=(-5, 5), y=(-2.5, 2.5), font=12, height=560):
    fig = go.Figure([go.Scatter(x=[0], y=[0], name=n) for n in names])
    fig.update_layout(height=height, font=dict(size=font), margin=dict(l=10, r=10, t=10, b=61),
                      xaxis=dict(range=list(x)), yaxis=dict(range=list(y), scaleanchor="x", scaleratio=1))
    return fig


def _height_at(css: str, width: float) -> float:
    """The height the style sheet gives the chart in a box ``width`` px wide: the last rule whose
    container query holds (the rules come narrowest first), evaluated."""
    chosen = None
    for line in css.splitlines():
        found = re.search(r"min\((\d+)px, calc\(\(100cqw - (\d+)px\) \* ([\d.]+) \+ (\d+)px\)\)", line)
        if not found:
            continue
        query = re.search(r"@container \(min-width: (\d+)px\)", line)
        if query is None or width >= int(query.group(1)):
            chosen = found
    most, side, ratio, extra = (float(g) for g in chosen.groups())
    return min(most, (width - side) * ratio + extra)


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
    assert legend_rows(fig, sum(items)) == 1  # all on one row
    assert legend_rows(fig, sum(items) - 1) == 2  # two columns of the widest item, four items
    assert legend_rows(fig, max(items) * 2 - 1) == 4  # one column
    assert legend_breaks(fig) == [max(items) * 2, sum(items)]
    assert legend_rows(go.Figure(), 300) == 0 and legend_breaks(go.Figure()) == []


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
    first, media = css.splitlines()[:2]
    assert first == ".st-key-side > div { height: 560px; }"  # beside its neighbour: the same height
    assert media == f"@media (max-width: {chart_fit.COLUMNS_STACK_BELOW}px) {{" and css.endswith("}")
    assert css.count("@container") == css.count("@container", len(first)) > 0  # the fitted rules, inside
