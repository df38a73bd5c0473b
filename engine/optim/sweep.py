"""Learning-rate sweeps: final loss and steps to a threshold against many learning rates.

One call runs optimisers x learning rates as a single batch (see :mod:`engine.optim.run`),
so 7 optimisers x 100 rates x 1000 steps takes a fraction of a second.

Each learning rate falls in a region: ``good`` where the run converged; ``too high`` above
the largest good rate (the run diverged, oscillated or wandered); ``too low`` below the
smallest good rate (still descending when the steps ran out). Between two good rates, and
with no good rate at all, diverged and oscillating runs are ``too high`` and the rest
``too low``. The good rates need not be one band (:attr:`OptimizerSweep.good_bands`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from engine.optim.optimizers import check_lr, get_optimizer
from engine.optim.run import DIVERGENCE_FACTOR, RunConfig, run_many
from engine.optim.schedules import ScheduleSpec
from engine.optim.surfaces import Surface

MAX_LRS = 400


@dataclass(frozen=True)
class OptimizerSweep:
    optimizer: str
    lrs: np.ndarray
    #: f - f* at the end of each run; a diverged run reports the divergence limit
    final_gap: np.ndarray
    steps_to_threshold: tuple[int | None, ...]
    outcomes: tuple[str, ...]
    regions: tuple[str, ...]

    @property
    def best_lr(self) -> float | None:
        """The good rate (its run converged) that reached the threshold in the fewest steps (None
        if none did). Only a good one: a run that touched the threshold once on its way through,
        then oscillated or wandered off, reached it fastest and was named the fastest rate beside
        "good rates: none"."""
        hits = [(s, i) for i, (s, r) in enumerate(zip(self.steps_to_threshold, self.regions))
                if s is not None and r == "good"]
        return float(self.lrs[min(hits)[1]]) if hits else None

    @property
    def good_range(self) -> tuple[float, float] | None:
        good = [lr for lr, r in zip(self.lrs, self.regions) if r == "good"]
        return (float(min(good)), float(max(good))) if good else None

    @property
    def good_bands(self) -> tuple[tuple[float, float], ...]:
        """The good rates as bands of neighbouring rates, lowest first: a sweep can converge, fail
        over a stretch of rates, then converge again (RMSprop on the condition-10 bowl over 200 steps:
        good at 0.029 to 0.17 and at 1.4 to 10), which one range "0.029 – 10" hid."""
        bands: list[tuple[float, float]] = []
        start = None
        for i, r in enumerate((*self.regions, None)):
            if r == "good" and start is None:
                start = i
            elif r != "good" and start is not None:
                bands.append((float(self.lrs[start]), float(self.lrs[i - 1])))
                start = None
        return tuple(bands)

    def to_dict(self) -> dict[str, Any]:
        return {
            "optimizer": self.optimizer,
            "lrs": self.lrs.tolist(),
            "final_gap": self.final_gap.tolist(),
            "steps_to_threshold": list(self.steps_to_threshold),
            "outcomes": list(self.outcomes),
            "regions": list(self.regions),
            "best_lr": self.best_lr,
            "good_range": list(self.good_range) if self.good_range else None,
        }


@dataclass(frozen=True)
class SweepResult:
    surface: str
    steps: int
    sweeps: tuple[OptimizerSweep, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"surface": self.surface, "steps": self.steps, "sweeps": [s.to_dict() for s in self.sweeps]}

    def table_rows(self, titles: Mapping[str, str]) -> list[dict[str, Any]]:
        """The sweep's table, one row per optimizer (``titles``: names to the titles people read).
        A rate is written to 3 significant digits; "none" where no rate qualifies (the table
        showed "None" for a fastest rate no good run had)."""
        return [{"Optimizer": titles.get(s.optimizer, s.optimizer),
                 "Good rates": bands_text(s.good_bands),
                 "Fastest rate": f"{s.best_lr:.3g}" if s.best_lr is not None else "none",
                 "Too low": s.regions.count("too low"),
                 "Good": s.regions.count("good"),
                 "Too high": s.regions.count("too high")}
                for s in self.sweeps]


#: the bands of good rates the table writes out; more are counted
BANDS_SHOWN = 3


def bands_text(bands: Sequence[tuple[float, float]]) -> str:
    """Bands of rates as the sweep's table writes them: "0.0266 – 0.18, 2.1 – 10", a band of one
    rate as that rate, at most :data:`BANDS_SHOWN` and then how many more; "none" for none."""
    if not bands:
        return "none"
    parts = [f"{lo:.3g}" if lo == hi else f"{lo:.3g} – {hi:.3g}" for lo, hi in bands[:BANDS_SHOWN]]
    more = len(bands) - BANDS_SHOWN
    return ", ".join(parts) + (f" and {more} more band{'s' if more > 1 else ''}" if more > 0 else "")


def log_lrs(lr_min: float, lr_max: float, n: int) -> np.ndarray:
    """``n`` log-spaced rates from ``lr_min`` to ``lr_max``.

    Raises
    ------
    ValueError
        Unless 0 < lr_min < lr_max and 2 <= n <= MAX_LRS.
    """
    check_lr(lr_min)
    check_lr(lr_max)
    if not lr_min < lr_max:
        raise ValueError(f"the smallest learning rate ({lr_min:g}) must be below the largest ({lr_max:g})")
    if not 2 <= n <= MAX_LRS:
        raise ValueError(f"number of learning rates must be from 2 to {MAX_LRS}, got {n}")
    return np.logspace(np.log10(lr_min), np.log10(lr_max), n)


def regions(outcomes: Sequence[str]) -> tuple[str, ...]:
    good = [i for i, o in enumerate(outcomes) if o == "converged"]
    if not good:
        return tuple("too high" if o in ("diverged", "oscillating") else "too low" for o in outcomes)
    lo, hi = min(good), max(good)
    out = []
    for i, o in enumerate(outcomes):
        if o == "converged":
            out.append("good")
        elif i > hi:
            out.append("too high")
        elif i < lo:
            out.append("too low")
        else:  # a gap between good rates: name it by what went wrong
            out.append("too high" if o in ("diverged", "oscillating") else "too low")
    return tuple(out)


def lr_sweep(
    surface: Surface,
    optimizers: Sequence[str],
    lrs: np.ndarray,
    steps: int,
    hyper: Mapping[str, Mapping[str, float]] | None = None,
    start: tuple[float, float] | None = None,
    seed: int = 0,
    on_progress: Callable[[float], None] | None = None,
    schedule: ScheduleSpec | None = None,
) -> SweepResult:
    """Run every optimiser at every learning rate and summarise each run. ``schedule``: each run's
    rate follows it from its learning rate (constant by default), as the lab's other runs do."""
    if not optimizers:
        raise ValueError("choose at least one optimizer")
    hyper = hyper or {}
    configs = [
        RunConfig(get_optimizer(name).name, float(lr), dict(hyper.get(name, {})), schedule or ScheduleSpec(),
                  start=start)
        for name in optimizers
        for lr in lrs
    ]
    results = run_many(surface, configs, steps, seed=seed, on_progress=on_progress)
    out = []
    m = len(lrs)
    for k, name in enumerate(optimizers):
        chunk = results[k * m : (k + 1) * m]
        gaps = []
        for r in chunk:
            gap0 = float(r.losses[0] - surface.min_value)
            if r.outcome == "diverged":
                gaps.append(DIVERGENCE_FACTOR * max(gap0, 1.0))
            else:
                gaps.append(max(float(r.losses[-1] - surface.min_value), 0.0))
        outcomes = tuple(r.outcome for r in chunk)
        out.append(
            OptimizerSweep(
                optimizer=name,
                lrs=np.asarray(lrs, dtype=float),
                final_gap=np.array(gaps),
                steps_to_threshold=tuple(r.steps_to_threshold for r in chunk),
                outcomes=outcomes,
                regions=regions(outcomes),
            )
        )
    return SweepResult(surface=surface.name, steps=steps, sweeps=tuple(out))
