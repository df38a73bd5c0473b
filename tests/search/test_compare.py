"""One compare-over-seeds loop for the search lab and the search_comparison scenario (issue 12, 3)."""

from __future__ import annotations

import statistics

import numpy as np

from engine.search.compare import run_over_seeds
from engine.search.lab import compare_over_seeds
from engine.search.objectives import BENCHMARKS, CVObjective
from engine.sim.scenarios import run_scenario

BRANIN = BENCHMARKS["branin"]


def test_runs_every_strategy_once_per_seed_and_summarises_them():
    comp = run_over_seeds(BRANIN, ["random", "bayes"], 8, [0, 1, 2])
    assert [r.seed for r in comp.results["random"]] == [0, 1, 2]
    curves = comp.curves()
    assert curves["random"].shape == (3, 8)
    assert np.all(np.diff(curves["random"], axis=1) <= 0)  # best so far, minimising
    for name in ("random", "bayes"):
        bests = [r.best.value for r in comp.results[name]]
        assert comp.median_best(name) == statistics.median(bests)
        assert comp.median_regret(name) == statistics.median(b - BRANIN.optimum for b in bests)
    assert comp.ranking() == sorted(["random", "bayes"], key=comp.median_best)


def test_the_cv_split_stays_fixed_across_seeds():
    # a grid ignores its seed: with the split fixed too, every seed's run is the same
    obj = CVObjective("iris", "svc", folds=3, seed=5)
    comp = run_over_seeds(obj, ["grid"], 4, [0, 1])
    a, b = comp.results["grid"]
    assert [t.value for t in a.trials] == [t.value for t in b.trials]
    assert all(t.info["n_samples"] == 150 for t in a.trials)


def test_the_lab_and_the_scenario_use_the_same_loop():
    curves = compare_over_seeds(BRANIN, ["random", "bayes"], 8, 3)
    comp = run_over_seeds(BRANIN, ["random", "bayes"], 8, [0, 1, 2])
    for name in curves:
        np.testing.assert_array_equal(curves[name], comp.curves()[name])
    m = run_scenario("search_comparison", {"objective": "branin", "strategies": ["random", "bayes"],
                                           "budget": 8, "seeds": [0, 1, 2]})
    assert m.get("random.median_best") == comp.median_best("random")
    assert m.get("ranking") == comp.ranking()
