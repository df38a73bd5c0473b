"""Search strategies behind one hook: ``run(space, evaluate, budget, seed, maximize)``.

Like scikit-learn's ``_run_search(evaluate_candidates)``: a strategy proposes batches of
configurations and calls ``evaluate``; the runner (:mod:`engine.search.runner`) owns the
budget, the cache, parallel dispatch, progress and stopping. ``evaluate`` raises
``StopSearch`` when the budget is spent, so a strategy can simply loop.
"""

from __future__ import annotations

from engine.search.strategies.base import Strategy
from engine.search.strategies.bayes import BayesStrategy
from engine.search.strategies.grid import GridStrategy
from engine.search.strategies.halving import HalvingStrategy
from engine.search.strategies.random import RandomStrategy
from engine.search.strategies.tpe import TPEStrategy

#: name -> strategy class; each class carries its ``title``, ``blurb`` and library ``equivalent``
STRATEGIES: dict[str, type[Strategy]] = {
    cls.name: cls for cls in (GridStrategy, RandomStrategy, BayesStrategy, TPEStrategy, HalvingStrategy)
}


def get_strategy(name: str, **options) -> Strategy:
    try:
        cls = STRATEGIES[name]
    except KeyError:
        raise ValueError(f"unknown strategy '{name}'; choose one of {', '.join(STRATEGIES)}") from None
    return cls(**options)
