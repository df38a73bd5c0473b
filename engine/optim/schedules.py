"""Learning-rate schedules as arrays: the rate used at each optimiser step.

``lr_values(spec, lr0, steps)[t]`` is the rate of step t (0-based), which is what
torch.optim.lr_scheduler gives when ``scheduler.step()`` is called after every
``optimizer.step()``. Each schedule equals its torch counterpart (tests hold them to it):

============== ================================================================ ==================
name           rate at step t                                                   torch
============== ================================================================ ==================
constant       lr0                                                              (none)
step           lr0 * gamma ** floor(t / step_size)                              StepLR
exponential    lr0 * gamma ** t                                                 ExponentialLR
inverse_time   lr0 / (1 + k t)                                                  LambdaLR
cosine         eta_min + (lr0 - eta_min) (1 + cos(pi t / T_max)) / 2            CosineAnnealingLR
warmup_cosine  lr0 (t + 1) / warmup for t < warmup, then cosine to eta_min       LambdaLR
               over the remaining steps
one_cycle      from lr0/div_factor up to lr0 (first pct_start of the steps),    OneCycleLR
               then cosine down to lr0/(div_factor*final_div_factor)           (anneal 'cos')
============== ================================================================ ==================
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import numpy as np


@dataclass(frozen=True)
class ScheduleSpec:
    """A schedule by name with its parameters; missing parameters take defaults."""

    name: str = "constant"
    params: Mapping[str, float] = field(default_factory=dict)

    def to_dict(self) -> dict:
        return {"name": self.name, "params": dict(self.params)}


def _constant(t: np.ndarray, lr0: float, n: int) -> np.ndarray:
    return np.full(t.shape, lr0, dtype=float)


def _step(t, lr0, n, step_size: float = 30, gamma: float = 0.1):
    _positive_int("step_size", step_size)
    _unit("gamma", gamma)
    return lr0 * gamma ** np.floor_divide(t, int(step_size))


def _exponential(t, lr0, n, gamma: float = 0.99):
    _unit("gamma", gamma)
    return lr0 * gamma ** t.astype(float)


def _inverse_time(t, lr0, n, k: float = 0.01):
    if not (math.isfinite(k) and k >= 0):
        raise ValueError(f"k must be >= 0, got {k}")
    return lr0 / (1 + k * t)


def _cosine(t, lr0, n, T_max: float | None = None, eta_min: float = 0.0):
    T = int(T_max) if T_max is not None else n
    _positive_int("T_max", T)
    _min_lr(eta_min, lr0)
    return eta_min + (lr0 - eta_min) * (1 + np.cos(math.pi * t / T)) / 2


def warmup_cosine_factor(t: int, warmup: int, total: int, min_ratio: float) -> float:
    """The multiplier of LambdaLR for linear warmup then cosine decay (used by the tests)."""
    if t < warmup:
        return (t + 1) / warmup
    span = max(1, total - warmup)
    return min_ratio + (1 - min_ratio) * 0.5 * (1 + math.cos(math.pi * min(t - warmup, span) / span))


def _warmup_cosine(t, lr0, n, warmup: float = 10, total: float | None = None, eta_min: float = 0.0):
    W = int(warmup)
    T = int(total) if total is not None else n
    _positive_int("warmup", W)
    if T <= W:
        raise ValueError(f"total steps ({T}) must exceed the warmup ({W})")
    _min_lr(eta_min, lr0)
    ratio = eta_min / lr0
    return lr0 * np.array([warmup_cosine_factor(int(i), W, T, ratio) for i in t])


def _one_cycle(t, lr0, n, total: float | None = None, pct_start: float = 0.3,
               div_factor: float = 25.0, final_div_factor: float = 1e4):
    T = int(total) if total is not None else n
    _positive_int("total", T)
    if not 0 < pct_start < 1:
        raise ValueError(f"pct_start must be between 0 and 1, got {pct_start}")
    if not (div_factor > 0 and final_div_factor > 0):
        raise ValueError("div_factor and final_div_factor must be > 0")
    if np.any(t >= T):
        raise ValueError(f"one_cycle is defined for {T} steps; asked for {int(t.max()) + 1}")
    initial = lr0 / div_factor
    final = initial / final_div_factor
    # torch's phase boundaries, as floats, exactly as OneCycleLR computes them
    phases = [(float(pct_start * T) - 1, initial, lr0), (float(T - 1), lr0, final)]
    out = np.empty(t.shape, dtype=float)
    for i, step in enumerate(t):
        start = 0.0
        for end, lo, hi in phases:
            if step <= end or end == phases[-1][0]:
                pct = (step - start) / (end - start)
                out[i] = hi + (lo - hi) / 2.0 * (math.cos(math.pi * pct) + 1)
                break
            start = end
    return out


#: a step count in a schedule beyond this is no schedule at all (runs are far shorter)
MAX_STEP_PARAM = 10**9


def _positive_int(name: str, value: float) -> None:
    if not (math.isfinite(value) and float(value).is_integer() and 1 <= value <= MAX_STEP_PARAM):
        raise ValueError(f"{name} must be a whole number from 1 to {MAX_STEP_PARAM:,}, got {value:g}")


def _unit(name: str, value: float) -> None:
    if not 0 < value <= 1:
        raise ValueError(f"{name} must be in (0, 1], got {value}")


def _min_lr(eta_min: float, lr0: float) -> None:
    if not 0 <= eta_min < lr0:
        raise ValueError(f"eta_min must be >= 0 and below the learning rate {lr0:g}, got {eta_min}")


SCHEDULES: dict[str, Callable[..., np.ndarray]] = {
    "constant": _constant,
    "step": _step,
    "exponential": _exponential,
    "inverse_time": _inverse_time,
    "cosine": _cosine,
    "warmup_cosine": _warmup_cosine,
    "one_cycle": _one_cycle,
}

SCHEDULE_TITLES = {
    "constant": "Constant",
    "step": "Step decay",
    "exponential": "Exponential decay",
    "inverse_time": "1/t (inverse time) decay",
    "cosine": "Cosine annealing",
    "warmup_cosine": "Linear warmup, then cosine",
    "one_cycle": "One-cycle",
}


def lr_values(spec: ScheduleSpec | str, lr0: float, steps: int) -> np.ndarray:
    """The learning rate at steps 0 .. steps-1.

    Raises
    ------
    ValueError
        For an unknown schedule or an invalid parameter.
    """
    if isinstance(spec, str):
        spec = ScheduleSpec(spec)
    try:
        fn = SCHEDULES[spec.name]
    except KeyError:
        raise ValueError(
            f"unknown schedule '{spec.name}'; choose one of {', '.join(SCHEDULES)}"
        ) from None
    from engine.limits import CEILINGS

    if isinstance(steps, bool) or not isinstance(steps, (int, np.integer)) or steps < 1:
        raise ValueError(f"steps must be a whole number >= 1, got {steps}")
    CEILINGS["schedule"].check(steps, "this schedule", "the number of steps", verb="has")
    for key, value in spec.params.items():
        if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)) \
                or not math.isfinite(value):
            raise ValueError(f"schedule '{spec.name}': {key} must be a finite number, got {value!r}")
    t = np.arange(steps)
    try:
        with np.errstate(all="ignore"):
            return np.asarray(fn(t, float(lr0), steps, **dict(spec.params)), dtype=float)
    except (TypeError, OverflowError) as exc:
        raise ValueError(f"schedule '{spec.name}': {exc}") from None
