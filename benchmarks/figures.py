"""What the figure benchmarks share: the banks' plot questions' figures, and timing ways of
drawing them against each other."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]


def bank_plots() -> dict[str, Any]:
    """question id -> the figure's data (``PlotData``) of every plot question of the banks, seed 0
    (the runs behind them are made here, before anything is timed)."""
    from engine.content.loader import load_library
    from engine.forms.instance import draw

    return {q.id: draw(q, 0).plot for q in load_library([ROOT / "content"]).questions if q.figure is not None}


def compare(ways: dict[str, Callable[[Any], Any]], plots: dict[str, Any], repeat: int) -> dict[str, dict[str, float]]:
    """Time each way on each figure (the median of ``repeat`` calls, in ms; one untimed call of each
    way first: its one-off loading is not a draw) and print each way's median and slowest figure."""
    first = next(iter(plots.values()))
    for way in ways.values():
        way(first)
    results = {}
    for name, way in ways.items():
        by_q = {}
        for qid, plot in plots.items():
            times = []
            for _ in range(repeat):
                t0 = time.perf_counter()
                way(plot)
                times.append(1000 * (time.perf_counter() - t0))
            by_q[qid] = statistics.median(times)
        results[name] = by_q
    print(f"{len(plots)} figures of the banks, median of {repeat} each:")
    for name, by_q in results.items():
        slowest = max(by_q, key=by_q.get)
        print(f"  {name:8s} median {statistics.median(by_q.values()):5.2f} ms, slowest {by_q[slowest]:5.2f} ms "
              f"({slowest})")
    return results
