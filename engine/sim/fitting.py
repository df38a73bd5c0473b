"""Over- and under-fitting made visible: polynomial regression trained by gradient descent.

A smooth target (a sine wave) is sampled at ``n_train`` noisy points; a validation set of 200
noisy points is drawn from the same curve. Each run fits a polynomial of its own degree (a
``torch.nn.Linear`` on Legendre features, so the columns are well conditioned) with a
torch.optim optimiser on the mean squared error, full batch, and records the training and
validation MSE every ``record_every`` epochs. Capacity is the degree: too low cannot follow
the wave (under-fitting), too high chases the noise of the few training points (over-fitting,
and the validation curve turns up while the training curve keeps falling).

Diagnosis rules, applied in order (``sigma2`` is the noise variance, the best MSE any model
can reach on fresh data):

diverged
    A loss stopped being finite.
over-fitting
    The final validation MSE is at least ``OVERFIT_RISE`` times its minimum over training
    (the validation curve turned up) and the final training MSE is below ``sigma2`` (the
    model fits the training points more closely than the noise allows).
under-fitting
    The final training MSE is above ``UNDERFIT_FACTOR`` x ``sigma2``: the model cannot even
    fit the points it trains on down to the noise level.
good fit
    Anything else.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

OVERFIT_RISE = 1.5
UNDERFIT_FACTOR = 2.0
N_VAL = 200
DIAGNOSES = ("over-fitting", "under-fitting", "good fit", "diverged")


@dataclass(frozen=True)
class FitCurve:
    """One run's curves: ``epochs[i]`` is the epoch after which ``train[i]`` and ``val[i]`` were measured."""

    label: str
    degree: int
    epochs: tuple[int, ...]
    train: tuple[float, ...]
    val: tuple[float, ...]
    diverged: bool

    @property
    def best_val_epoch(self) -> int:
        return self.epochs[int(np.argmin(self.val))] if self.val else 0


def target(x: np.ndarray) -> np.ndarray:
    return np.sin(np.pi * x)


def make_data(n_train: int, noise: float, seed: int) -> tuple[np.ndarray, ...]:
    """(x_train, y_train, x_val, y_val): x uniform on [-1, 1], y = sin(pi x) + Gaussian noise."""
    rng = np.random.default_rng(seed)
    xtr = rng.uniform(-1, 1, n_train)
    ytr = target(xtr) + noise * rng.standard_normal(n_train)
    xva = rng.uniform(-1, 1, N_VAL)
    yva = target(xva) + noise * rng.standard_normal(N_VAL)
    return xtr, ytr, xva, yva


def fit_curves(n_train: int, noise: float, epochs: int, record_every: int, seed: int,
               runs: list[dict[str, Any]]) -> list[FitCurve]:
    """Train one polynomial model per run (``label``, ``degree``, ``optimizer``, ``lr``, ``weight_decay``)."""
    from engine.optim.training import one_thread

    with one_thread():
        return _fit_curves(n_train, noise, epochs, record_every, seed, runs)


def _fit_curves(n_train: int, noise: float, epochs: int, record_every: int, seed: int,
                runs: list[dict[str, Any]]) -> list[FitCurve]:
    import torch

    from engine.optim.training import make_optimizer, TrainConfig

    xtr, ytr, xva, yva = make_data(n_train, noise, seed)

    def features(x: np.ndarray, degree: int):
        return torch.tensor(np.polynomial.legendre.legvander(x, degree)[:, 1:], dtype=torch.float32)

    out = []
    for r in runs:
        Xtr, Xva = features(xtr, r["degree"]), features(xva, r["degree"])
        Ytr = torch.tensor(ytr, dtype=torch.float32).reshape(-1, 1)
        Yva = torch.tensor(yva, dtype=torch.float32).reshape(-1, 1)
        torch.manual_seed(seed)
        model = torch.nn.Linear(r["degree"], 1)
        hyper = {"weight_decay": r["weight_decay"]} if r.get("weight_decay") else {}
        opt = make_optimizer(model.parameters(), TrainConfig(r["optimizer"], r["lr"], hyper))
        loss_fn = torch.nn.MSELoss()
        marks, tl, vl, diverged = [], [], [], False
        for epoch in range(1, epochs + 1):
            opt.zero_grad()
            loss = loss_fn(model(Xtr), Ytr)
            loss.backward()
            opt.step()
            if epoch % record_every == 0 or epoch == epochs:
                with torch.no_grad():
                    t, v = float(loss_fn(model(Xtr), Ytr)), float(loss_fn(model(Xva), Yva))
                if not (math.isfinite(t) and math.isfinite(v)):
                    diverged = True
                    break
                marks.append(epoch)
                tl.append(t)
                vl.append(v)
        out.append(FitCurve(r["label"], r["degree"], tuple(marks), tuple(tl), tuple(vl), diverged))
    return out


def diagnose(curve: FitCurve, noise: float) -> str:
    """One of :data:`DIAGNOSES`, by the rules in the module docstring."""
    if curve.diverged or not curve.val:
        return "diverged"
    sigma2 = noise**2
    if curve.val[-1] >= OVERFIT_RISE * min(curve.val) and curve.train[-1] < sigma2:
        return "over-fitting"
    if curve.train[-1] > UNDERFIT_FACTOR * sigma2:
        return "under-fitting"
    return "good fit"
