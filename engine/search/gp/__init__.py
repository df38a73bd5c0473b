"""Gaussian-process Bayesian optimisation, in three modules (as Optuna keeps ``_gp/gp.py``,
``acqf.py`` and ``optim_mixed.py`` apart).

:mod:`engine.search.gp.model`
    :class:`GaussianProcess` (``fit``, ``predict``, ``log_marginal_likelihood``) and
    :func:`gp_from_state`, which rebuilds a fitted model from the plain data the Bayes
    strategy keeps per iteration.
:mod:`engine.search.gp.acquisition`
    :func:`expected_improvement`, :func:`log_expected_improvement` and :func:`maximize_ei`.
:mod:`engine.search.gp.loop`
    :class:`BOEngine` (the propose step shared with the Bayes strategy) and
    :func:`bayes_minimize`, Bayesian optimisation of any Python callable over a box.

Imports point one way: loop -> acquisition -> model. The names below are the public ones,
so ``from engine.search.gp import bayes_minimize`` works as before.
"""

from engine.search.gp.acquisition import expected_improvement, log_expected_improvement, maximize_ei
from engine.search.gp.loop import (
    BayesResult,
    BOEngine,
    Proposal,
    bayes_minimize,
    default_n_initial,
    latin_hypercube,
)
from engine.search.gp.model import GaussianProcess, gp_from_state, matern52

__all__ = [
    "BOEngine",
    "BayesResult",
    "GaussianProcess",
    "Proposal",
    "bayes_minimize",
    "default_n_initial",
    "expected_improvement",
    "gp_from_state",
    "latin_hypercube",
    "log_expected_improvement",
    "matern52",
    "maximize_ei",
]
