"""Run many optimiser configurations on a loss surface at once, and classify each run.

Configurations that share an optimiser are stepped together as one ``(n, 2)`` array; the
gradient of the whole batch is computed once per step. Every run is then classified by
these rules, applied in order (``gap`` is f(p_t) - f*, the distance above the minimum):

diverged
    At the first step where a coordinate or the loss is not finite, a coordinate exceeds
    ``DIVERGENCE_RADIUS`` in size, or the gap exceeds ``DIVERGENCE_FACTOR`` times
    max(initial gap, 1). The path is cut before that step and ``diverged_at`` records it.
converged
    The mean gap over the last window (the last fifth of the steps, at least 10) is at
    most the threshold: ``max(1e-6, 1e-4 * initial gap)`` unless given.
oscillating
    Not converged, and more than half of the successive updates in the last window point
    against the previous one (negative dot product): the iterate bounces across a valley.
stalled
    None of those, and the gap moved by less than ``STALL_SHARE`` of itself over the last
    window. The run sits where the gradient vanishes but the minimum is not (a saddle reached
    along its ridge); "still descending" said of a run stopped at a saddle contradicted the
    lesson of the question that runs it.
still descending
    Anything else: making progress, but not there yet.

``steps_to_threshold`` is the first step whose gap is at most the threshold.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from engine.limits import CEILINGS
from engine.optim.optimizers import check_lr, get_optimizer
from engine.optim.schedules import ScheduleSpec, lr_values
from engine.optim.surfaces import Surface

MAX_STEPS = 20_000
MAX_RUNS = 10_000
#: a start further out than this is off every surface's picture (and overflows its loss)
MAX_START = 1e4
DIVERGENCE_FACTOR = 1e4
DIVERGENCE_RADIUS = 1e6
OUTCOMES = ("converged", "diverged", "oscillating", "stalled", "still descending")
#: a run whose gap falls by less than this share of itself over its last window has stalled: far
#: below what the slowest rate a sweep tries still makes (a rate of 1e-6 on a unit curvature
#: takes about 1e-4 of the gap over a window of 40 steps)
STALL_SHARE = 1e-9


@dataclass(frozen=True)
class RunConfig:
    """One optimiser run: which optimiser, its learning rate and settings, where it starts."""

    optimizer: str
    lr: float
    hyper: Mapping[str, float] = field(default_factory=dict)
    schedule: ScheduleSpec = field(default_factory=ScheduleSpec)
    start: tuple[float, float] | None = None
    label: str | None = None

    def name(self) -> str:
        return self.label or f"{self.optimizer} lr={self.lr:g}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "optimizer": self.optimizer,
            "lr": self.lr,
            "hyper": dict(self.hyper),
            "schedule": self.schedule.to_dict(),
            "start": list(self.start) if self.start else None,
            "label": self.name(),
        }


@dataclass(frozen=True)
class RunResult:
    """What one run did. Arrays are cut at divergence and hold only finite numbers."""

    config: RunConfig
    #: (k + 1, 2) points, the start first
    trajectory: np.ndarray
    #: (k + 1,) loss at each point
    losses: np.ndarray
    #: (k,) learning rate used by each step taken
    lrs: np.ndarray
    outcome: str
    diverged_at: int | None
    steps_to_threshold: int | None
    threshold: float

    @property
    def final_loss(self) -> float:
        return float(self.losses[-1])

    @property
    def tail_loss(self) -> float:
        """Mean loss over the window the outcome is judged on (see :func:`tail_window`).

        With noisy gradients the last loss alone is one draw from a wide spread; this mean is
        the number to compare runs by.
        """
        return float(self.losses[-tail_window(len(self.losses)):].mean())

    def to_dict(self) -> dict[str, Any]:
        return {
            "config": self.config.to_dict(),
            "trajectory": self.trajectory.tolist(),
            "losses": self.losses.tolist(),
            "lrs": self.lrs.tolist(),
            "outcome": self.outcome,
            "diverged_at": self.diverged_at,
            "steps_to_threshold": self.steps_to_threshold,
            "final_loss": self.final_loss,
        }


def check_steps(steps: int) -> int:
    if not (isinstance(steps, (int, np.integer)) and 1 <= steps <= MAX_STEPS):
        raise ValueError(f"steps must be a whole number from 1 to {MAX_STEPS}, got {steps}")
    return int(steps)


def run_many(
    surface: Surface,
    configs: Sequence[RunConfig],
    steps: int,
    seed: int = 0,
    threshold: float | None = None,
    on_progress: Callable[[float], None] | None = None,
) -> list[RunResult]:
    """Run every configuration for ``steps`` steps; results come back in input order.

    Raises
    ------
    ValueError
        For an invalid learning rate, hyperparameter, schedule, start point or step count.
    """
    steps = check_steps(steps)
    if not configs:
        return []
    if len(configs) > MAX_RUNS:
        raise ValueError(f"at most {MAX_RUNS} runs at once, got {len(configs)}")
    CEILINGS["optimizer"].check(len(configs) * steps, f"{len(configs):,} runs of {steps:,} steps",
                                "the number of runs or of steps", verb="make")
    check_threshold(threshold)
    n = len(configs)
    groups: dict[tuple, list[int]] = {}
    for i, c in enumerate(configs):
        spec = get_optimizer(c.optimizer)
        spec.hyper(**c.hyper)  # validate early, with the optimiser's own message
        check_lr(c.lr)
        groups.setdefault((spec.name,), []).append(i)
    order = [i for idx in groups.values() for i in idx]

    starts = np.array([_start(configs[i], surface) for i in order], dtype=float)
    lrs = np.stack([lr_values(configs[i].schedule, configs[i].lr, steps) for i in order])
    if np.any(~np.isfinite(lrs)) or np.any(lrs < 0):
        raise ValueError("a schedule produced a negative or non-finite learning rate")

    blocks = []
    pos = 0
    for (name,), idx in groups.items():
        spec = get_optimizer(name)
        sl = slice(pos, pos + len(idx))
        hyp = [spec.hyper(**configs[i].hyper) for i in idx]
        h = {k: np.array([[hh[k]] for hh in hyp]) for k in spec.defaults}
        state = spec.init_state(len(idx), 2, h)
        blocks.append((spec.step, sl, h, state))
        pos += len(idx)

    rng = np.random.default_rng(seed)
    # Common random numbers: every run sees the same noise sequence, so runs differ only by
    # their optimiser settings, and a seed reproduces the same numbers in the UI and the CLI.
    noise = rng.standard_normal((steps, 2)) * surface.noise if surface.noise else None

    P = starts.copy()
    traj = np.empty((steps + 1, n, 2))
    traj[0] = P
    report_every = max(1, steps // 20)
    with np.errstate(all="ignore"):
        for t in range(steps):
            G = surface.grad(P)
            if noise is not None:
                G = G + noise[t]
            for step, sl, h, state in blocks:
                step(P[sl], G[sl], lrs[sl, t : t + 1], h, state, t + 1)
            traj[t + 1] = P
            if on_progress and (t + 1) % report_every == 0:
                on_progress((t + 1) / steps)
        losses = surface.value(traj.reshape(-1, 2)).reshape(steps + 1, n)

    results: list[RunResult | None] = [None] * n
    for j, i in enumerate(order):
        results[i] = _classify(configs[i], surface, traj[:, j], losses[:, j], lrs[j], threshold)
    return results  # type: ignore[return-value]


def run_one(surface: Surface, config: RunConfig, steps: int, seed: int = 0,
            threshold: float | None = None) -> RunResult:
    return run_many(surface, [config], steps, seed, threshold)[0]


def check_threshold(threshold: float | None) -> None:
    if threshold is not None and not (isinstance(threshold, (int, float)) and math.isfinite(threshold)
                                      and threshold > 0):
        shown = f"{threshold:g}" if isinstance(threshold, (int, float)) else repr(threshold)
        raise ValueError(f"the threshold must be a finite number > 0, got {shown}")


def _start(c: RunConfig, surface: Surface) -> tuple[float, float]:
    start = c.start if c.start is not None else surface.start
    if len(start) != 2 or not all(isinstance(v, (int, float)) and math.isfinite(v) for v in start):
        raise ValueError(f"start must be two finite numbers, got {start}")
    if any(abs(v) > MAX_START for v in start):
        raise ValueError(f"start must lie within ±{MAX_START:,.0f} on both axes, got {tuple(start)}")
    with np.errstate(all="ignore"):
        loss = float(surface.value(np.array([start], dtype=float))[0])
    if not math.isfinite(loss):
        raise ValueError(f"the loss at the start {tuple(start)} is not a finite number: start nearer the middle")
    return start


def tail_window(n_points: int) -> int:
    """How many final points a run is judged on: the last fifth of its steps, at least 10."""
    return max(10, (n_points - 1) // 5)


def default_threshold(gap0: float) -> float:
    return max(1e-6, 1e-4 * gap0)


def _classify(config: RunConfig, surface: Surface, traj: np.ndarray, losses: np.ndarray,
              lrs: np.ndarray, threshold: float | None) -> RunResult:
    gap = losses - surface.min_value
    gap0 = float(gap[0])
    limit = DIVERGENCE_FACTOR * max(gap0, 1.0)
    bad = (
        ~np.isfinite(gap)
        | (gap > limit)
        | np.any(~np.isfinite(traj) | (np.abs(traj) > DIVERGENCE_RADIUS), axis=1)
    )
    bad[0] = False
    diverged_at = int(np.argmax(bad)) if bad.any() else None
    end = diverged_at if diverged_at is not None else len(losses)
    traj, losses, gap = traj[:end], losses[:end], gap[:end]
    tol = threshold if threshold is not None else default_threshold(gap0)
    hit = np.nonzero(gap <= tol)[0]
    steps_to = int(hit[0]) if hit.size else None

    if diverged_at is not None:
        outcome = "diverged"
    else:
        window = tail_window(len(losses))
        tail = gap[-window:]
        moves = np.diff(traj[-window - 1 :], axis=0)
        dots = np.einsum("ij,ij->i", moves[1:], moves[:-1])
        if tail.mean() <= tol:
            outcome = "converged"
        elif dots.size and np.mean(dots < 0) > 0.5:
            outcome = "oscillating"
        elif np.ptp(tail) <= STALL_SHARE * tail.mean():  # neither falling nor bouncing: stopped
            outcome = "stalled"
        else:
            outcome = "still descending"
    return RunResult(
        config=config,
        trajectory=traj.copy(),
        losses=losses.copy(),
        lrs=lrs[: len(losses) - 1].copy(),
        outcome=outcome,
        diverged_at=diverged_at,
        steps_to_threshold=steps_to,
        threshold=float(tol),
    )
