"""Every strategy: respects the budget, stays in the space, same seed same trials."""

from __future__ import annotations

import math

import numpy as np
import pytest

from engine.search.objectives import BENCHMARKS, CVObjective
from engine.search.runner import MAX_BUDGET, run_search
from engine.search.space import Param, SearchSpace
from engine.search.strategies import STRATEGIES, get_strategy
from engine.search.strategies.grid import MAX_GRID, GridStrategy
from engine.search.strategies.halving import HalvingStrategy, schedule
from engine.search.trials import FAILED

MIXED = SearchSpace((
    Param("lr", "float", 1e-4, 1.0, log=True),
    Param("depth", "int", 1, 8),
    Param("width", "int", 4, 256, log=True),
    Param("act", "categorical", choices=("relu", "tanh", "gelu")),
    Param("frac", "float", 0.0, 1.0),
))


class Quadratic:
    """A cheap objective over MIXED with a known best region."""

    name = "quadratic-test"
    maximize = False
    optimum = None
    space = MIXED

    def evaluate(self, p, resource=1.0):
        v = (math.log10(p["lr"]) + 2) ** 2 + (p["depth"] - 4) ** 2 / 10 + (p["frac"] - 0.3) ** 2
        return v + (0.5 if p["act"] == "tanh" else 0.0), {}

    def cache_key(self, p, r):
        return None


@pytest.mark.parametrize("name", list(STRATEGIES))
@pytest.mark.parametrize("budget", [1, 7, 30])
def test_conformance(name, budget):
    a = run_search(Quadratic(), name, budget, seed=3)
    b = run_search(Quadratic(), name, budget, seed=3)
    assert 1 <= len(a.trials) <= budget
    assert all(MIXED.contains(t.params) for t in a.trials), [t.params for t in a.trials]
    assert [t.params for t in a.trials] == [t.params for t in b.trials]
    assert [t.value for t in a.trials] == [t.value for t in b.trials]
    assert a.best is not None


#: a conditional space: ``gamma`` only for two kernels, ``degree`` only for one
TREE = SearchSpace((
    Param("kernel", "categorical", choices=("linear", "rbf", "poly")),
    Param("C", "float", 1e-2, 1e2, log=True),
    Param("gamma", "float", 1e-3, 1.0, log=True, when=("kernel", ("rbf", "poly"))),
    Param("degree", "int", 2, 4, when=("kernel", ("poly",))),
))


class TreeObjective:
    """Cheap, with a known best branch (rbf) and a value that depends on every active parameter."""

    name = "tree-test"
    maximize = False
    optimum = None
    space = TREE

    def evaluate(self, p, resource=1.0):
        assert TREE.contains(p), p  # an inactive parameter never reaches the objective
        v = (math.log10(p["C"]) - 1) ** 2 + {"linear": 1.0, "rbf": 0.0, "poly": 0.5}[p["kernel"]]
        if "gamma" in p:
            v += (math.log10(p["gamma"]) + 2) ** 2 / 4
        return v + 0.1 * p.get("degree", 0), {}

    def cache_key(self, p, r):
        return None


@pytest.mark.parametrize("name", list(STRATEGIES))
def test_conformance_on_a_conditional_space(name):
    a = run_search(TreeObjective(), name, 20, seed=5)
    b = run_search(TreeObjective(), name, 20, seed=5)
    assert 1 <= len(a.trials) <= 20
    assert all(t.state == "complete" for t in a.trials), [t.reason for t in a.trials]
    assert all(TREE.contains(t.params) for t in a.trials)
    assert [t.params for t in a.trials] == [t.params for t in b.trials]
    kernels = {t.params["kernel"] for t in a.trials}
    assert len(kernels) >= 2, kernels  # every strategy looks into more than one branch


def test_conditional_grid_is_one_grid_per_branch():
    g = GridStrategy().candidates(TREE, 30)
    # n = 2 per axis: linear 2 (C), rbf 2 x 2 (C, gamma), poly 2 x 2 x 2 (C, gamma, degree)
    assert len(g) == 2 + 4 + 8 == TREE.grid_size(2) and TREE.points_for_budget(30) == 2
    assert {frozenset(p) for p in g} == {frozenset({"kernel", "C"}), frozenset({"kernel", "C", "gamma"}),
                                         frozenset({"kernel", "C", "gamma", "degree"})}
    assert TREE.grid_size(3) == 3 + 9 + 27 and TREE.points_for_budget(39) == 3


def test_conditional_random_search_samples_each_kernel_about_equally():
    from engine.search.strategies.random import RandomStrategy

    cands = RandomStrategy().candidates(TREE, 600, seed=0)
    counts = {k: sum(c["kernel"] == k for c in cands) for k in TREE["kernel"].choices}
    assert all(150 <= n <= 250 for n in counts.values()), counts
    assert all(TREE.contains(c) for c in cands)


@pytest.mark.parametrize("name", ["random", "tpe", "bayes"])
def test_different_seeds_give_different_trials(name):
    a = run_search(Quadratic(), name, 12, seed=1)
    b = run_search(Quadratic(), name, 12, seed=2)
    assert [t.params for t in a.trials] != [t.params for t in b.trials]


def test_grid_follows_parameter_grid_and_fits_the_budget():
    space = SearchSpace((Param("b", "float", 0, 1), Param("a", "int", 1, 3)))
    g = GridStrategy().candidates(space, 10)
    assert len(g) == 9
    assert g[:3] == [{"a": 1, "b": 0.0}, {"a": 1, "b": 0.5}, {"a": 1, "b": 1.0}]  # sorted keys
    # 20 points on each of MIXED's axes is over the cap: the message names both numbers
    n_points = 20 * 8 * 20 * 3 * 20  # lr, depth (only 8 whole numbers), width, act (3 choices), frac
    assert n_points > MAX_GRID
    with pytest.raises(ValueError, match=f"this grid has {n_points:,} grid points; the limit is {MAX_GRID:,} grid "
                                         "points per request: lower the points"):
        GridStrategy(points_per_axis=20).candidates(MIXED, 10_000)
    with pytest.raises(ValueError, match="but the budget is 5"):
        GridStrategy(points_per_axis=3).candidates(space, 5)


def test_random_samples_log_parameters_uniformly_in_log_space():
    space = SearchSpace((Param("lr", "float", 1e-4, 1.0, log=True),))
    from engine.search.strategies.random import RandomStrategy

    lrs = np.array([p["lr"] for p in RandomStrategy().candidates(space, 400, 0)])
    decades = np.histogram(np.log10(lrs), bins=4, range=(-4, 0))[0]
    assert decades.min() > 70  # ~100 per decade; a uniform draw would put ~90% in the top decade


def test_halving_schedule_and_budget():
    assert schedule(27, 3) == [27, 9, 3, 1]
    assert HalvingStrategy(3).plan(40) == schedule(27, 3)
    r = run_search(BENCHMARKS["branin"], "halving", 40, seed=0)
    assert len(r.trials) == 40
    assert sorted({t.resource for t in r.trials}) == pytest.approx([1 / 27, 1 / 9, 1 / 3, 1.0])


def test_budget_limits_and_unknown_strategy():
    with pytest.raises(ValueError, match=f"budget must be a whole number from 1 to {MAX_BUDGET}"):
        run_search(Quadratic(), "random", MAX_BUDGET + 1)
    with pytest.raises(ValueError, match="unknown strategy 'anneal'"):
        get_strategy("anneal")
    with pytest.raises(ValueError, match="the search space is empty"):
        SearchSpace(())
    with pytest.raises(ValueError, match="must start above 0"):
        Param("C", "float", 0.0, 1.0, log=True)


class Fragile(Quadratic):
    def evaluate(self, p, resource=1.0):
        if p["depth"] > 5:
            raise RuntimeError("depth too large for this toy")
        if p["act"] == "gelu":
            return float("nan"), {}
        return super().evaluate(p, resource)


@pytest.mark.parametrize("name", list(STRATEGIES))
def test_failed_trials_are_recorded_and_the_search_goes_on(name):
    r = run_search(Fragile(), name, 25, seed=0)
    failed = [t for t in r.trials if t.state == FAILED]
    assert failed, "the toy fails on part of the space"
    assert all(t.value is None and t.reason for t in failed)
    assert any("depth too large" in t.reason for t in failed) or any("finite" in t.reason for t in failed)
    assert r.best is not None and r.best.state == "complete"


def test_stop_ends_the_search_with_partial_results():
    calls = {"n": 0}

    def stop():
        calls["n"] += 1
        return calls["n"] > 5

    r = run_search(Quadratic(), "tpe", 30, should_stop=stop)
    assert r.stopped and 1 <= len(r.trials) < 30


def test_cv_objective_validation():
    with pytest.raises(ValueError, match="unknown dataset 'mnist'"):
        CVObjective("mnist", "svc")
    with pytest.raises(ValueError, match="ridge is a regression model but digits is a classification dataset"):
        CVObjective("digits", "ridge")
    with pytest.raises(ValueError, match="does not fit a regression dataset"):
        CVObjective("diabetes", "ridge", metric="accuracy")
    with pytest.raises(ValueError, match="folds must be from 2 to 20"):
        CVObjective("iris", "svc", folds=1)


@pytest.mark.parametrize("name", list(STRATEGIES))
def test_every_strategy_carries_its_name_title_blurb_and_equivalent(name):
    cls = STRATEGIES[name]
    assert cls.name == name and cls.title and cls.blurb.endswith(".") and cls.equivalent


def test_tpes_description_names_its_random_start():
    from engine.search.strategies.tpe import TPEStrategy

    assert f"first {TPEStrategy().n_startup_trials} trials are random draws" in TPEStrategy.blurb
