"""How long a plot question's figure takes to build: plotly's checked build against ours.

Practice and the interview build a plot question's figure each time one is shown (a new variant
is a new figure). For every plot question of the banks (seed 0; the runs behind the figures are
made first and not timed), this builds the figure both ways, ``--repeat`` times each, and
reports the median and the slowest figure:

- checked: the same spec through plotly's ``go.Figure`` with its checks of every property and
  value, then :func:`ui.figures.inked`. (Before 2026-12-03 ``plot_figure`` built the figure trace
  by trace with ``add_scatter``, then ``update_layout`` and ``update_xaxes``: a median 27 ms a
  figure, the slowest 64 ms, on the 2-core development machine, where these two took 7.6 and
  4.6 ms.)
- ours: :func:`ui.figures_forms.plot_figure` (the same spec, unchecked; see its docstring and
  ``tests/ui/test_plot_figure.py``, which holds the two to the same JSON).

Usage::

    .venv/bin/python benchmarks/bench_plot_figure.py [--repeat 5]
"""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()

    import plotly.graph_objects as go

    from benchmarks.figures import bank_plots, compare
    from ui.figures import inked
    from ui.figures_forms import plot_figure, plot_spec

    ways = {"checked": lambda d: inked(go.Figure(plot_spec(d))), "ours": plot_figure}
    results = compare(ways, bank_plots(), args.repeat)
    ratio = statistics.median(results["checked"].values()) / statistics.median(results["ours"].values())
    print(f"  ours is {ratio:.1f}x faster at the median")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
