"""Trials, the evaluation callback strategies receive, and the search result."""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

from engine.plain import plain

if TYPE_CHECKING:
    from engine.search.space import SearchSpace


COMPLETE, FAILED = "complete", "failed"


def describe_params(params: Mapping[str, Any], equals: str = " = ") -> str:
    """A configuration in one line, numbers to 4 significant digits.

    >>> describe_params({"C": 12.3456, "kernel": "rbf", "degree": 3})
    'C = 12.35, kernel = rbf, degree = 3'
    """
    return ", ".join(f"{k}{equals}{v:.4g}" if isinstance(v, float) else f"{k}{equals}{v}" for k, v in params.items())


class StopSearch(Exception):
    """Raised inside a search when the budget is spent or the user asked it to stop."""


@dataclass(frozen=True)
class Trial:
    """One evaluated configuration.

    ``value`` is the objective as the objective reports it (a CV score to maximise, or a
    benchmark function to minimise); ``None`` for a failed trial, whose ``reason`` says why.
    """

    number: int
    params: dict[str, Any]
    value: float | None
    state: str = COMPLETE
    reason: str | None = None
    #: objective details: fold scores, mean, std, train score, fit time
    info: dict[str, Any] = field(default_factory=dict)
    #: fraction of the full resource (samples) used, for successive halving; 1.0 otherwise
    resource: float = 1.0
    seconds: float = 0.0
    #: seconds since the search started, when this trial finished
    elapsed: float = 0.0
    cached: bool = False

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["params"] = {k: plain(v) for k, v in self.params.items()}
        return d


#: evaluate(batch of params, resource fraction) -> trials, in the same order
Evaluate = Callable[[Sequence[dict[str, Any]], float], list[Trial]]


@runtime_checkable
class Objective(Protocol):
    """What the runner searches: a benchmark function, a cross-validated model, a test's stub.

    ``evaluate`` returns the score and a dict of extras (fold scores...), or raises with a
    reason (recorded as a failed trial). ``resource`` is the fraction of the full budget
    (training data) a successive-halving rung grants. ``cache_key`` names an evaluation for
    the persistent cache, or is ``None`` for one not worth caching.
    """

    name: str
    maximize: bool

    @property
    def space(self) -> SearchSpace: ...

    def evaluate(self, params: Mapping[str, Any], resource: float = 1.0) -> tuple[float, dict[str, Any]]: ...

    def cache_key(self, params: Mapping[str, Any], resource: float) -> str | None: ...


def loss_of(trial: Trial, maximize: bool) -> float:
    """The value a strategy minimises: -score when maximising; +inf for a failed trial."""
    if trial.state != COMPLETE or trial.value is None or not math.isfinite(trial.value):
        return math.inf
    return -trial.value if maximize else trial.value


@dataclass(frozen=True)
class SearchResult:
    strategy: str
    objective: str
    maximize: bool
    budget: int
    seed: int
    trials: tuple[Trial, ...]
    stopped: bool = False
    #: strategy-specific extras (e.g. the Gaussian process state per iteration)
    extras: dict[str, Any] = field(default_factory=dict)
    #: f* for benchmark functions, so regret can be reported
    optimum: float | None = None

    @property
    def complete(self) -> list[Trial]:
        return [t for t in self.trials if t.state == COMPLETE and (t.resource >= 1.0)]

    @property
    def best(self) -> Trial | None:
        done = self.complete
        if not done:
            return None
        return (max if self.maximize else min)(done, key=lambda t: t.value)

    def best_so_far(self) -> list[float | None]:
        """After each trial, the best full-resource value seen so far (None before the first)."""
        out: list[float | None] = []
        best: float | None = None
        for t in self.trials:
            if t.state == COMPLETE and t.value is not None and t.resource >= 1.0:
                if best is None or (t.value > best if self.maximize else t.value < best):
                    best = t.value
            out.append(best)
        return out

    def best_by_time(self) -> list[tuple[float, float]]:
        """``(elapsed seconds, best full-resource value by then)`` at each completed trial, in the
        order the trials finished. Evaluations run side by side finish out of the order they were
        asked in, and the trials keep the asked order: the best so far after each trial, drawn at its
        finishing time, ran backwards in time and fell."""
        out: list[tuple[float, float]] = []
        best: float | None = None
        for t in sorted(self.trials, key=lambda t: t.elapsed):
            if t.state == COMPLETE and t.value is not None and t.resource >= 1.0:
                if best is None or (t.value > best if self.maximize else t.value < best):
                    best = t.value
            if best is not None:
                out.append((t.elapsed, best))
        return out

    @property
    def regret(self) -> float | None:
        if self.optimum is None or self.best is None:
            return None
        return abs(self.best.value - self.optimum)

    def to_dict(self) -> dict[str, Any]:
        best = self.best
        d: dict[str, Any] = {
            "strategy": self.strategy,
            "objective": self.objective,
            "direction": "maximize" if self.maximize else "minimize",
            "budget": self.budget,
            "seed": self.seed,
            "stopped": self.stopped,
            "trials": [t.to_dict() for t in self.trials],
            "best": best.to_dict() if best else None,
            "best_so_far": self.best_so_far(),
        }
        if self.optimum is not None:
            d["optimum"] = self.optimum
            d["regret"] = self.regret
        return d
