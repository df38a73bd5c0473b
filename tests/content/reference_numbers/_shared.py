"""What several modules of checks use: one weight moved by a real optimiser, the state an optimiser
keeps per parameter, a scheduler stepped on one, a classifier that counts its fits, expected
improvement, the mean of the best of k normals and a LoRA beside a linear layer (the runner skips
modules whose name starts with an underscore)."""

from __future__ import annotations

import functools

import numpy as np


def weight_moves(make_opt, grads, start: float = 0.0) -> list[float]:
    """The signed move of one float64 weight on each step, fed the gradients ``grads``."""
    import torch

    w = torch.tensor([start], dtype=torch.float64, requires_grad=True)
    opt = make_opt([w])
    moves = []
    for g in grads:
        before = w.item()
        w.grad = torch.tensor([g], dtype=torch.float64)
        opt.step()
        moves.append(w.item() - before)
    return moves


def state_tensors_per_parameter(make_opt) -> int:
    """How many tensors of a parameter's size the optimiser ``make_opt([w])`` keeps after a step
    (Adam's and AdamW's m and v: 2)."""
    import torch

    w = torch.zeros(3, 5, requires_grad=True)
    opt = make_opt([w])
    w.grad = torch.ones_like(w)
    opt.step()
    return sum(1 for t in opt.state[w].values() if torch.is_tensor(t) and t.shape == w.shape)


def rate_after(make_sched, calls: int, lr) -> list[float]:
    """Each group's rate after ``calls`` scheduler steps (an optimiser step before each)."""
    import torch

    lrs = lr if isinstance(lr, (list, tuple)) else [lr]
    groups = [{"params": [torch.zeros(1, requires_grad=True)], "lr": r} for r in lrs]
    opt = torch.optim.SGD(groups, lr=lrs[0])
    sched = make_sched(opt)
    for _ in range(calls):
        opt.step()
        sched.step()
    return [g["lr"] for g in opt.param_groups]


def expected_improvement(gain: float, sigma: float) -> float:
    """Expected improvement of a Gaussian prediction whose mean is ``gain`` better than the best so
    far (negative: worse), with standard deviation ``sigma``: gain·Φ(z) + σ·φ(z), z = gain / σ."""
    from scipy import stats

    z = gain / sigma
    return float(gain * stats.norm.cdf(z) + sigma * stats.norm.pdf(z))


def mean_of_max_of_normals(k: int) -> float:
    """The mean of the largest of ``k`` independent standard normals: the integral of
    x·k·φ(x)·Φ(x)^(k−1) over the line."""
    import math

    from scipy import integrate, stats

    value, _ = integrate.quad(lambda x: x * k * stats.norm.pdf(x) * stats.norm.cdf(x) ** (k - 1),
                              -math.inf, math.inf)
    return value


def fit_counter():
    """A classifier that records every fit in a shared list, and a tiny dataset to fit it on."""
    from sklearn.base import BaseEstimator, ClassifierMixin

    fits = []

    class Counting(ClassifierMixin, BaseEstimator):
        def __init__(self, a=0.0, b=0.0, c=0.0):
            self.a, self.b, self.c = a, b, c

        def fit(self, X, y):
            fits.append(1)
            self.classes_ = np.unique(y)
            return self

        def predict(self, X):
            return np.full(len(X), self.classes_[0])

    X = np.arange(60, dtype=float).reshape(-1, 1)
    y = np.arange(60) % 2
    return Counting(), fits, X, y


@functools.cache
def _lora_linear_class():
    from torch import nn

    class LoRALinear(nn.Module):
        """A frozen ``base`` projection with a trainable ``lora_B(lora_A(x))`` beside it, scaled by
        alpha / r, B starting at zero (PEFT's names and initialisation)."""

        def __init__(self, d_in: int, d_out: int, r: int, alpha: float, bias: bool) -> None:
            super().__init__()
            self.base = nn.Linear(d_in, d_out, bias=bias).requires_grad_(False)
            self.lora_A = nn.Linear(d_in, r, bias=False)  # weight r × d_in
            self.lora_B = nn.Linear(r, d_out, bias=False)  # weight d_out × r
            nn.init.zeros_(self.lora_B.weight)
            self.scale = alpha / r

        def forward(self, x):
            return self.base(x) + self.scale * self.lora_B(self.lora_A(x))

    return LoRALinear


def lora_linear(d_in: int, d_out: int, r: int, alpha: float | None = None, bias: bool = True):
    """A torch module: a frozen ``d_out × d_in`` linear layer with a rank-``r`` LoRA beside it
    (``alpha`` defaults to ``r``: a scale of 1)."""
    return _lora_linear_class()(d_in, d_out, r, r if alpha is None else alpha, bias)
