"""The runner streams results: each evaluation is reported as it finishes (issue 12, 1)."""

from __future__ import annotations

import threading
import time

from engine.search.objectives import BENCHMARKS, CVObjective
from engine.search.runner import run_search
from engine.search.space import Param, SearchSpace
from engine.search.trials import Objective

SPACE = SearchSpace((Param("x", "float", 0.0, 1.0),))
SLEEP = 0.3


class Slow:
    """Sleeps (releasing the GIL, as scikit-learn's fits do) and logs when each evaluation starts."""

    name = "slow-test"
    maximize = False
    space = SPACE

    def __init__(self):
        self.events: list[tuple[str, float]] = []
        self.lock = threading.Lock()

    def evaluate(self, params, resource=1.0):
        with self.lock:
            self.events.append(("start", time.perf_counter()))
        time.sleep(SLEEP)
        return params["x"], {}

    def cache_key(self, params, resource):
        return None


def test_every_objective_meets_the_protocol():
    assert isinstance(Slow(), Objective)
    assert isinstance(BENCHMARKS["branin"], Objective)
    assert isinstance(CVObjective("iris", "svc", folds=3), Objective)


def test_callbacks_arrive_as_evaluations_finish_with_two_workers():
    obj = Slow()

    def on_trial(trial, done, budget):
        with obj.lock:
            obj.events.append(("done", time.perf_counter()))

    t0 = time.perf_counter()
    result = run_search(obj, "random", 6, seed=0, n_jobs=2, on_trial=on_trial)
    assert [t.number for t in result.trials] == list(range(6))  # the result keeps the batch's order
    kinds = [k for k, _ in obj.events]
    assert kinds.count("start") == 6 and kinds.count("done") == 6
    # two workers, six evaluations: the fifth and sixth can only start after earlier ones
    # finished, and with streaming their callbacks have fired by then (drained, all six
    # would come together at the end)
    last_start = max(i for i, k in enumerate(kinds) if k == "start")
    assert kinds[:last_start].count("done") >= 2
    done_at = [round(t - t0, 2) for k, t in obj.events if k == "done"]
    assert done_at[-1] - done_at[0] >= SLEEP  # spread over the waves, not one burst
    print("callback times (s):", done_at)


class Flaky:
    """Fails where x > 0.5 until ``fixed``; cached under a key per point."""

    name = "flaky-test"
    maximize = False
    space = SPACE

    def __init__(self):
        self.fixed, self.calls = False, 0

    def evaluate(self, params, resource=1.0):
        self.calls += 1
        if params["x"] > 0.5 and not self.fixed:
            raise RuntimeError("a bug, fixed later")
        return params["x"], {}

    def cache_key(self, params, resource):
        return f"flaky:{params['x']!r}:{resource}"


def test_failures_stay_in_the_study_not_in_the_cache():
    from engine.search.cache import EvalCache

    cache, obj = EvalCache(), Flaky()
    first = run_search(obj, "random", 8, seed=0, cache=cache)
    failed = [t for t in first.trials if t.state == "failed"]
    assert failed and len(cache) == 8 - len(failed)  # only the successes were kept
    obj.fixed, obj.calls = True, 0
    again = run_search(obj, "random", 8, seed=0, cache=cache)
    assert obj.calls == len(failed)  # the fixed failures are evaluated again, the rest come from the cache
    assert all(t.state == "complete" for t in again.trials)
    assert [t.cached for t in again.trials] == [t.state != "failed" for t in first.trials]
