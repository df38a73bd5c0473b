"""One search-space description shared by every strategy.

A space is a tuple of parameters, each an integer range, a float range (optionally on a log
scale) or a categorical choice. Strategies see it three ways:

* ``grid(points)``: per-axis values for scikit-learn's ParameterGrid;
* ``distributions()``: scipy distributions / lists for scikit-learn's ParameterSampler;
* ``to_unit`` / ``from_unit``: the box [0, 1]^d used by the Gaussian-process strategy
  (log parameters are uniform in log space there; integers are rounded on the way back;
  a categorical maps its index onto [0, 1]).

Conditional parameters
----------------------
A parameter may be searched only for some values of an earlier categorical one:
``Param("degree", "int", 2, 5, when=("kernel", ("poly",)))``. A configuration then holds
exactly its *active* parameters (no ``degree`` unless ``kernel == "poly"``), so two
configurations that differ only in a parameter that does nothing are the same trial and
share one cache entry. The strategies see such a space as scikit-learn does a list of
grids / distributions: one branch per combination of the deciding values
(:meth:`SearchSpace.branches`); grid search walks every branch's grid, random search picks
a branch uniformly and samples within it (``ParameterSampler`` over a list of dicts), TPE
asks Optuna define-by-run, and the Gaussian process sees an inactive parameter at the
middle of its axis.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from engine.labels import short_number
from engine.limits import CEILINGS
from engine.text import number


@dataclass(frozen=True)
class Param:
    """One hyperparameter: ``kind`` is 'int', 'float' or 'categorical'."""

    name: str
    kind: str
    low: float | None = None
    high: float | None = None
    log: bool = False
    choices: tuple[Any, ...] = ()
    #: (parent name, parent values): searched only when the categorical parent takes one of them
    when: tuple[str, tuple[Any, ...]] | None = None

    def __post_init__(self) -> None:
        if not self.name:
            raise ValueError("every parameter needs a name")
        if self.when is not None:
            parent, values = self.when
            if not parent or not isinstance(values, tuple) or not values:
                raise ValueError(f"{self.name}: 'when' needs a parent name and at least one of its values")
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
            raise ValueError(f"{self.name}: a log-scale range must start above 0, got {number(self.low)}")

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
        if self.when is not None:
            d["when"] = {"param": self.when[0], "in": list(self.when[1])}
        return d

    def describe(self) -> str:
        """``C ∈ [0.01, 1,000] log``, ``gamma ∈ [1e-5, 1] log``, ``kernel ∈ {linear, rbf}``, plus
        ``(when kernel = rbf)``."""
        if self.kind == "categorical":
            text = f"{self.name} ∈ {{{', '.join(map(str, self.choices))}}}"
        else:
            text = f"{self.name} ∈ [{short_number(self.low)}, {short_number(self.high)}]{' log' if self.log else ''}"
        return f"{text} ({self.condition_text()})" if self.when is not None else text

    def condition_text(self) -> str:
        """``when kernel = poly`` or ``when kernel ∈ {rbf, poly}``; empty if unconditional."""
        if self.when is None:
            return ""
        parent, values = self.when
        return f"when {parent} = {values[0]}" if len(values) == 1 else \
            f"when {parent} ∈ {{{', '.join(map(str, values))}}}"


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
        seen: dict[str, Param] = {}
        for p in self.params:
            if p.when is not None:
                parent = seen.get(p.when[0])
                if parent is None or parent.kind != "categorical":
                    raise ValueError(f"{p.name}: its condition must name a categorical parameter listed before it, "
                                     f"not {p.when[0]!r}")
                unknown = [v for v in p.when[1] if v not in parent.choices]
                if unknown:
                    raise ValueError(f"{p.name}: {parent.name} has no choice {unknown[0]!r}")
            seen[p.name] = p
        deciding = {p.when[0] for p in self.params if p.when is not None}
        n_branches = math.prod(len(p.choices) for p in self.params if p.name in deciding)
        CEILINGS["branches"].check(n_branches, "this conditional space", "the number of choices that switch "
                                   "other parameters on", verb="has")

    @property
    def conditional(self) -> bool:
        return any(p.when is not None for p in self.params)

    def active(self, params: Mapping[str, Any]) -> list[Param]:
        """The parameters a configuration sets: the unconditional ones, and each conditional
        one whose parent is active and takes one of its values."""
        on: dict[str, Any] = {}
        out = []
        for p in self.params:
            if p.when is None or (p.when[0] in on and on[p.when[0]] in p.when[1]):
                on[p.name] = params.get(p.name)
                out.append(p)
        return out

    def prune(self, params: Mapping[str, Any]) -> dict[str, Any]:
        """``params`` without the parameters that are inactive in it."""
        return {p.name: params[p.name] for p in self.active(params) if p.name in params}

    def branches(self) -> list[list[tuple[Param, Any]]]:
        """One list per combination of the values that decide other parameters.

        Each entry pairs an active parameter with its fixed value (for a deciding
        categorical) or ``None`` (searched freely within the branch). An unconditional
        space has exactly one branch, every parameter free.
        """
        deciding = {p.when[0] for p in self.params if p.when is not None}
        branches: list[tuple[dict[str, Any], list[tuple[Param, Any]]]] = [({}, [])]
        for p in self.params:
            grown = []
            for fixed, members in branches:
                if p.when is not None and not (p.when[0] in fixed and fixed[p.when[0]] in p.when[1]):
                    grown.append((fixed, members))  # inactive in this branch
                elif p.name in deciding:
                    grown += [({**fixed, p.name: c}, members + [(p, c)]) for c in p.choices]
                else:
                    grown.append((fixed, members + [(p, None)]))
            branches = grown
        return [members for _, members in branches]

    @property
    def names(self) -> list[str]:
        return [p.name for p in self.params]

    @property
    def dim(self) -> int:
        return len(self.params)

    def __getitem__(self, name: str) -> Param:
        return next(p for p in self.params if p.name == name)

    def _counts(self, points_per_axis: int | Sequence[int]) -> dict[str, int]:
        ns = [points_per_axis] * self.dim if isinstance(points_per_axis, int) else list(points_per_axis)
        return dict(zip(self.names, ns))

    def grid_axes(self, points_per_axis: int | Sequence[int]) -> dict[str, list[Any]]:
        """Per-axis values; sorted keys, as ParameterGrid iterates them, for reproducibility."""
        counts = self._counts(points_per_axis)
        return {p.name: p.values(counts[p.name]) for p in sorted(self.params, key=lambda p: p.name)}

    def _grids(self, points_per_axis: int | Sequence[int]) -> list[dict[str, list[Any]]]:
        """One grid per branch, keys sorted; a deciding categorical is fixed to its branch's value."""
        counts = self._counts(points_per_axis)
        return [{p.name: [v] if v is not None else p.values(counts[p.name])
                 for p, v in sorted(branch, key=lambda t: t[0].name)} for branch in self.branches()]

    def grid_spec(self, points_per_axis: int | Sequence[int]) -> dict[str, list[Any]] | list[dict[str, list[Any]]]:
        """What ParameterGrid takes: the axes, or for a conditional space one grid per branch."""
        grids = self._grids(points_per_axis)
        return grids if self.conditional else grids[0]

    def grid_size(self, points_per_axis: int | Sequence[int]) -> int:
        return int(sum(np.prod([len(v) for v in g.values()]) for g in self._grids(points_per_axis)))

    def points_for_budget(self, budget: int) -> int:
        """The largest per-axis count whose full grid fits in ``budget`` evaluations."""
        if not self.conditional:
            n = max(1, int(math.floor(budget ** (1.0 / self.dim) + 1e-9)))
            while n > 1 and self.grid_size(n) > budget:
                n -= 1
            return n
        # a branch with one free axis allows up to ``budget`` points per axis: counting down
        # from there costs a grid per count, so bisect (the grid grows with the count)
        lo, hi = 1, max(1, int(budget))
        while lo < hi:
            mid = (lo + hi + 1) // 2
            lo, hi = (mid, hi) if self.grid_size(mid) <= budget else (lo, mid - 1)
        return lo

    def distributions(self) -> dict[str, Any] | list[dict[str, Any]]:
        """What ParameterSampler takes: one dict, or for a conditional space one per branch."""
        dists = [{p.name: [v] if v is not None else p.distribution() for p, v in branch}
                 for branch in self.branches()]
        return dists if self.conditional else dists[0]

    def to_unit(self, params: Mapping[str, Any]) -> np.ndarray:
        """The point in [0, 1]^d; an inactive parameter sits at 0.5, the middle of its axis."""
        on = {p.name for p in self.active(params)}
        return np.array([p.to_unit(params[p.name]) if p.name in on else 0.5 for p in self.params])

    def from_unit(self, u: Sequence[float]) -> dict[str, Any]:
        return self.prune({p.name: p.from_unit(v) for p, v in zip(self.params, u)})

    def contains(self, params: Mapping[str, Any]) -> bool:
        on = self.active(params)
        return set(params) == {p.name for p in on} and all(p.contains(params[p.name]) for p in on)

    def to_dict(self) -> list[dict[str, Any]]:
        return [p.to_dict() for p in self.params]


def box(bounds: Mapping[str, tuple[float, float]]) -> SearchSpace:
    """A float box space, e.g. ``box({"x1": (-5, 10), "x2": (0, 15)})``."""
    return SearchSpace(tuple(Param(k, "float", float(lo), float(hi)) for k, (lo, hi) in bounds.items()))
