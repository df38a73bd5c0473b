"""Random search with scikit-learn's ParameterSampler (log-uniform where the space says log)."""

from __future__ import annotations

from engine.search.space import SearchSpace
from engine.search.strategies.base import Strategy
from engine.search.trials import Evaluate


class RandomStrategy(Strategy):
    name = "random"
    title = "Random search"
    blurb = ("Draws configurations independently (log-uniform where the space says log), so every "
             "evaluation tries a new value of every parameter.")
    equivalent = "sklearn.model_selection.ParameterSampler (RandomizedSearchCV)"

    def candidates(self, space: SearchSpace, n: int, seed: int) -> list[dict]:
        from sklearn.model_selection import ParameterSampler

        return [
            {k: (v.item() if hasattr(v, "item") else v) for k, v in p.items()}
            for p in ParameterSampler(space.distributions(), n, random_state=seed)
        ]

    def run(self, space: SearchSpace, evaluate: Evaluate, budget: int, seed: int, maximize: bool) -> None:
        evaluate(self.candidates(space, budget, seed), 1.0)
