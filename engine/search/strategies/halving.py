"""Successive halving on a budget of training samples, as HalvingRandomSearchCV.

Rung 0 evaluates ``n`` random candidates on a small share of the samples; each rung keeps
the best 1/``factor`` and multiplies the share by ``factor``, until one rung uses all the
samples. ``budget`` counts evaluations over all rungs; the number of starting candidates is
the largest that fits. Objectives without a resource (benchmark functions) are evaluated
exactly at every rung, so there halving keeps the true best candidates.

How it differs from scikit-learn's ``HalvingRandomSearchCV`` (same idea: random candidates,
keep ``ceil(n / factor)`` per rung, ``factor`` times the resource each rung):

- the budget is a number of evaluations over all rungs, and the starting candidates are the
  most that fit it; scikit-learn takes ``n_candidates`` (or "exhaust") and a resource range;
- rung r of k uses ``factor ** (r - k)`` of the rows, so the last rung always uses all of
  them; scikit-learn starts from ``min_resources`` (by default a few samples per class and
  fold) and grows from there, so its last rung may stop short of ``max_resources``;
- a rung's share of rows is drawn once, stratified, before cross-validation, so the test
  folds shrink with it; scikit-learn subsamples only the training part of each fold;
- a candidate's seed comes from the strategy's seed through ``ParameterSampler``, as
  scikit-learn's, but the two draw different candidates for the same seed.
"""

from __future__ import annotations

import math

from engine.search.space import SearchSpace
from engine.search.strategies.base import Strategy
from engine.search.strategies.random import RandomStrategy
from engine.search.trials import Evaluate, loss_of


def schedule(n0: int, factor: int) -> list[int]:
    """Candidates per rung: n0, n0/f, n0/f^2, ... down to 1 (as HalvingRandomSearchCV)."""
    out = [n0]
    while out[-1] > 1:
        out.append(max(1, math.ceil(out[-1] / factor)))
    return out


class HalvingStrategy(Strategy):
    name = "halving"
    title = "Successive halving"
    blurb = ("Starts many configurations on a small slice of the training data and keeps the best "
             "third at each rung, with three times the data.")
    equivalent = "sklearn.model_selection.HalvingRandomSearchCV"

    def __init__(self, factor: int = 3):
        super().__init__()
        if factor < 2:
            raise ValueError(f"the halving factor must be >= 2, got {factor}")
        self.factor = factor

    def plan(self, budget: int) -> list[int]:
        n0 = 1
        while sum(schedule(n0 + 1, self.factor)) <= budget:
            n0 += 1
        return schedule(n0, self.factor)

    def run(self, space: SearchSpace, evaluate: Evaluate, budget: int, seed: int, maximize: bool) -> None:
        rungs = self.plan(budget)
        k = len(rungs) - 1
        self.extras["rungs"] = rungs
        alive = RandomStrategy().candidates(space, rungs[0], seed)
        for r, n in enumerate(rungs):
            resource = self.factor ** (r - k) if k else 1.0
            trials = evaluate(alive[:n], resource)
            ranked = sorted(zip(trials, alive[:n]), key=lambda tp: loss_of(tp[0], maximize))
            if r + 1 < len(rungs):
                alive = [p for _, p in ranked[: rungs[r + 1]]]
