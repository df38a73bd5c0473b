"""The README's Dask recipe, on a real ``distributed.LocalCluster``: same trials as a local run."""

from __future__ import annotations

import pytest

from engine.search.objectives import CVObjective
from engine.search.runner import run_search


def test_the_dask_recipe_runs_on_the_cluster_and_gives_the_local_trials(spawn_safe_main):
    pytest.importorskip("distributed")
    import joblib
    from dask.distributed import Client, LocalCluster, get_task_stream

    objective = CVObjective("iris", "svc", folds=3)
    local = run_search(objective, "random", budget=8, seed=3, n_jobs=1)
    # two worker processes: the objective really crosses to another interpreter and back
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \
            Client(cluster) as client:
        with get_task_stream(client) as stream, joblib.parallel_backend("dask"):
            remote = run_search(objective, "random", budget=8, seed=3, n_jobs=-1)
        cluster_workers = set(client.scheduler_info()["workers"])
    # the evaluations ran as tasks on the cluster's workers
    assert len(stream.data) >= len(remote.trials)
    assert {task["worker"] for task in stream.data} <= cluster_workers
    assert [(t.params, t.value, t.state) for t in remote.trials] == \
        [(t.params, t.value, t.state) for t in local.trials]
    assert remote.best.params == local.best.params
