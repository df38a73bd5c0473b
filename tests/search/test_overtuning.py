"""The tuned CV score is optimistic; nested CV and a test set are not fooled by the search."""

import numpy as np

from engine.search.overtuning import overtuning_experiment


def test_best_cv_score_is_above_the_honest_estimates_on_a_noisy_problem():
    r = overtuning_experiment("noisy", "svc", budget=15, folds=3, outer_folds=3, seed=0)
    assert len(r.nested_scores) == 3 and len(r.outer_params) == 3
    assert r.best_cv > r.nested and r.best_cv > r.test
    assert r.optimism_vs_nested > 0 and r.optimism_vs_test > 0
    assert set(r.to_dict()) >= {"best_cv", "test", "nested", "optimism_vs_test", "optimism_vs_nested"}


def test_nested_cv_equals_cross_val_score_of_gridsearchcv():
    # issue 12, 5: with a grid search, our nested CV is scikit-learn's own nested CV
    from sklearn.model_selection import GridSearchCV, StratifiedKFold, cross_val_score, train_test_split

    from engine.search.objectives import MODELS, CVObjective, load_dataset

    seed, folds, outer = 3, 3, 3
    r = overtuning_experiment("iris", "svc", "accuracy", "grid", 9, folds, outer, seed=seed)
    X, y = load_dataset("iris")
    train, _ = train_test_split(np.arange(len(y)), test_size=0.3, random_state=seed, stratify=y)
    obj = CVObjective("iris", "svc", "accuracy", folds, True, seed)
    axes = obj.space.grid_axes(obj.space.points_for_budget(9))
    est = MODELS["svc"].build({k: v[0] for k, v in axes.items()}, seed)
    prefix = est.steps[-1][0] + "__" if hasattr(est, "steps") else ""
    inner = GridSearchCV(est, {prefix + k: v for k, v in axes.items()},
                         cv=StratifiedKFold(folds, shuffle=True, random_state=seed), scoring="accuracy")
    ref = cross_val_score(inner, X[train], y[train], scoring="accuracy",
                          cv=StratifiedKFold(outer, shuffle=True, random_state=seed + 1))
    np.testing.assert_allclose(r.nested_scores, ref, rtol=0, atol=1e-12)
    assert r.train_rows == len(train) and sum(r.outer_test_rows) == len(train)


def test_a_regression_scenario_runs_with_plain_folds():
    """The lab's audit: the split was stratified on the target, and a regression target's values
    occur once each: the tab raised 'The least populated classes in y have only 1 member'."""
    r = overtuning_experiment("diabetes", "ridge", "neg_mse", "random", 4, 3, 2, seed=0)
    assert len(r.nested_scores) == 2 and all(np.isfinite(r.nested_scores)) and np.isfinite(r.test)
    assert r.train_rows + r.test_rows == 442 and sum(r.outer_test_rows) == r.train_rows
