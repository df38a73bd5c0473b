"""engine.text: visitor text in a table the browser can download as CSV (spreadsheet_inert), and the numbers
a refusal quotes back (number)."""

from __future__ import annotations

import csv
import io

import pytest

from engine.text import FORMULA_STARTS, number, spreadsheet_inert


@pytest.mark.parametrize("text", ['=HYPERLINK("http://x","y")', "+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"])
def test_text_a_spreadsheet_would_run_reads_as_text_and_looks_the_same(text):
    safe = spreadsheet_inert(text)
    assert safe.replace("\u200b", "") == text and not safe.startswith(FORMULA_STARTS)
    row = next(csv.reader(io.StringIO(_csv_line(safe))))
    assert not row[0].startswith(FORMULA_STARTS)


@pytest.mark.parametrize("value", ["Ada Lovelace", "", 3, None, "a=b"])
def test_anything_else_is_left_as_it_is(value):
    assert spreadsheet_inert(value) == value


def _csv_line(cell: str) -> str:
    buf = io.StringIO()
    csv.writer(buf).writerow([cell])
    return buf.getvalue()


def test_direction_controls_are_dropped_and_right_to_left_letters_kept():
    from engine.text import markdown_inert

    # U+202E left open turned the rest of the page's sentence around the id backwards
    hello = "\u0645\u0631\u062d\u0628\u0627"  # Arabic letters: right to left by themselves
    assert markdown_inert(f"\u202e{hello} abc\u2066x\u2069") == f"{hello} abcx"
    assert markdown_inert("\u200fmark") == "\u200fmark"  # a mark, not a control: changes no neighbour's order


def test_plain_text_and_table_cells_drop_the_direction_controls():
    from engine.scorecard import csv_cell
    from engine.text import plain

    # a title starting with U+202E turned the list's own "not started · 5 Dec 2026" around
    assert plain("\u202eRound 1") == "Round 1"
    assert spreadsheet_inert("\u202e=HYPERLINK(1)") == "\u200b=HYPERLINK(1)"  # dropped, then made text
    assert csv_cell("\u202e=1") == "'=1" and csv_cell("\u2067note\u2069") == "note" and csv_cell(3) == 3


@pytest.mark.parametrize("value, shown", [
    (-1.0, "-1"), (0.001, "0.001"), (1000.0000001, "1000.0000001"), (1e-320, "1e-320"), (5e-324, "5e-324"),
    (123456789.0, "123456789"), (1e308, "1e+308"), (float("inf"), "inf"), (float("nan"), "nan"), (3, "3"),
])
def test_a_quoted_number_reads_back_as_itself(value, shown):
    assert number(value) == shown
    if value == value:  # nan is never equal to itself
        assert float(shown) == value
