"""A plot question's figure, built without plotly's checks, is the figure plotly's checks make.

``ui.figures_forms.plot_figure`` makes its figure from a plain spec with ``_validate=False``
(1.7x faster than the same spec checked). Here the same spec goes through the checked build: a
misspelt property or a value plotly rejects raises there, and the browser must receive the same
JSON from both.
plotly's checks also normalise: a colour scale named "Blues" became plotly.py's colours, while
unchecked the name reached plotly.js, whose "Blues" is another scale (seen on a screenshot).
"""

from __future__ import annotations

import json
import math

import plotly.graph_objects as go
import plotly.io as pio
import pytest

from engine.content.loader import load_library
from engine.forms.instance import draw
from engine.forms.plot import PlotData, Series
from tests.conftest import FORMS_BANK
from tests.ui.test_figure_ink import axes_inked
from ui.figures import inked
from ui.figures_forms import plot_figure, plot_spec

RAVINE = PlotData(  # the paths view: a contour behind the paths, the minimum, a diverged path's end
    view="paths", x_title="x", y_title="y",
    series=(Series("A", (0.0, 0.5, 1.0), (1.0, 0.4, 0.1), group=0),
            Series("B", (0.0, -1.0, 3.0), (1.0, 2.0, 9.0), group=1, end_marker="x")),
    contour={"x": [-1.0, 0.0, 1.0], "y": [-1.0, 0.0, 1.0], "z": [[2.0, 1.0, 2.0], [1.0, 0.0, 1.0], [2.0, 1.0, 2.0]]},
    points=((0.0, 0.0),), extra={"x_range": (-1.0, 1.0), "y_range": (-1.0, 1.0)})
LOSSES = PlotData(  # a loss view on log axes, a dashed curve and a gap where a run stopped
    view="loss", x_title="step", y_title="loss", x_log=True, y_log=True,
    series=(Series("A", (1, 2, 3, 4), (1.0, 0.5, None, 0.2), group=0),
            Series("B", (1, 2, 3, 4), (1.0, 0.9, 0.8, 0.7), group=1, dash=True),
            Series("C", (1, 2), (1.0, math.inf), group=2, end_marker="x")))
LINEAR = PlotData(view="schedule", x_title="epoch", y_title="learning rate",
                  series=(Series("A", tuple(range(30)), tuple(0.1 * 0.9 ** k for k in range(30))),))


def checked(data: PlotData) -> go.Figure:
    """The same figure through plotly's checks: raises on a property or value plotly rejects."""
    return inked(go.Figure(plot_spec(data)))


def fixture_plot() -> PlotData:
    return draw(load_library([FORMS_BANK]).question("form-plot"), 3).plot


@pytest.mark.parametrize("data", [RAVINE, LOSSES, LINEAR, "fixture"], ids=["paths", "log-loss", "linear", "bank"])
def test_the_unchecked_figure_is_the_checked_one(data):
    data = fixture_plot() if data == "fixture" else data
    fast = plot_figure(data)
    # what st.plotly_chart sends: the figure as JSON, not checked again
    assert json.loads(pio.to_json(fast, validate=False)) == json.loads(pio.to_json(checked(data), validate=False))
    assert axes_inked(fast)  # inked by the spec itself, as inked() would have


def test_every_branch_of_the_spec_is_drawn():
    spec = plot_spec(RAVINE)
    kinds = [(t["type"], t.get("name"), t.get("showlegend", True)) for t in spec["data"]]
    assert kinds == [("contour", None, True), ("scatter", "minimum", True), ("scatter", "A", True),
                     ("scatter", "B", True), ("scatter", None, False)]  # the last: B's end marker
    assert spec["layout"]["yaxis"]["scaleanchor"] == "x"
    log = plot_spec(LOSSES)["layout"]
    assert log["xaxis"]["type"] == log["yaxis"]["type"] == "log"
    assert [t["line"]["dash"] for t in plot_spec(LOSSES)["data"] if t.get("name")] == ["solid", "dash", "solid"]


def test_a_misspelt_property_is_caught_by_the_checked_build():
    spec = plot_spec(LINEAR)
    spec["data"][0]["linee"] = {"width": 2}
    with pytest.raises(ValueError):
        go.Figure(spec)
