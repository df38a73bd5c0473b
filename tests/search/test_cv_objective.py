"""Cross-validated objectives against GridSearchCV, failures, and the persistent cache."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest
from sklearn.model_selection import GridSearchCV

from engine.search.cache import EvalCache
from engine.search.objectives import MODELS, CVObjective, load_dataset
from engine.search.runner import run_search
from engine.search.space import Param, SearchSpace
from engine.search.strategies.grid import GridStrategy
from engine.store import Store

SMALL_SVC = SearchSpace((Param("C", "float", 0.1, 100, log=True), Param("gamma", "float", 1e-3, 1e-1, log=True)))


@pytest.mark.parametrize("dataset, model, metric, space", [
    ("iris", "svc", "accuracy", SMALL_SVC),
    ("breast_cancer", "logistic", "roc_auc", None),
    ("wine", "svc", "f1", SMALL_SVC),
    ("diabetes", "ridge", "neg_mse", None),
])
def test_mean_and_std_equal_gridsearchcv(dataset, model, metric, space):
    obj = CVObjective(dataset, model, metric, folds=4, seed=7)
    space = space or obj.space
    grid = GridStrategy(points_per_axis=3)
    result = run_search(obj, grid, 50, space=space)
    X, y = load_dataset(dataset)
    axes = space.grid_axes(3)
    est = MODELS[model].build({k: v[0] for k, v in axes.items()}, 7)
    prefix = est.steps[-1][0] + "__" if hasattr(est, "steps") else ""
    gs = GridSearchCV(est, {prefix + k: v for k, v in axes.items()}, cv=obj.splitter(),
                      scoring=obj.scorer(y), return_train_score=True)
    gs.fit(X, y)
    ours = {tuple(sorted(t.params.items())): t for t in result.trials}
    for params, mean, std in zip(gs.cv_results_["params"], gs.cv_results_["mean_test_score"],
                                 gs.cv_results_["std_test_score"]):
        t = ours[tuple(sorted((k.removeprefix(prefix), v) for k, v in params.items()))]
        assert t.info["mean"] == pytest.approx(mean, rel=1e-12, abs=1e-12)
        assert t.info["std"] == pytest.approx(std, rel=1e-9, abs=1e-12)
        assert len(t.info["fold_scores"]) == 4 and "train_score" in t.info and t.info["fit_time"] >= 0


def test_estimator_failure_is_a_failed_trial(monkeypatch):
    # the model's bounds refuse a negative C up front (next test); without them, scikit-learn
    # raises in every fit, and each failure must become a failed trial, not end the search
    monkeypatch.setitem(MODELS, "svc", replace(MODELS["svc"], bounds={}))
    obj = CVObjective("iris", "svc", folds=3)
    r = run_search(obj, "random", 3, space=SearchSpace((Param("C", "float", -1.0, -0.5),
                                                        Param("gamma", "float", 0.01, 0.1))))
    assert [t.state for t in r.trials] == ["failed"] * 3
    assert r.trials[0].reason.startswith("InvalidParameterError")
    assert r.best is None


def test_a_space_outside_the_models_bounds_is_refused_before_any_fit():
    obj = CVObjective("iris", "svc", folds=3)
    with pytest.raises(ValueError, match="Support vector classifier [(]RBF[)]: the range of C must lie within 1e-6 to 1e6, got -1 to -0.5"):
        run_search(obj, "random", 3, space=SearchSpace((Param("C", "float", -1.0, -0.5),
                                                        Param("gamma", "float", 0.01, 0.1))))


def test_cache_is_reused_across_strategies_runs_and_sessions(tmp_path):
    url = f"sqlite:///{tmp_path / 'cache.db'}"
    obj = CVObjective("iris", "logistic", folds=3)
    first = run_search(obj, "grid", 4, cache=EvalCache(Store(url)))
    assert not any(t.cached for t in first.trials)
    again = run_search(obj, "grid", 4, cache=EvalCache(Store(url)))  # a new session
    assert all(t.cached for t in again.trials)
    assert [t.value for t in again.trials] == [t.value for t in first.trials]
    assert [t.info["fold_scores"] for t in again.trials] == [t.info["fold_scores"] for t in first.trials]


def test_cache_key_depends_on_folds_seed_and_params():
    a = CVObjective("iris", "svc", folds=3, seed=0)
    p = {"C": 1.0, "gamma": 0.1}
    keys = {a.cache_key(p, 1.0), CVObjective("iris", "svc", folds=4).cache_key(p, 1.0),
            CVObjective("iris", "svc", seed=1).cache_key(p, 1.0), a.cache_key({"C": 2.0, "gamma": 0.1}, 1.0),
            a.cache_key(p, 0.5)}
    assert len(keys) == 5
    assert a.cache_key({"gamma": 0.1, "C": 1.0}, 1.0) == a.cache_key(p, 1.0)


def test_parallel_dispatch_gives_the_same_numbers():
    obj = CVObjective("iris", "logistic", folds=3)
    one = run_search(obj, "random", 4, seed=1, n_jobs=1)
    two = run_search(obj, "random", 4, seed=1, n_jobs=2)
    assert [t.value for t in one.trials] == [t.value for t in two.trials]


def test_halving_uses_fewer_samples_on_early_rungs():
    obj = CVObjective("digits", "logistic", folds=3)
    r = run_search(obj, "halving", 13, seed=0)
    sizes = {t.resource: t.info.get("n_samples") for t in r.trials if t.state == "complete"}
    small, full = min(sizes), max(sizes)
    assert sizes[small] < sizes[full] == 1797
    assert np.isfinite(r.best.value)


def test_plain_and_stratified_kfold_differ_and_both_work():
    from sklearn.model_selection import KFold, StratifiedKFold

    strat = CVObjective("iris", "logistic", folds=5, stratified=True)
    plain = CVObjective("iris", "logistic", folds=5, stratified=False)
    assert isinstance(strat.splitter(), StratifiedKFold) and isinstance(plain.splitter(), KFold)
    p = {"C": 1.0}
    assert strat.cache_key(p, 1.0) != plain.cache_key(p, 1.0)
    a, b = strat.evaluate(p)[1]["fold_scores"], plain.evaluate(p)[1]["fold_scores"]
    assert a != b


def test_conditional_space_matches_gridsearchcv_over_a_list_of_grids():
    # GridSearchCV takes a conditional space as a list of grids, one per kernel; a linear-kernel
    # configuration leaves gamma and degree at the estimator's defaults, as ours omits them
    obj = CVObjective("iris", "svc_kernel", "accuracy", folds=4, seed=7)
    space = obj.space
    result = run_search(obj, GridStrategy(points_per_axis=2), 50)
    X, y = load_dataset("iris")
    spec = space.grid_spec(2)
    assert isinstance(spec, list) and len(result.trials) == 2 + 4 + 8
    est = MODELS["svc_kernel"].build({"kernel": "rbf", "C": 1.0}, 7)
    prefix = est.steps[-1][0] + "__"
    gs = GridSearchCV(est, [{prefix + k: v for k, v in g.items()} for g in spec], cv=obj.splitter(),
                      scoring=obj.scorer(y))
    gs.fit(X, y)
    ours = {tuple(sorted(t.params.items())): t for t in result.trials}
    assert len(ours) == len(gs.cv_results_["params"])
    for params, mean, std in zip(gs.cv_results_["params"], gs.cv_results_["mean_test_score"],
                                 gs.cv_results_["std_test_score"]):
        t = ours[tuple(sorted((k.removeprefix(prefix), v) for k, v in params.items()))]
        assert t.info["mean"] == pytest.approx(mean, rel=1e-12, abs=1e-12)
        assert t.info["std"] == pytest.approx(std, rel=1e-9, abs=1e-12)


@pytest.mark.parametrize("name", list(MODELS))
def test_each_models_probabilities_flag_says_what_the_model_gives(name):
    spec = MODELS[name]
    params = {p.name: (p.choices[0] if p.choices else p.low) for p in spec.space.params}
    assert hasattr(spec.build(params, 0), "predict_proba") == spec.probabilities


def test_roc_auc_over_three_classes_with_a_model_without_probabilities_is_one_sentence_before_any_fit():
    """The lab's audit: wine with the support vector classifier and ROC AUC was priced and run,
    and every trial failed ('Pipeline has none of the following attributes: predict_proba')."""
    with pytest.raises(ValueError, match="ROC AUC over 3 classes needs class probabilities"):
        CVObjective("wine", "svc", "roc_auc")
    CVObjective("breast_cancer", "svc", "roc_auc")  # two classes: the decision function serves
    assert np.isfinite(CVObjective("wine", "logistic", "roc_auc", folds=3).evaluate({"C": 1.0})[0])
