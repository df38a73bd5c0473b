"""The README's Dask recipe, on a real ``distributed.LocalCluster``: same trials as a local run.

The recipe's own search (digits, SVC, 200 evaluations) is over the app's ``search`` ceiling, so a
script raises it with ``ceiling=``; these tests run the recipe's call shape on iris with a small
budget (seconds), and check that the raised ceiling is honoured while the default still refuses.
"""

from __future__ import annotations

import ast

import pytest

from engine.limits import CEILINGS, LimitExceeded
from engine.search.cache import EvalCache
from engine.search.cost import search_cost
from engine.search.objectives import CVObjective
from engine.search.runner import run_search
from engine.search.strategies import get_strategy
from engine.store import open_store
from tests.conftest import ROOT

#: the ceiling the README's recipe passes (its search is estimated at about 1,070 CPU-seconds)
RECIPE_CEILING = 2_000


def test_the_dask_recipe_runs_on_the_cluster_and_gives_the_local_trials(spawn_safe_main):
    pytest.importorskip("distributed")
    import joblib
    from dask.distributed import Client, LocalCluster, get_task_stream

    local = run_search(CVObjective("iris", "svc"), "random", budget=8, n_jobs=1)
    cache = EvalCache(open_store())
    # two worker processes: the objective really crosses to another interpreter and back
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \
            Client(cluster) as client:
        with get_task_stream(client) as stream, joblib.parallel_backend("dask"):
            # the README's call, word for word but for the dataset and the budget
            remote = run_search(CVObjective("iris", "svc"), "random", budget=8, n_jobs=-1,
                                ceiling=RECIPE_CEILING)
        cluster_workers = set(client.scheduler_info()["workers"])
        with joblib.parallel_backend("dask"):  # with a cache: filled from the client, then read back
            first = run_search(CVObjective("iris", "svc"), "random", budget=8, n_jobs=-1, cache=cache,
                               ceiling=RECIPE_CEILING)
            again = run_search(CVObjective("iris", "svc"), "random", budget=8, n_jobs=-1, cache=cache,
                               ceiling=RECIPE_CEILING)
    # the evaluations ran as tasks on the cluster's workers
    assert len(stream.data) >= len(remote.trials)
    assert {task["worker"] for task in stream.data} <= cluster_workers
    assert [(t.params, t.value, t.state) for t in remote.trials] == \
        [(t.params, t.value, t.state) for t in local.trials]
    assert remote.best.params == local.best.params
    # the recipe as written reads and writes no cache; given one, a rerun is all cache hits
    assert not any(t.cached for t in remote.trials)
    assert not any(t.cached for t in first.trials) and all(t.cached for t in again.trials)
    assert [t.value for t in again.trials] == [t.value for t in remote.trials]


def test_the_recipes_own_search_is_over_the_apps_ceiling_and_within_the_raised_one():
    objective = CVObjective("digits", "svc")
    estimate = search_cost(objective, get_strategy("random"), objective.space, 200).seconds
    assert CEILINGS["search"].limit < estimate < RECIPE_CEILING
    # the default still refuses, before any fit
    with pytest.raises(LimitExceeded, match="the limit is 240 CPU-seconds per request"):
        run_search(objective, "random", budget=200, n_jobs=-1)
    # the raised ceiling lets it start (stopped before its first evaluation: no fit is paid for)
    result = run_search(objective, "random", budget=200, n_jobs=-1, ceiling=RECIPE_CEILING,
                        should_stop=lambda: True)
    assert result.stopped and result.trials == ()


def test_a_raised_ceiling_still_refuses_what_is_over_it():
    objective = CVObjective("digits", "svc")
    with pytest.raises(LimitExceeded, match="the limit is 500 CPU-seconds per request"):
        run_search(objective, "random", budget=200, n_jobs=-1, ceiling=500)


def test_a_ceiling_can_also_be_lowered():
    with pytest.raises(LimitExceeded, match="the limit is 0.01 CPU-seconds"):
        run_search(CVObjective("iris", "svc", folds=3), "random", budget=8, ceiling=0.01)


@pytest.mark.parametrize("bad", [0, -5, float("nan"), float("inf"), "2000", True])
def test_a_ceiling_that_is_not_a_positive_number_is_refused_with_a_sentence(bad):
    with pytest.raises(ValueError, match="ceiling must be a number of CPU-seconds above 0") as err:
        run_search(CVObjective("iris", "svc", folds=3), "random", budget=8, ceiling=bad)
    assert not isinstance(err.value, LimitExceeded)


def test_no_page_raises_the_ceiling():
    """``ceiling=`` is for scripts: no page, UI helper or engine module a page calls passes it."""
    offenders = []
    for folder in ("app_pages", "ui", "engine"):
        for path in (ROOT / folder).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(), str(path))):
                if isinstance(node, ast.Call) and any(k.arg == "ceiling" for k in node.keywords):
                    name = getattr(node.func, "id", getattr(node.func, "attr", ""))
                    if name in ("run_search", "check_search"):
                        offenders.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    # the runner hands its own keyword on to the check; nothing else passes one
    assert [o.split(":")[0] for o in offenders] == ["engine/search/runner.py"]
