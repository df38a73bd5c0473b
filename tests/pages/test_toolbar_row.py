"""A lab's chart drawn with Plotly's toolbar keeps the figure's top row free for it, and a chart
drawn without one (large text, the Presenter, a question's figure) keeps no such row: a legend's
first row ran under the toolbar at most widths of a laptop (tests/browser/test_labs_journey.py
measures that in Chromium; here, which charts get the row)."""

from __future__ import annotations

import json

import plotly.graph_objects as go
import pytest

from tests.pages.conftest import button
from tests.pages.test_labs import OL, PM, TL
from tests.pages.test_search_lab import preset, run_clicked
from ui.figures import EXPLORED, TOOLBAR_ROW, has_toolbar, keep_toolbar_row, toolbar_row_px
from ui.optim_controls import LARGE_TEXT_QUERY


def charts(at) -> list[tuple[str, bool, float]]:
    """Each chart on the page: its element id, whether it shows a toolbar, the row kept for one."""
    out = []
    for chart in at.get("plotly_chart"):
        layout = json.loads(chart.proto.spec)["layout"]
        fig = go.Figure(layout=layout)
        out.append((chart.proto.id, has_toolbar(json.loads(chart.proto.config or "{}")), toolbar_row_px(fig)))
    return out


def assert_row_where_toolbar(at, least: int) -> list[tuple[str, bool, float]]:
    assert not at.exception, at.exception
    seen = charts(at)
    assert len(seen) >= least, seen
    assert all((row > 0) == toolbar for _, toolbar, row in seen), seen
    return seen


def test_the_optimizer_labs_charts_keep_the_row_and_lose_it_in_large_text(app):
    assert all(toolbar for _, toolbar, _ in assert_row_where_toolbar(app(OL), 3))
    assert not any(toolbar for _, toolbar, _ in assert_row_where_toolbar(app(OL, **{LARGE_TEXT_QUERY: "1"}), 3))


def test_the_training_labs_curves_keep_the_row(app):
    at = app(TL)
    at.selectbox(key="tl.dataset").set_value("moons")
    at.slider(key="tl.epochs").set_value(2)
    at = button(at.run(), "Train").click().run(timeout=120)
    assert all(toolbar for _, toolbar, _ in assert_row_where_toolbar(at, 1))


def test_the_search_labs_charts_keep_the_row_and_the_labs_toolbar(app):
    at = run_clicked(preset(app, "branin", **{"sl.budget.branin": 8}))
    assert all(toolbar for _, toolbar, _ in assert_row_where_toolbar(at, 2))
    # the other labs' toolbar: with zoom in, zoom out and autoscale it was eight Tab stops a chart, not five
    assert all(json.loads(c.proto.config) == EXPLORED for c in at.get("plotly_chart"))


def test_the_presenters_charts_have_no_toolbar_and_no_row(app):
    assert not any(toolbar for _, toolbar, _ in assert_row_where_toolbar(app(PM), 2))


@pytest.mark.parametrize("top", [0, 10, 40])
def test_the_row_is_the_figures_top_margin_and_the_toolbars_height(top):
    fig = go.Figure(layout=dict(margin=dict(t=top)))
    keep_toolbar_row(fig)
    assert toolbar_row_px(fig) == top + TOOLBAR_ROW + 1  # the one-pixel blank title and its padding
    assert toolbar_row_px(go.Figure(layout=dict(margin=dict(t=top)))) == 0


def test_a_figure_without_its_own_top_margin_is_refused():
    with pytest.raises(ValueError, match="top margin"):
        keep_toolbar_row(go.Figure())
