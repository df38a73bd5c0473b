"""Strategies compared over seeds: the one loop behind the search lab's "Compare over seeds"
and the ``search_comparison`` scenario.

Only the strategy's seed changes from run to run; the objective, and so its cross-validation
split, stays as given. The spread between runs is then the strategy's own luck, not the
split's (pass objectives with other seeds to measure that instead).
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from engine.search.cache import EvalCache
from engine.search.runner import run_search
from engine.search.space import SearchSpace
from engine.search.strategies import Strategy, get_strategy
from engine.search.trials import Objective, SearchResult


def strategy_for(name: str, points_per_axis: int = 0) -> Strategy:
    """The strategy called ``name``; a grid with ``points_per_axis`` > 0 uses that many points."""
    return get_strategy("grid", points_per_axis=int(points_per_axis)) if name == "grid" and points_per_axis \
        else get_strategy(name)


@dataclass(frozen=True)
class SeedComparison:
    """Every strategy's runs, one per seed, on the same objective, space and budget."""

    budget: int
    seeds: tuple[int, ...]
    maximize: bool
    optimum: float | None
    results: dict[str, tuple[SearchResult, ...]]

    def curves(self) -> dict[str, np.ndarray]:
        """Best-so-far values, one row per seed, padded to the budget (NaN before the first success)."""
        out = {}
        for name, runs in self.results.items():
            rows = []
            for r in runs:
                y = np.array([np.nan if v is None else v for v in r.best_so_far()], dtype=float)
                rows.append(np.pad(y, (0, self.budget - len(y)), mode="edge") if len(y) else
                            np.full(self.budget, np.nan))
            out[name] = np.array(rows)
        return out

    def bests(self, name: str) -> list[float]:
        """Each seed's best value; a run with no success counts as the worst possible."""
        worst = -math.inf if self.maximize else math.inf
        return [r.best.value if r.best else worst for r in self.results[name]]

    def median_best(self, name: str) -> float:
        return float(statistics.median(self.bests(name)))

    def median_regret(self, name: str) -> float | None:
        if self.optimum is None:
            return None
        return float(statistics.median(abs(b - self.optimum) for b in self.bests(name)))

    def ranking(self) -> list[str]:
        """Strategies, best median first (ties keep the given order)."""
        sign = -1 if self.maximize else 1
        return sorted(self.results, key=lambda n: sign * self.median_best(n))


def run_over_seeds(objective: Objective, names: Sequence[str], budget: int, seeds: Sequence[int],
                   space: SearchSpace | None = None, points_per_axis: int = 0, cache: EvalCache | None = None,
                   n_jobs: int = 1, emit: Callable[..., None] | None = None) -> SeedComparison:
    """Run each strategy once per seed; ``emit("seed", name, k, len(seeds))`` after each run.

    The caller checks the cost first (:func:`engine.search.lab.check_request`, or the
    scenario's own check): this function only runs.
    """
    seeds = tuple(int(s) for s in seeds)
    if not seeds:
        raise ValueError("give at least one seed")
    space = space or objective.space
    results: dict[str, tuple[SearchResult, ...]] = {}
    for name in names:
        runs = []
        for k, seed in enumerate(seeds, start=1):
            runs.append(run_search(objective, strategy_for(name, points_per_axis), budget, seed=seed, space=space,
                                   cache=cache, n_jobs=n_jobs))
            if emit is not None:
                emit("seed", name, k, len(seeds))
        results[name] = tuple(runs)
    return SeedComparison(budget, seeds, objective.maximize, getattr(objective, "optimum", None), results)
