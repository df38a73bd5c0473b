"""What a search or a cross-validation experiment would cost, estimated before it starts.

The estimate counts fits (evaluations x folds, per rung for successive halving) and prices each
with the model's ``fit_seconds`` on the dataset's shape. A grid is priced point by point.
Strategies that sample (random, bayes, tpe) are priced at the mean cost of a configuration
drawn uniformly from the space (a fixed sample of 256), which is what a search costs on
average; the worst corner would refuse ordinary searches whose typical cost is a quarter of
it, and the CPU allowance a job is held to (:func:`engine.limits.allowance`) bounds an unlucky
one. The result
is checked against the ``search`` ceiling of :mod:`engine.limits`.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from engine.limits import CEILINGS, Ceiling
from engine.search.objectives import DATASETS, MODELS, CVObjective
from engine.search.space import SearchSpace

#: scoring, splitting and bookkeeping around each evaluation, in seconds
EVAL_OVERHEAD = 0.01
#: the strategy's own work to propose ``n`` evaluations, in seconds: c * n**2. A Gaussian process
#: refits on every point so far and optimises its acquisition at each step, TPE rebuilds its
#: densities over every trial: both grow about fourfold when the budget doubles. Measured on the
#: 2-core machine with benchmarks/bench_strategy_cost.py (benchmark functions, whose evaluations
#: cost nothing): bayes 1.4-1.7 s at 100 and 5.8-6.9 s at 200 evaluations (up to 1.7e-4 * n**2),
#: TPE 0.12-0.20 s and 0.31-0.50 s (up to 2e-5 * n**2); the constants keep a margin for a loaded
#: machine (a tester measured 54-60 s for bayes at 500 under load: 2.4e-4 * n**2). Grid, random
#: and halving propose in microseconds.
STRATEGY_SECONDS_PER_N2 = {"bayes": 2.5e-4, "tpe": 2.5e-5}


@dataclass(frozen=True)
class Cost:
    """Estimated CPU-seconds of a request, and the fits behind the estimate."""

    seconds: float
    fits: int

    def describe(self) -> str:
        return f"about {self.fits:,} fits, an estimated {_duration(self.seconds)} of computing"


def _duration(seconds: float) -> str:
    if seconds < 1:
        return "under a second"
    if seconds < 90:
        return f"{seconds:.0f} s"
    return f"{seconds / 60:.0f} min"


def fit_seconds(model: str, dataset: str, params: Mapping[str, Any], folds: int, share: float = 1.0) -> float:
    """Seconds of one fit of ``model`` with ``params`` on one training fold of ``dataset``."""
    ds = DATASETS[dataset]
    n = max(2, int(ds.rows * share * (folds - 1) / folds))
    return MODELS[model].fit_seconds(params, n, ds.features, ds.classes)


def typical(space: SearchSpace, n: int = 256) -> list[dict[str, Any]]:
    """A fixed sample of ``n`` configurations drawn uniformly (in each axis's own scale)."""
    import numpy as np

    rng = np.random.default_rng(0)
    return [space.from_unit(u) for u in rng.random((n, space.dim))]


def grid_points(space: SearchSpace, points_per_axis: int) -> list[dict[str, Any]]:
    """The grid's configurations, as ParameterGrid would list them (without importing it)."""
    from engine.limits import CEILINGS

    CEILINGS["grid"].check(space.grid_size(points_per_axis), "this grid",
                           "the points per axis or the number of parameters", verb="has")
    out = []
    for grid in space._grids(points_per_axis):
        keys = sorted(grid)
        out += [dict(zip(keys, combo)) for combo in itertools.product(*(grid[k] for k in keys))]
    return out


def evaluation_seconds(objective: CVObjective, params: Mapping[str, Any], share: float = 1.0) -> float:
    return EVAL_OVERHEAD + objective.folds * fit_seconds(objective.model, objective.dataset, params,
                                                         objective.folds, share)


def strategy_seconds(name: str, budget: int) -> float:
    """The strategy's own CPU-seconds to propose ``budget`` evaluations (see
    :data:`STRATEGY_SECONDS_PER_N2`): a Bayesian search of 500 benchmark evaluations is about a
    minute of computing even though each evaluation costs nothing."""
    return STRATEGY_SECONDS_PER_N2.get(name, 0.0) * budget ** 2


def search_cost(objective: Any, strategy: Any, space: SearchSpace, budget: int) -> Cost:
    """The estimated cost of ``run_search(objective, strategy, budget, space=space)``: the
    evaluations' fits and the strategy's own work.

    A benchmark function's evaluations cost microseconds: only the strategy's work counts (and
    ``fits`` is 0).
    """
    name = getattr(strategy, "name", strategy)
    own = strategy_seconds(name, budget)
    if not isinstance(objective, CVObjective):
        return Cost(own, 0)
    MODELS[objective.model].check_space(space)
    if name == "grid":
        configs = grid_points(space, strategy.points_per_axis or space.points_for_budget(budget))
        seconds = sum(evaluation_seconds(objective, c) for c in configs)
        return Cost(seconds, len(configs) * objective.folds)
    sample = typical(space)

    def mean_seconds(share: float = 1.0) -> float:
        return sum(evaluation_seconds(objective, c, share) for c in sample) / len(sample)

    if name == "halving":
        rungs = strategy.plan(budget)
        k = len(rungs) - 1
        seconds, evals = 0.0, 0
        for r, n in enumerate(rungs):
            seconds += n * mean_seconds(strategy.factor ** (r - k) if k else 1.0)
            evals += n
        return Cost(seconds, evals * objective.folds)
    return Cost(budget * mean_seconds() + own, budget * objective.folds)


def check_search(objective: Any, strategy: Any, space: SearchSpace, budget: int, what: str = "this search",
                 ceiling: Ceiling | None = None) -> Cost:
    """Estimate, and refuse with :class:`engine.limits.LimitExceeded` when over the ceiling
    (``ceiling``; by default the app's ``search`` ceiling, the only one a page ever uses)."""
    cost = search_cost(objective, strategy, space, budget)
    count = f"{cost.fits:,} fits" if cost.fits else f"{budget:,} evaluations"
    (ceiling or CEILINGS["search"]).check(cost.seconds, f"{what} ({count})", what_to_lower(objective, space))
    return cost


#: parameters whose size drives the cost of one fit
SIZE_PARAMS = ("n_estimators", "hidden_units", "max_depth", "max_features", "degree")


def what_to_lower(objective: Any, space: SearchSpace, *extra: str) -> str:
    """'the budget, the folds or the largest n_estimators / max_depth' for a refusal (``extra``:
    more the visitor can lower, after the budget)."""
    items = ["the budget", *extra]
    if isinstance(objective, CVObjective):  # else no folds and no model: the strategy's work is the cost
        items.append("the folds")
        sizes = [p.name for p in space.params if p.name in SIZE_PARAMS]
        if sizes:
            items.append("the largest " + " / ".join(sizes))
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " or " + items[-1]


def check_fits(objective: CVObjective, configs: Sequence[Mapping[str, Any]], repeats: int, what: str) -> Cost:
    """Price ``repeats`` cross-validations of each configuration (a CV experiment), and check it."""
    spec = MODELS[objective.model]
    for c in configs:
        spec.check_params(c)
    seconds = repeats * sum(evaluation_seconds(objective, c) for c in configs)
    cost = Cost(seconds, repeats * len(configs) * objective.folds)
    CEILINGS["search"].check(cost.seconds, f"{what} ({cost.fits:,} fits)", "the seeds, the folds or the model's size")
    return cost
