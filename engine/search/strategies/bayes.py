"""Bayesian optimisation: a Gaussian process on the unit box, expected improvement.

The model and the acquisition live in :mod:`engine.search.gp` (numpy/scipy only). The
strategy evaluates a seeded Latin-hypercube design first, then one configuration per
iteration: it fits the GP on every trial so far (``space.to_unit(params)`` against the loss,
failed trials counted as the worst loss seen, so the model learns to avoid them), maximises
EI and evaluates the winner. Integer and categorical parameters go through
``to_unit``/``from_unit`` like the others; a proposal that rounds onto an evaluated
configuration is swapped for the best candidate that does not.

``extras["iterations"]`` keeps, per iteration, plain data from which the page redraws it:
the unit-box points and losses the GP saw, its fitted parameters (``gp_from_state(entry)``
rebuilds the model with one factorisation), the chosen point and the best loss.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from engine.plain import plain
from engine.search.space import SearchSpace
from engine.search.strategies.base import Strategy
from engine.search.trials import Evaluate, Trial, loss_of


class BayesStrategy(Strategy):
    """GP + expected improvement, one evaluation per iteration.

    Parameters
    ----------
    n_initial : int, optional
        Size of the initial Latin-hypercube design; ``max(5, dim + 2)`` by default, and
        never more than the budget.
    xi : float
        Margin in expected improvement (in loss units); 0 is plain EI.
    n_random, n_starts, n_restarts : int
        Acquisition candidates, acquisition polishing starts, extra GP-fit starts (see
        :class:`engine.search.gp.BOEngine`).
    """

    name = "bayes"
    title = "Bayesian optimisation (GP + EI)"
    blurb = ("Fits a Gaussian process to the scores so far and evaluates where expected improvement is "
             "highest: a few spread-out points first, then it homes in.")
    equivalent = "optuna.samplers.GPSampler"

    def __init__(
        self,
        n_initial: int | None = None,
        xi: float = 0.0,
        n_random: int = 2000,
        n_starts: int = 20,
        n_restarts: int = 0,
    ) -> None:
        super().__init__()
        if n_initial is not None and n_initial < 1:
            raise ValueError(f"n_initial must be at least 1, got {n_initial}")
        if xi < 0:
            raise ValueError(f"xi must be >= 0, got {xi}")
        self.n_initial = n_initial
        self.xi = float(xi)
        self.n_random, self.n_starts, self.n_restarts = n_random, n_starts, n_restarts

    def run(self, space: SearchSpace, evaluate: Evaluate, budget: int, seed: int, maximize: bool) -> None:
        # scipy.optimize and friends load here, not when the strategy list is imported
        from engine.search.gp import BOEngine, default_n_initial, latin_hypercube

        if budget < 1:
            return
        dim = space.dim
        engine = BOEngine(dim, seed=seed, xi=self.xi, n_random=self.n_random, n_starts=self.n_starts,
                          n_restarts=self.n_restarts)
        n_init = default_n_initial(dim, budget) if self.n_initial is None else min(self.n_initial, budget)
        iterations: list[dict[str, Any]] = []
        self.extras.update(n_initial=n_init, iterations=iterations)

        def snap(u: np.ndarray) -> np.ndarray:
            return space.to_unit(space.from_unit(u))

        design = latin_hypercube(n_init, dim, engine.rng)
        trials: list[Trial] = list(evaluate([space.from_unit(u) for u in design], 1.0))
        while len(trials) < budget:
            losses = [loss_of(t, maximize) for t in trials]
            if not any(math.isfinite(v) for v in losses):
                # nothing to model yet: keep sampling the box
                new = evaluate([space.from_unit(engine.rng.random(dim))], 1.0)
                if not new:
                    return
                trials += new
                continue
            X = np.array([space.to_unit(t.params) for t in trials])
            prop = engine.propose(X, losses, snap=snap)
            params = {k: plain(v) for k, v in space.from_unit(prop.x).items()}
            new = evaluate([params], 1.0)
            if not new:  # the runner had no room left; it normally raises StopSearch instead
                return
            trials += new
            next_loss = loss_of(new[0], maximize)
            iterations.append(
                {
                    "iteration": len(iterations),
                    "X": X.tolist(),
                    "losses": prop.gp.y_train_.tolist(),
                    "failed": [not math.isfinite(v) for v in losses],
                    "gp": prop.gp.params(),
                    "next_unit": prop.x.tolist(),
                    "next_params": params,
                    "ei": prop.ei,
                    "best": prop.best,
                    "next_loss": next_loss if math.isfinite(next_loss) else None,
                }
            )
