"""Learning-rate schedules as arrays: the rate used at each optimiser step.

``lr_values(spec, lr0, steps)[t]`` is the rate of step t (0-based), which is what
torch.optim.lr_scheduler gives when ``scheduler.step()`` is called after every
``optimizer.step()``. Each :class:`Schedule` in :data:`SCHEDULES` carries its title, a
sentence for the pages, its defaults, the closed-form rate (numpy) and the torch scheduler
that gives the same rates (``make_torch``, which training uses); tests hold every entry's
rates to torch's, so adding a schedule is one entry here.

============== ================================================================ ==================
name           rate at step t                                                   torch
============== ================================================================ ==================
constant       lr0                                                              (none)
step           lr0 * gamma ** floor(t / step_size)                              StepLR
exponential    lr0 * gamma ** t                                                 ExponentialLR
inverse_time   lr0 / (1 + k t)                                                  LambdaLR (torch has
                                                                                no inverse-time one)
cosine         eta_min + (lr0 - eta_min) (1 + cos(pi t / T_max)) / 2            CosineAnnealingLR
warmup_cosine  lr0 (1 + (W - 1) t / W) / W for t < W = warmup (a line from      SequentialLR(LinearLR,
               lr0 / W at step 0 to lr0 at step W), then cosine from lr0 to     CosineAnnealingLR)
               eta_min over total - W steps
one_cycle      from lr0/div_factor up to lr0 (first pct_start of the steps),    OneCycleLR
               then cosine down to lr0/(div_factor*final_div_factor)           (anneal 'cos')
============== ================================================================ ==================

A parameter whose default is ``None`` (``T_max``, ``total``) means "the run's length".
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

import numpy as np

from engine.text import number


@dataclass(frozen=True)
class ScheduleSpec:
    """A schedule by name with its parameters; missing parameters take defaults."""

    name: str = "constant"
    params: Mapping[str, float] = field(default_factory=dict)

    def to_dict(self) -> dict:
        return {"name": self.name, "params": dict(self.params)}


# --------------------------------------------------------------------------- the rates
# Each takes the step indices, lr0 and every parameter (defaults already filled in).
def _constant(t: np.ndarray, lr0: float) -> np.ndarray:
    return np.full(t.shape, lr0, dtype=float)


def _step(t, lr0, step_size, gamma):
    _positive_int("step_size", step_size)
    _unit("gamma", gamma)
    return lr0 * gamma ** np.floor_divide(t, int(step_size))


def _exponential(t, lr0, gamma):
    _unit("gamma", gamma)
    return lr0 * gamma ** t.astype(float)


def _inverse_time(t, lr0, k):
    if not (math.isfinite(k) and k >= 0):
        raise ValueError(f"k must be >= 0, got {k}")
    return lr0 / (1 + k * t)


def _cosine(t, lr0, T_max, eta_min):
    _positive_int("T_max", T_max)
    _min_lr(eta_min, lr0)
    return eta_min + (lr0 - eta_min) * (1 + np.cos(math.pi * t / int(T_max))) / 2


def _warmup_cosine(t, lr0, warmup, total, eta_min):
    W, T = int(warmup), int(total)
    _positive_int("warmup", warmup)
    if T <= W:
        raise ValueError(f"total steps ({T}) must exceed the warmup ({W})")
    _min_lr(eta_min, lr0)
    ramp = lr0 * (1 + (W - 1) * t / W) / W
    return np.where(t < W, ramp, _cosine(np.maximum(t - W, 0), lr0, T - W, eta_min))


def _one_cycle(t, lr0, total, pct_start, div_factor, final_div_factor):
    T = int(total)
    _positive_int("total", total)
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
        raise ValueError(f"{name} must be a whole number from 1 to {MAX_STEP_PARAM:,}, got {number(value)}")


def _unit(name: str, value: float) -> None:
    if not 0 < value <= 1:
        raise ValueError(f"{name} must be in (0, 1], got {number(value)}")


def _min_lr(eta_min: float, lr0: float) -> None:
    if not 0 <= eta_min < lr0:
        raise ValueError(f"eta_min must be >= 0 and below the learning rate {lr0:g}, got {number(eta_min)}")


# --------------------------------------------------------------------------- torch's schedulers
# Each builds the torch.optim.lr_scheduler object that gives the same rates (None: constant).
def _torch_step(opt, lr0, step_size, gamma):
    from torch.optim import lr_scheduler as S

    return S.StepLR(opt, step_size=int(step_size), gamma=gamma)


def _torch_exponential(opt, lr0, gamma):
    from torch.optim import lr_scheduler as S

    return S.ExponentialLR(opt, gamma=gamma)


def _torch_inverse_time(opt, lr0, k):
    from torch.optim import lr_scheduler as S

    return S.LambdaLR(opt, lambda t: 1.0 / (1.0 + k * t))


def _torch_cosine(opt, lr0, T_max, eta_min):
    from torch.optim import lr_scheduler as S

    return S.CosineAnnealingLR(opt, T_max=int(T_max), eta_min=eta_min)


def _torch_warmup_cosine(opt, lr0, warmup, total, eta_min):
    from torch.optim import lr_scheduler as S

    W = int(warmup)
    # The recipe most training code writes (and the generated question on this schedule states):
    # LinearLR's factor start + (1 - start) t / total_iters climbs from 1/W and would reach 1 at
    # step W, where SequentialLR hands over to the cosine at its peak
    ramp = S.LinearLR(opt, start_factor=1.0 / W, end_factor=1.0, total_iters=W)
    decay = S.CosineAnnealingLR(opt, T_max=int(total) - W, eta_min=eta_min)
    return S.SequentialLR(opt, [ramp, decay], milestones=[W])


def _torch_one_cycle(opt, lr0, total, pct_start, div_factor, final_div_factor):
    from torch.optim import lr_scheduler as S

    return S.OneCycleLR(opt, max_lr=lr0, total_steps=int(total), pct_start=pct_start, div_factor=div_factor,
                        final_div_factor=final_div_factor, cycle_momentum=False)


# --------------------------------------------------------------------------- registry
@dataclass(frozen=True)
class Schedule:
    """A learning-rate schedule: what the pages show, its defaults, its rates and torch's scheduler.

    ``defaults`` lists every parameter (``None``: the run's length); ``rate(t, lr0, **params)``
    gives the rates in closed form; ``make_torch(optimizer, lr0, **params)`` builds the
    equivalent ``torch.optim.lr_scheduler`` (``None`` for a constant rate); ``torch`` names it.
    ``sized(steps)`` gives the settings for a run of ``steps`` steps where none are given: the
    labs draw them as their defaults (``engine.content.labs.LAB_SCHEDULE_FIELDS``) and a training
    run of that many mini-batches takes them (``engine.optim.training.run_schedule``). The
    ``defaults`` are fixed counts ("every 30 steps") that fit a surface's few hundred steps only.
    """

    name: str
    title: str
    blurb: str
    defaults: Mapping[str, float | None]
    rate: Callable[..., np.ndarray]
    torch: str
    make_torch: Callable[..., Any] | None = None
    sized: Callable[[int], Mapping[str, float]] = lambda steps: {}

    def resolve(self, params: Mapping[str, float], steps: int) -> dict[str, float]:
        """Every parameter: the given ones over the defaults, ``None`` as ``steps``.

        Raises
        ------
        ValueError
            For a parameter this schedule does not take.
        """
        unknown = set(params) - set(self.defaults)
        if unknown:
            takes = ", ".join(self.defaults) or "no parameters"
            raise ValueError(f"schedule '{self.name}' has no parameter {', '.join(sorted(unknown))}; it takes {takes}")
        merged = {**self.defaults, **params}
        return {k: steps if v is None else v for k, v in merged.items()}

    def torch_scheduler(self, optimizer, lr0: float, params: Mapping[str, float], total_steps: int):
        """The torch scheduler for a run of ``total_steps`` optimiser steps (None: constant)."""
        if self.make_torch is None:
            return None
        return self.make_torch(optimizer, lr0, **self.resolve(params, total_steps))


SCHEDULES: dict[str, Schedule] = {
    s.name: s
    for s in (
        Schedule("constant", "Constant", "The same rate at every step.", {}, _constant, "(none)"),
        Schedule("step", "Step decay", "Multiply the rate by gamma every step_size steps.",
                 {"step_size": 30, "gamma": 0.1}, _step, "StepLR", _torch_step,
                 lambda steps: {"step_size": max(1, steps // 4), "gamma": 0.5}),
        Schedule("exponential", "Exponential decay", "Multiply the rate by gamma at every step.",
                 {"gamma": 0.99}, _exponential, "ExponentialLR", _torch_exponential, lambda steps: {"gamma": 0.99}),
        Schedule("inverse_time", "1/t (inverse time) decay", "Divide the rate by 1 + k t.",
                 {"k": 0.01}, _inverse_time, "LambdaLR (no built-in)", _torch_inverse_time, lambda steps: {"k": 0.05}),
        Schedule("cosine", "Cosine annealing", "Half a cosine from the rate down to eta_min over T_max steps.",
                 {"T_max": None, "eta_min": 0.0}, _cosine, "CosineAnnealingLR", _torch_cosine,
                 lambda steps: {"T_max": steps}),
        Schedule("warmup_cosine", "Linear warmup, then cosine",
                 "Climb linearly to the rate over warmup steps, then cosine down to eta_min by total.",
                 {"warmup": 10, "total": None, "eta_min": 0.0}, _warmup_cosine,
                 "SequentialLR(LinearLR, CosineAnnealingLR)", _torch_warmup_cosine,
                 lambda steps: {"warmup": max(1, steps // 10)}),
        Schedule("one_cycle", "One-cycle",
                 "Up from rate/div_factor to the rate, then down far below it (Smith's super-convergence).",
                 {"total": None, "pct_start": 0.3, "div_factor": 25.0, "final_div_factor": 1e4}, _one_cycle,
                 "OneCycleLR", _torch_one_cycle, lambda steps: {"pct_start": 0.3}),
    )
}

def sized_defaults(name: str, steps: int) -> dict[str, float]:
    """The settings schedule ``name`` takes, for a run of ``steps`` steps, where none are given
    (:attr:`Schedule.sized`)."""
    return dict(get_schedule(name).sized(steps))


#: a view of the registry's titles, for pages that want only those
SCHEDULE_TITLES: Mapping[str, str] = MappingProxyType({n: s.title for n, s in SCHEDULES.items()})


def get_schedule(name: str) -> Schedule:
    try:
        return SCHEDULES[name]
    except KeyError:
        raise ValueError(f"unknown schedule '{name}'; choose one of {', '.join(SCHEDULES)}") from None


def lr_values(spec: ScheduleSpec | str, lr0: float, steps: int) -> np.ndarray:
    """The learning rate at steps 0 .. steps-1.

    Raises
    ------
    ValueError
        For an unknown schedule or an invalid parameter.
    """
    if isinstance(spec, str):
        spec = ScheduleSpec(spec)
    schedule = get_schedule(spec.name)
    from engine.limits import CEILINGS

    if isinstance(steps, bool) or not isinstance(steps, (int, np.integer)) or steps < 1:
        raise ValueError(f"steps must be a whole number >= 1, got {steps}")
    CEILINGS["schedule"].check(steps, "this schedule", "the number of steps", verb="has")
    for key, value in spec.params.items():
        if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)) \
                or not math.isfinite(value):
            raise ValueError(f"schedule '{spec.name}': {key} must be a finite number, got {value!r}")
    params = schedule.resolve(spec.params, steps)
    t = np.arange(steps)
    try:
        with np.errstate(all="ignore"):
            return np.asarray(schedule.rate(t, float(lr0), **params), dtype=float)
    except OverflowError as exc:
        raise ValueError(f"schedule '{spec.name}': {exc}") from None
