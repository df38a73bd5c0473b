"""One search-space description shared by every strategy.

A space is a tuple of parameters, each an integer range, a float range (optionally on a log
scale) or a categorical choice. Strategies see it three ways:

* ``grid(points)``: per-axis values for scikit-learn's ParameterGrid;
* ``distributions()``: scipy distributions / lists for scikit-learn's ParameterSampler;
* ``to_unit`` / ``from_unit``: the box [0, 1]^d used by the Gaussian-process strategy
  (log parameters are uniform in log space there; integers are rounded on the way back;
  a categorical maps its index onto [0, 1]).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np


@dataclass(frozen=True)
class Param:
    """One hyperparameter: ``kind`` is 'int', 'float' or 'categorical'."""

    name: str
    kind: str
    low: float | None = None
    high: float | None = None
    log: bool = False
    choices: tuple[Any, ...] = ()

    def __post_init__(self) -> None:
        if not self.name:
            raise ValueError("every parameter needs a name")
        if self.kind == "categorical":
            if len(self.choices) < 1:
                raise ValueError(f"{self.name}: a categorical parameter needs at least one choice")
            return
        if self.kind not in ("int", "float"):
            raise ValueError(f"{self.name}: kind must be int, float or categorical, got {self.kind!r}")
        if self.low is None or self.high is None or not (math.isfinite(self.low) and math.isfinite(self.high)):
            raise ValueError(f"{self.name}: give finite low and high bounds")
        if not self.low < self.high:
            raise ValueError(f"{self.name}: low ({self.low:g}) must be below high ({self.high:g})")
        if self.log and self.low <= 0:
            raise ValueError(f"{self.name}: a log-scale range must start above 0, got {self.low:g}")

    # --- axis values -------------------------------------------------------------------
    def values(self, n: int) -> list[Any]:
        """``n`` evenly spaced values (geometrically when log); all choices for categoricals."""
        if self.kind == "categorical":
            return list(self.choices)
        if n == 1:
            pts = np.array([math.sqrt(self.low * self.high) if self.log else (self.low + self.high) / 2])
        else:
            pts = np.geomspace(self.low, self.high, n) if self.log else np.linspace(self.low, self.high, n)
        if self.kind == "int":
            return sorted({int(round(v)) for v in pts})
        return [float(v) for v in pts]

    def distribution(self) -> Any:
        from scipy import stats

        if self.kind == "categorical":
            return list(self.choices)
        if self.kind == "float":
            return stats.loguniform(self.low, self.high) if self.log else stats.uniform(self.low, self.high - self.low)
        if self.log:
            return _RoundedLogUniform(int(self.low), int(self.high))
        return stats.randint(int(self.low), int(self.high) + 1)

    # --- unit box ----------------------------------------------------------------------
    def to_unit(self, value: Any) -> float:
        if self.kind == "categorical":
            i = self.choices.index(value)
            return (i + 0.5) / len(self.choices)
        lo, hi, v = float(self.low), float(self.high), float(value)
        if self.log:
            return (math.log(v) - math.log(lo)) / (math.log(hi) - math.log(lo))
        return (v - lo) / (hi - lo)

    def from_unit(self, u: float) -> Any:
        u = min(max(float(u), 0.0), 1.0)
        if self.kind == "categorical":
            return self.choices[min(int(u * len(self.choices)), len(self.choices) - 1)]
        lo, hi = float(self.low), float(self.high)
        v = math.exp(math.log(lo) + u * (math.log(hi) - math.log(lo))) if self.log else lo + u * (hi - lo)
        if self.kind == "int":
            return int(min(max(round(v), lo), hi))
        return float(min(max(v, lo), hi))

    def contains(self, value: Any) -> bool:
        if self.kind == "categorical":
            return value in self.choices
        if self.kind == "int" and not float(value).is_integer():
            return False
        return self.low - 1e-12 <= float(value) <= self.high + 1e-12

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"name": self.name, "kind": self.kind}
        if self.kind == "categorical":
            d["choices"] = list(self.choices)
        else:
            d.update(low=self.low, high=self.high, log=self.log)
        return d


class _RoundedLogUniform:
    """Log-uniform integers (scipy has no such distribution); ``rvs`` as ParameterSampler expects."""

    def __init__(self, low: int, high: int):
        from scipy import stats

        self.low, self.high = low, high
        self._d = stats.loguniform(low, high + 1)

    def rvs(self, random_state=None, size=None):
        v = np.floor(self._d.rvs(random_state=random_state, size=size)).astype(int)
        return np.clip(v, self.low, self.high)


@dataclass(frozen=True)
class SearchSpace:
    params: tuple[Param, ...]

    def __post_init__(self) -> None:
        if not self.params:
            raise ValueError("the search space is empty: add at least one parameter")
        names = [p.name for p in self.params]
        if len(set(names)) != len(names):
            raise ValueError("parameter names must be unique")

    @property
    def names(self) -> list[str]:
        return [p.name for p in self.params]

    @property
    def dim(self) -> int:
        return len(self.params)

    def __getitem__(self, name: str) -> Param:
        return next(p for p in self.params if p.name == name)

    def grid_axes(self, points_per_axis: int | Sequence[int]) -> dict[str, list[Any]]:
        """Per-axis values; sorted keys, as ParameterGrid iterates them, for reproducibility."""
        if isinstance(points_per_axis, int):
            points_per_axis = [points_per_axis] * self.dim
        return {p.name: p.values(n) for p, n in sorted(zip(self.params, points_per_axis), key=lambda t: t[0].name)}

    def grid_size(self, points_per_axis: int | Sequence[int]) -> int:
        return int(np.prod([len(v) for v in self.grid_axes(points_per_axis).values()]))

    def points_for_budget(self, budget: int) -> int:
        """The largest per-axis count whose full grid fits in ``budget`` evaluations."""
        n = max(1, int(math.floor(budget ** (1.0 / self.dim) + 1e-9)))
        while n > 1 and self.grid_size(n) > budget:
            n -= 1
        return n

    def distributions(self) -> dict[str, Any]:
        return {p.name: p.distribution() for p in self.params}

    def to_unit(self, params: Mapping[str, Any]) -> np.ndarray:
        return np.array([p.to_unit(params[p.name]) for p in self.params])

    def from_unit(self, u: Sequence[float]) -> dict[str, Any]:
        return {p.name: p.from_unit(v) for p, v in zip(self.params, u)}

    def contains(self, params: Mapping[str, Any]) -> bool:
        return set(params) == set(self.names) and all(p.contains(params[p.name]) for p in self.params)

    def to_dict(self) -> list[dict[str, Any]]:
        return [p.to_dict() for p in self.params]


def box(bounds: Mapping[str, tuple[float, float]]) -> SearchSpace:
    """A float box space, e.g. ``box({"x1": (-5, 10), "x2": (0, 15)})``."""
    return SearchSpace(tuple(Param(k, "float", float(lo), float(hi)) for k, (lo, hi) in bounds.items()))
