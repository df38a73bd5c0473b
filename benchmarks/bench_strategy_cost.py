"""The search strategies' own CPU cost, on benchmark functions whose evaluations cost nothing.

What :data:`engine.search.cost.STRATEGY_SECONDS_PER_N2` prices: the work a strategy does to
propose its evaluations (a Gaussian process refit and acquisition optimisation per step, TPE's
densities), which grows with the square of the budget. Prints CPU seconds per run and the
constant c in c * budget**2 beside the one the cost model uses.

Usage::

    .venv/bin/python benchmarks/bench_strategy_cost.py [--budgets 50 100 200] [--objectives branin hartmann6]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from engine.search.cost import STRATEGY_SECONDS_PER_N2  # noqa: E402
from engine.search.objectives import BENCHMARKS  # noqa: E402
from engine.search.runner import run_search  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--budgets", type=int, nargs="+", default=[50, 100, 200])
    ap.add_argument("--objectives", nargs="+", default=["branin", "hartmann6"])
    ap.add_argument("--strategies", nargs="+", default=["bayes", "tpe", "random"])
    args = ap.parse_args()
    run_search(BENCHMARKS["branin"], "bayes", 10)  # imports and first-call set-up out of the timings
    for name in args.objectives:
        for strategy in args.strategies:
            for budget in args.budgets:
                t = time.process_time()
                run_search(BENCHMARKS[name], strategy, budget, seed=0)
                cpu = time.process_time() - t
                model = STRATEGY_SECONDS_PER_N2.get(strategy, 0.0)
                print(f"{name:10s} {strategy:7s} budget {budget:4d}: {cpu:6.2f} CPU-s, c = {cpu / budget ** 2:.2e} "
                      f"(cost model: {model:.1e})", flush=True)


if __name__ == "__main__":
    main()
