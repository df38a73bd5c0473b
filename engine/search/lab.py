"""What the search lab asks for, as whole requests: each is checked against the ``search``
ceiling as a whole before anything runs, and each can run in a worker process
(:func:`engine.jobs.run_job`), reporting every finished evaluation through ``emit``.

Events emitted (tuples): ``("trial", strategy, trial, n, budget)`` for every evaluation,
``("seed", strategy, seed_index, n_seeds)`` after each run of :func:`compare_over_seeds`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from engine.limits import CEILINGS
from engine.search.cache import EvalCache
from engine.search.cost import search_cost, what_to_lower
from engine.search.runner import check_budget, check_n_jobs, check_seed, run_search
from engine.search.space import SearchSpace
from engine.search.compare import run_over_seeds, strategy_for
from engine.search.trials import Objective, SearchResult

Emit = Callable[..., None]


def check_request(objective: Any, names: Sequence[str], budget: int, space: SearchSpace, points_per_axis: int = 0,
                  repeats: int = 1, what: str = "this request") -> float:
    """Refuse a request (every strategy, ``repeats`` times) over the ``search`` ceiling.

    Returns the estimated CPU-seconds, for the page to show beside the Run button.
    """
    check_budget(budget)
    if not names:
        raise ValueError("choose at least one strategy")
    seconds = 0.0
    fits = 0
    if "grid" in names:  # refused on its size alone, whatever the objective costs
        n = points_per_axis or space.points_for_budget(budget)
        size = CEILINGS["grid"].check(space.grid_size(n), "this grid", "the points per axis", verb="has")
        if points_per_axis and size > budget:
            raise ValueError(f"the grid has {size:,.0f} points but the budget is {budget}: raise the budget "
                             "or lower the points per axis")
    for name in names:
        cost = search_cost(objective, strategy_for(name, points_per_axis), space, budget)
        seconds += cost.seconds
        fits += cost.fits
    lower = what_to_lower(objective, space, "the strategies" + (", the seeds" if repeats > 1 else ""))
    return CEILINGS["search"].check(seconds * repeats, f"{what} ({fits * repeats:,} fits)", lower)


def run_strategies(objective: Any, names: Sequence[str], budget: int, seed: int = 0,
                   space: SearchSpace | None = None, points_per_axis: int = 0, cache: EvalCache | None = None,
                   n_jobs: int = 1, emit: Emit | None = None) -> dict[str, SearchResult]:
    """Run each strategy once on the same budget, seed and space (the search lab's Run)."""
    space = space or objective.space
    check_seed(seed)
    check_n_jobs(n_jobs)
    check_request(objective, names, budget, space, points_per_axis, what="this search")
    out = {}
    for name in names:
        def on_trial(trial, n, b, name=name):
            if emit is not None:
                emit("trial", name, trial, n, b)

        out[name] = run_search(objective, strategy_for(name, points_per_axis), budget, seed=seed, space=space,
                               cache=cache, on_trial=on_trial, n_jobs=n_jobs)
    return out


def compare_over_seeds(objective: Objective, names: Sequence[str], budget: int, n_seeds: int,
                       space: SearchSpace | None = None, points_per_axis: int = 0, cache: EvalCache | None = None,
                       n_jobs: int = 1, emit: Emit | None = None) -> dict[str, np.ndarray]:
    """Best-so-far curves of each strategy over seeds 0 .. n_seeds-1, padded to ``budget``
    (:func:`engine.search.compare.run_over_seeds`: the objective and its CV split stay fixed)."""
    if not 2 <= n_seeds <= 20:
        raise ValueError(f"the number of seeds must be from 2 to 20, got {n_seeds}")
    space = space or objective.space
    check_request(objective, names, budget, space, points_per_axis, repeats=n_seeds, what="this comparison")
    return run_over_seeds(objective, names, budget, range(n_seeds), space, points_per_axis, cache, n_jobs,
                          emit).curves()
