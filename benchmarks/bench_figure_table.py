"""How long a plot question's "numbers, as a table" takes to draw: from rows against from columns.

The practice card reruns on every answer, and a plot question's card draws its figure's numbers
as a table each time (``ui.forms_view.figure_numbers``). Given rows (a list of dicts), Streamlit
builds a pandas frame and then an Arrow table from it on every run; given an Arrow table built
from the figure's columns (:meth:`engine.forms.plot.PlotData.columns`), it sends that as it is.
For every plot question of the banks (seed 0; the runs behind the figures are made first and not
timed), this draws the table both ways outside a server (the same marshalling, nothing sent; from
columns is ``figure_numbers`` itself, expander included), ``--repeat`` times each, and reports
the median and the slowest question (``benchmarks/figures.compare``).

Usage::

    .venv/bin/python benchmarks/bench_figure_table.py [--repeat 20]
"""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--repeat", type=int, default=20)
    args = ap.parse_args()
    logging.disable(logging.WARNING)  # outside a server Streamlit warns on each call

    import streamlit as st

    from benchmarks.figures import bank_plots, compare
    from ui.forms_view import figure_numbers

    def from_rows(plot) -> None:  # the page before 2026-12-03
        rows = plot.table()
        fractional = {k for row in rows for k, v in row.items() if isinstance(v, float) and not v.is_integer()}
        config = {k: st.column_config.NumberColumn(format="%.4g") for k in fractional}
        st.dataframe(rows, hide_index=True, width="stretch", height=280, column_config=config)

    compare({"rows": from_rows, "columns": figure_numbers}, bank_plots(), args.repeat)
    return 0


if __name__ == "__main__":
    sys.exit(main())
