"""The tuned CV score is optimistic; nested CV and a test set are not fooled by the search."""

from engine.search.overtuning import overtuning_experiment


def test_best_cv_score_is_above_the_honest_estimates_on_a_noisy_problem():
    r = overtuning_experiment("noisy", "svc", budget=15, folds=3, outer_folds=3, seed=0)
    assert len(r.nested_scores) == 3 and len(r.outer_params) == 3
    assert r.best_cv > r.nested and r.best_cv > r.test
    assert r.optimism_vs_nested > 0 and r.optimism_vs_test > 0
    assert set(r.to_dict()) >= {"best_cv", "test", "nested", "optimism_vs_test", "optimism_vs_nested"}
