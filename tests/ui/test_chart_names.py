"""Every chart has a name for a screen reader (``alt``): the keyboard walk-through heard 18 of 21
charts as an unnamed image followed by their tick numbers."""

from __future__ import annotations

import ast

import plotly.graph_objects as go
import pytest

from engine.forms.plot import PlotData, Series
from tests.conftest import ROOT
from ui.figures import chart_alt

SOURCES = sorted([*(ROOT / "app_pages").glob("*.py"), *(ROOT / "ui").glob("*.py"), ROOT / "app.py"])


def chart_calls(path) -> list[ast.Call]:
    """The calls that draw a chart: ``st.plotly_chart`` and ``ui.kept_figures.kept_chart`` (which
    passes its ``alt`` on)."""
    tree = ast.parse(path.read_text(), str(path))
    return [n for n in ast.walk(tree) if isinstance(n, ast.Call) and (
        (isinstance(n.func, ast.Attribute) and n.func.attr == "plotly_chart")
        or (isinstance(n.func, ast.Name) and n.func.id == "kept_chart"))]


def test_the_sources_draw_charts():
    assert sum(len(chart_calls(p)) for p in SOURCES) >= 20  # the check below looks at the real calls


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_every_chart_drawn_has_a_name(path):
    unnamed = [c.lineno for c in chart_calls(path) if not any(k.arg == "alt" for k in c.keywords)]
    assert not unnamed, f"{path.name}: st.plotly_chart without alt= at lines {unnamed}"


def test_a_question_figure_is_named_by_its_axes_and_neutral_curves():
    curves = tuple(Series(name, (1, 2), (3.0, 2.0)) for name in "BAC")
    plot = PlotData("lines", "step", "training loss", curves)
    assert plot.alt() == ("Plot of training loss against step; curves B, A and C. "
                          "Its numbers are in the table under it.")
    one = PlotData("lines", "", "", curves[:1])
    assert one.alt(table_below=False) == "Plot of y against x; one curve, B."


def test_a_run_its_chart_is_named_by_its_axis_titles():
    fig = go.Figure(layout=dict(xaxis_title="step", yaxis_title="loss"))
    assert chart_alt(fig) == "Chart of loss against step"
    assert chart_alt(go.Figure()) == "Chart"
