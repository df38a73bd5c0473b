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

STRATEGIES: dict[str, type[Strategy]] = {
    "grid": GridStrategy,
    "random": RandomStrategy,
    "bayes": BayesStrategy,
    "tpe": TPEStrategy,
    "halving": HalvingStrategy,
}

STRATEGY_TITLES = {
    "grid": "Grid search",
    "random": "Random search",
    "bayes": "Bayesian optimisation (GP + EI)",
    "tpe": "TPE (Optuna)",
    "halving": "Successive halving",
}

#: what each strategy does with its budget, in a sentence (shown before a search runs)
STRATEGY_BLURBS = {
    "grid": "Tries every combination of a few values per axis, so a budget spread over several "
            "parameters tests only a few distinct values of each.",
    "random": "Draws configurations independently (log-uniform where the space says log), so every "
              "evaluation tries a new value of every parameter.",
    "bayes": "Fits a Gaussian process to the scores so far and evaluates where expected improvement is "
             "highest: a few spread-out points first, then it homes in.",
    "tpe": "Optuna's tree-structured Parzen estimator: models where good and bad configurations lie and "
           "samples where the ratio favours good ones.",
    "halving": "Starts many configurations on a small slice of the training data and keeps the best "
               "third at each rung, with three times the data.",
}


def get_strategy(name: str, **options) -> Strategy:
    try:
        cls = STRATEGIES[name]
    except KeyError:
        raise ValueError(f"unknown strategy '{name}'; choose one of {', '.join(STRATEGIES)}") from None
    return cls(**options)
