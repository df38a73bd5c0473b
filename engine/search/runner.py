"""Run a strategy against an objective: budget, cache, joblib dispatch, progress, stopping.

Evaluations go through ``joblib.Parallel`` (locally in threads: scikit-learn's fits release the GIL in
their compiled cores, and threads start at once where worker processes would first import
scikit-learn). ``n_jobs`` sets the parallelism, and a
cluster works through joblib's backends without a scheduler of ours::

    from dask.distributed import Client
    import joblib
    client = Client("tcp://scheduler:8786")
    with joblib.parallel_backend("dask"):
        run_search(CVObjective("digits", "svc"), "random", budget=200, n_jobs=-1, ceiling=2_000)

(Ray: ``from ray.util.joblib import register_ray; register_ray()`` then
``joblib.parallel_backend("ray")``.)

A search is priced before it starts against the app's ``search`` ceiling (240 CPU-seconds by
default, or the server's ``TUNELAB_RUN_CPU_SECONDS``; :mod:`engine.limits`), which keeps one web
visitor from holding a shared server. A script or notebook that owns its machines (or a cluster)
raises it for one call with ``ceiling=`` (in estimated CPU-seconds); pages never pass it. The evaluation cache is used only when ``cache``
is given: its reads and writes happen in the calling process, so cluster workers need no
database.
"""

from __future__ import annotations

import math
import time
from dataclasses import replace
from collections.abc import Callable, Sequence
from typing import Any

from engine.limits import CEILINGS, Ceiling
from engine.search.cache import EvalCache
from engine.search.cost import check_search
from engine.search.space import SearchSpace
from engine.search.strategies import Strategy, get_strategy
from engine.search.trials import COMPLETE, FAILED, Objective, SearchResult, StopSearch, Trial

MAX_BUDGET = int(CEILINGS["evaluations"].limit)
MAX_JOBS = int(CEILINGS["jobs"].limit)


def _evaluate_one(objective: Objective, params: dict[str, Any], resource: float) -> dict[str, Any]:
    """Evaluate in a worker; never raises, so one bad configuration cannot end the search."""
    t0 = time.perf_counter()
    try:
        value, info = objective.evaluate(params, resource)
    except Exception as exc:  # any estimator error becomes the failed trial's reason
        reason = f"{type(exc).__name__}: {exc}".strip()
        return {"error": reason[:500], "seconds": time.perf_counter() - t0}
    if value is None or not math.isfinite(value):
        return {"error": "the score is not a finite number", "seconds": time.perf_counter() - t0}
    return {"value": float(value), "info": info, "seconds": time.perf_counter() - t0}


def check_budget(budget: int) -> int:
    if isinstance(budget, bool) or not (isinstance(budget, int) and 1 <= budget <= MAX_BUDGET):
        raise ValueError(f"budget must be a whole number from 1 to {MAX_BUDGET}, got {budget}")
    return budget


def check_n_jobs(n_jobs: int) -> int:
    if isinstance(n_jobs, bool) or not isinstance(n_jobs, int) or not (n_jobs == -1 or 1 <= n_jobs <= MAX_JOBS):
        raise ValueError(f"n_jobs must be -1 (all cores) or from 1 to {MAX_JOBS}, got {n_jobs}")
    return n_jobs


def check_seed(seed: int) -> int:
    # numpy, scikit-learn and Optuna all want a seed in [0, 2**32 - 1]
    if isinstance(seed, bool) or not isinstance(seed, int) or not 0 <= seed < 2**32:
        raise ValueError(f"seed must be a whole number from 0 to {2**32 - 1}, got {seed}")
    return seed


def script_ceiling(seconds: float | None) -> Ceiling:
    """The ``search`` ceiling, with ``seconds`` as its limit when given (see :func:`run_search`).

    Raises
    ------
    ValueError
        When ``seconds`` is not a finite number above 0.
    """
    app = CEILINGS["search"]
    if seconds is None:
        return app
    if isinstance(seconds, bool) or not isinstance(seconds, (int, float)) or not 0 < seconds < math.inf:
        raise ValueError(f"ceiling must be a number of CPU-seconds above 0, got {seconds!r}")
    return replace(app, limit=float(seconds), reason="raised by the script that runs this search")


def run_search(
    objective: Objective,
    strategy: str | Strategy,
    budget: int,
    seed: int = 0,
    space: SearchSpace | None = None,
    n_jobs: int = 1,
    cache: EvalCache | None = None,
    on_trial: Callable[[Trial, int, int], None] | None = None,
    should_stop: Callable[[], bool] | None = None,
    ceiling: float | None = None,
) -> SearchResult:
    """Search ``space`` (default: the objective's) with ``strategy`` for ``budget`` evaluations.

    Parameters
    ----------
    ceiling : float, optional
        The most estimated CPU-seconds this search may cost, for a script or notebook run by
        whoever owns the machines: ``None`` (the default, and what every page uses) is the app's
        ``search`` ceiling. The estimate and the refusal are the same; only the limit moves.

    Raises
    ------
    ValueError
        For a budget, seed, n_jobs or ceiling out of range, an unknown strategy, a grid over the
        cap, or a request whose estimated cost is over the ceiling (:class:`engine.limits.LimitExceeded`).
    """
    check_budget(budget)
    check_seed(seed)
    check_n_jobs(n_jobs)
    limit = script_ceiling(ceiling)
    strat = get_strategy(strategy) if isinstance(strategy, str) else strategy
    space = space or objective.space
    check_search(objective, strat, space, budget, ceiling=limit)
    trials: list[Trial] = []
    start = time.perf_counter()
    stopped = False

    def evaluate(batch: Sequence[dict[str, Any]], resource: float = 1.0) -> list[Trial]:
        nonlocal stopped
        if should_stop is not None and should_stop():
            stopped = True
            raise StopSearch("stopped")
        room = budget - len(trials)
        if room <= 0:
            raise StopSearch("budget spent")
        batch = [dict(p) for p in batch[:room]]
        keys = [objective.cache_key(p, resource) for p in batch]
        payloads: list[dict[str, Any] | None] = [cache.get(k) if cache is not None else None for k in keys]
        missing = [i for i, p in enumerate(payloads) if p is None]
        base = len(trials)
        done: dict[int, Trial] = {}
        try:
            # Each evaluation is reported as it finishes (so progress and Stop react per
            # evaluation, not per batch); the trials keep the batch's order in the result.
            for i, payload, was_cached in _dispatch(objective, batch, resource, payloads, missing, n_jobs):
                if not was_cached and cache is not None and "error" not in payload:
                    # failures stay in this study only: a fixed bug or a raised limit may retry them
                    cache.put(keys[i], objective.name, payload)
                done[i] = _trial(base + i, batch[i], payload, resource, time.perf_counter() - start, was_cached)
                if on_trial:
                    on_trial(done[i], base + len(done), budget)
                if should_stop is not None and should_stop() and len(done) < len(batch):
                    stopped = True
                    raise StopSearch("stopped")
        finally:
            # what finished before a stop is kept, renumbered in the order it completed
            ordered = [done[i] for i in sorted(done)] if len(done) == len(batch) else \
                [replace(t, number=base + k) for k, t in enumerate(sorted(done.values(), key=lambda t: t.elapsed))]
            trials.extend(ordered)
        return ordered

    try:
        strat.run(space, evaluate, budget, seed, objective.maximize)
    except StopSearch:
        pass
    return SearchResult(
        strategy=strat.name, objective=objective.name, maximize=objective.maximize, budget=budget,
        seed=seed, trials=tuple(trials), stopped=stopped, extras=dict(strat.extras),
        optimum=getattr(objective, "optimum", None),
    )


def _indexed(i: int, objective: Objective, params: dict[str, Any], resource: float) -> tuple[int, dict[str, Any]]:
    return i, _evaluate_one(objective, params, resource)


def _dispatch(objective, batch, resource, payloads, missing, n_jobs):
    """Yield (index, payload, was_cached) as each evaluation finishes: cached ones first, then
    the misses, evaluated with joblib (in completion order when several run at once)."""
    for i in range(len(batch)):
        if payloads[i] is not None:
            yield i, payloads[i], True
    if missing and n_jobs != 1 and len(missing) > 1:
        from joblib import Parallel, delayed

        # batch_size=1: evaluations differ a lot in cost (a bad SVC config is 3x slower), so
        # hand them out one at a time rather than in joblib's automatic batches.
        results = Parallel(n_jobs=n_jobs, return_as="generator_unordered", batch_size=1, prefer="threads")(
            delayed(_indexed)(i, objective, batch[i], resource) for i in missing
        )
        for i, payload in results:
            yield i, payload, False
    else:
        for i in missing:
            yield i, _evaluate_one(objective, batch[i], resource), False


def _trial(number: int, params: dict[str, Any], payload: dict[str, Any], resource: float,
           elapsed: float, cached: bool) -> Trial:
    if "error" in payload:
        return Trial(number, params, None, FAILED, payload["error"], {}, resource,
                     payload.get("seconds", 0.0), elapsed, cached)
    return Trial(number, params, payload["value"], COMPLETE, None, payload.get("info", {}), resource,
                 payload.get("seconds", 0.0), elapsed, cached)
