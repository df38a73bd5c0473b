"""A figure's numbers as a table: by column (what the page sends, as an Arrow table) they are the
same as by row, for a figure of every view the banks ship; a column of mixed kinds still shows."""

from __future__ import annotations

import pyarrow as pa
import pytest
from streamlit.testing.v1 import AppTest

from engine.content.loader import load_library
from engine.forms.instance import draw
from engine.forms.plot import VIEWS, PlotData, Series
from tests.conftest import ROOT

#: one question per view: a view decides its columns and their kinds (a draw takes about 0.5 s)
FIRST_OF_VIEW = {}
for _q in load_library([ROOT / "content"]).questions:
    if _q.figure is not None:
        FIRST_OF_VIEW.setdefault(_q.figure.view, _q)


def test_the_banks_ship_a_figure_of_every_view():
    assert set(FIRST_OF_VIEW) == set(VIEWS)


@pytest.mark.parametrize("question", FIRST_OF_VIEW.values(), ids=lambda q: q.figure.view)
def test_columns_hold_the_rows_and_arrow_reads_them_as_they_are(question):
    plot = draw(question, 0).plot
    rows = plot.table()
    assert rows, "a figure with no numbers"
    columns = plot.columns()
    assert list(columns) == list(rows[0]) and all(len(v) == len(rows) for v in columns.values())
    # no column of mixed kinds in what we ship: the page sends these as an Arrow table
    assert pa.table(columns).to_pylist() == rows


def test_points_with_a_missing_coordinate_are_left_out_of_both():
    plot = PlotData("curves", "step", "loss", (Series("A", (1, 2, 3), (0.5, None, 0.25)),))
    assert plot.columns() == {"Curve": ["A", "A"], "step": [1, 3], "loss": [0.5, 0.25]}
    assert plot.table() == [{"Curve": "A", "step": 1, "loss": 0.5}, {"Curve": "A", "step": 3, "loss": 0.25}]


def _table_of(series_x: tuple, series_y: tuple) -> None:
    from engine.forms.plot import PlotData, Series
    from ui.forms_view import figure_numbers

    figure_numbers(PlotData("curves", "setting", "score", (Series("A", series_x, series_y),)), "form-fig:q")


@pytest.mark.parametrize("xs, ys", [((1, 2, 3), (0.5, 0.25, 0.125)), (("low", 2, 3.5), (1.0, 2.0, 3.0))],
                         ids=["numbers", "mixed kinds"])
def test_the_page_shows_the_table_and_formats_only_fractions(xs, ys):
    at = AppTest.from_function(_table_of, kwargs={"series_x": xs, "series_y": ys}).run()
    assert not at.exception, at.exception
    (table,) = at.dataframe
    assert list(table.value.columns) == ["Curve", "setting", "score"]
    assert [str(v) for v in table.value["setting"]] == [str(x) for x in xs]
    assert list(table.value["score"]) == list(ys)


def test_curves_over_the_same_steps_read_side_by_side_and_rounded():
    """The accessibility walk-through heard 96 rows, "A 1 3.9199999999999995", curve after curve:
    curves B and C some sixty presses of the arrow key down."""
    steps = (0, 1, 2)
    plot = PlotData("curves", "step", "loss", (Series("A", steps, (4.0, 3.9199999999999995, 0.5)),
                                               Series("B", steps, (4.0, 2.0, 0.000033554432000000026)),
                                               Series("C", steps, (4.0, None, 1.0))))
    # C misses a point: its x values are not the others', so the curves stay one under another
    assert list(plot.columns_to_read()) == ["Curve", "step", "loss"]
    plot = PlotData("curves", "step", "loss", plot.series[:2])
    assert plot.columns_to_read() == {"step": [0, 1, 2], "loss of A": [4.0, 3.92, 0.5],
                                      "loss of B": [4.0, 2.0, 3.355e-05]}
    paths = PlotData("paths", "x", "y", (Series("A", (0.5, 0.123456), (1.0, 2.0)), Series("B", (1.5,), (0.2,))))
    assert paths.columns_to_read() == {"Curve": ["A", "A", "B"], "x": [0.5, 0.1235, 1.5], "y": [1.0, 2.0, 0.2]}


def _two_curves() -> None:
    from engine.forms.plot import PlotData, Series
    from ui.forms_view import figure_numbers

    figure_numbers(PlotData("curves", "step", "loss", (Series("A", (1, 2), (0.5, 0.25)),
                                                        Series("B", (1, 2), (0.123456, 0.1)))), "form-fig:q")


def test_the_page_shows_two_curves_side_by_side():
    at = AppTest.from_function(_two_curves).run()
    (table,) = at.dataframe
    assert list(table.value.columns) == ["step", "loss of A", "loss of B"]
    assert list(table.value["loss of B"]) == [0.1235, 0.1]
