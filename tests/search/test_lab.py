"""The search lab's data, computed in the engine so the page only draws it (issue 12, 3)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from engine.search.lab import (
    benchmark_landscape,
    edit_space,
    ended_early_text,
    grid_landscape,
    partial_results,
    run_record,
    run_strategies,
    scoring_text,
    seeds_table,
    space_rows,
    summary_line,
    trial_rows,
)
from engine.search.objectives import BENCHMARKS, CVObjective
from engine.search.overtuning import OvertuningResult
from engine.search.runner import run_search

BRANIN = BENCHMARKS["branin"]


def test_space_rows_round_trip_and_edits_apply():
    space = BRANIN.space
    rows = space_rows(space)
    assert edit_space(space, rows) == space
    rows[0]["high"] = 5.0
    assert edit_space(space, rows).params[0].high == 5.0
    rows[0]["low"] = 6.0
    with pytest.raises(ValueError):
        edit_space(space, rows)


def test_scoring_text():
    assert scoring_text(BRANIN) == "minimum 0.3979"
    assert scoring_text(CVObjective("iris", "svc", "f1", 4, False)) == "F1, 4-fold CV"


def test_partial_results_keep_what_was_evaluated():
    r = run_search(BRANIN, "random", 3)
    out = partial_results(BRANIN, 10, 0, {"random": list(r.trials), "bayes": []})
    assert list(out) == ["random"] and out["random"].stopped and len(out["random"].trials) == 3


def test_a_search_ended_early_says_of_how_many_and_names_the_strategies_that_made_none():
    """The ML engineer's walk-through: a stopped card said "9 evaluations" (of 15 asked), and a
    second strategy that never ran was not mentioned."""
    r = run_search(BRANIN, "random", 9)
    running = {"random": list(r.trials), "tpe": []}
    out = partial_results(BRANIN, 15, 0, running)
    assert summary_line(out["random"]).startswith("9 of 15 evaluations · 0 failed")
    assert ended_early_text("left", running) == (
        "The search ended when you left the page; the evaluations made so far are shown. "
        "TPE (Optuna) made no evaluation before the search ended.")
    assert ended_early_text("stop", {"random": list(r.trials)}) == (
        "The search was stopped; the evaluations made so far are shown.")
    # a stopped grid counts of its own size: 3 x 3 in a budget of 12
    grid = run_search(BRANIN, "grid", 12)
    stopped = partial_results(BRANIN, 12, 0, {"grid": list(grid.trials[:5])}, space=BRANIN.space)["grid"]
    assert summary_line(stopped).startswith("5 of 9 evaluations")
    assert summary_line(run_search(BRANIN, "random", 15)).startswith("15 evaluations")  # finished: no "of"


def test_a_grid_of_the_points_asked_for_says_so_not_that_it_is_the_largest():
    """The ML engineer's walk-through: 5 points per axis in a budget of 30 said "the largest full
    grid within 30 has 25 points" (the largest is 5 x 5 too, but not why it had 25)."""
    asked = run_strategies(BRANIN, ["grid"], 30, points_per_axis=4)["grid"]
    assert summary_line(asked).endswith(" s · 4 points per axis make a grid of 16 points")
    assert "largest" not in summary_line(asked)


def test_record_rows_and_summary_of_a_run():
    results = run_strategies(BRANIN, ["grid", "random"], 9)
    title, config, summary = run_record(BRANIN, BRANIN.space, 9, results)
    assert title == "Branin: Grid search, Random search"  # the objective as people name it
    assert config["strategies"] == ["grid", "random"] and "metric" not in config
    assert summary["grid"]["trials"] == 9 and summary["grid"]["best"] == results["grid"].best.value
    rows = trial_rows(results["random"], BRANIN.space)
    assert [row["Trial"] for row in rows] == list(range(1, 10)) and set(BRANIN.space.names) <= set(rows[0])
    # headers a reader understands; a minimised benchmark has a value, not a score; columns that
    # would be empty (no share of the data, no failure) are left out
    assert list(rows[0]) == ["Trial", *BRANIN.space.names, "Value", "State", "From cache"]
    assert rows[0]["From cache"] == "no"
    assert summary_line(results["grid"]).startswith("9 evaluations · 0 failed · 0 from cache")
    assert "grid" not in summary_line(results["grid"])  # 3 x 3 spends the budget of 9
    twelve = run_strategies(BRANIN, ["grid"], 12)["grid"]
    assert summary_line(twelve).endswith(" s · the largest full grid within 12 has 9 points")
    one = run_strategies(BRANIN, ["grid"], 3)["grid"]  # 2 x 2 is over 3: one point (a walk-through read "1 points")
    assert summary_line(one).startswith("1 evaluation · ") and summary_line(one).endswith(" has 1 point")


def test_the_progress_counts_to_the_evaluations_a_strategy_will_make():
    """A grid of 9 under a budget of 12 was reported "evaluation 5 of 12", then ended at 9 (the
    learner's walk-through: "93 of 150", then a result of 144)."""
    heard = []
    run_strategies(BRANIN, ["grid", "random"], 12, emit=lambda *event: heard.append(event))
    said = {(name, planned) for _, name, _, _, planned, _ in heard}
    assert said == {("grid", 9), ("random", 12)}
    assert [n for _, name, _, n, _, _ in heard if name == "grid"] == list(range(1, 10))


def test_a_cross_validated_search_records_no_regret():
    # regret needs a known optimum: a benchmark's run has it, a CV search's results line read "regret –"
    from engine.runs import results_summary

    cv = CVObjective("iris", "svc", "accuracy", 3, False)
    title, config, summary = run_record(cv, cv.space, 2, run_strategies(cv, ["random"], 2))
    assert "regret" not in summary["random"] and "regret" not in results_summary(summary)
    assert results_summary(summary).startswith("Random search: best 0.9")
    assert "regret" in run_record(BRANIN, BRANIN.space, 3, run_strategies(BRANIN, ["random"], 3))[2]["random"]


def test_landscapes():
    xs, ys, Z = benchmark_landscape(BRANIN, n=5)
    assert Z.shape == (5, 5) and np.nanmin(Z) > math.log10(1e-3) - 1e-9
    truth = run_strategies(BRANIN, ["grid"], 9, points_per_axis=3)["grid"]
    xs, ys, Z = grid_landscape(BRANIN.space, truth, 3)
    assert Z.shape == (3, 3) and not np.isnan(Z).any()
    t = truth.trials[0]
    assert Z[list(ys).index(t.params["x2"]), list(xs).index(t.params["x1"])] == t.value


def test_overtuning_texts_explain_the_numbers():
    r = OvertuningResult(0.99, {}, 0.959, (131 / 133, 131 / 133, 130 / 132), ({}, {}, {}), 20, "random",
                         train_rows=398, test_rows=171, outer_test_rows=(133, 133, 132))
    assert r.fold_scores_text() == "0.985 (131 of 133 right), 0.985 (131 of 133 right), 0.985 (130 of 132 right)"
    assert "398 of 569 rows" in r.scope_text() and "Random search" in r.scope_text()


def test_trial_rows_say_why_a_trial_failed_and_what_share_it_used():
    from engine.search.trials import FAILED, SearchResult, Trial

    trials = (Trial(0, {"x1": 1.0, "x2": 2.0}, 0.9, resource=0.25, cached=True,
                    info={"std": 0.01, "train_score": 0.95, "fold_scores": [0.9, 0.9], "fit_time": 0.1}),
              Trial(1, {"x1": 3.0, "x2": 4.0}, None, state=FAILED, reason="ValueError: too deep"))
    rows = trial_rows(SearchResult("halving", "cv", True, 2, 0, trials), BRANIN.space)
    assert [r["Trial"] for r in rows] == [1, 2]
    assert rows[0]["Score"] == 0.9 and rows[0]["Data share"] == 0.25 and rows[0]["From cache"] == "yes"
    assert rows[0]["Fold scores"] == "0.900, 0.900" and rows[0]["Fit time (s)"] == 0.1
    assert [r["Why it failed"] for r in rows] == ["—", "ValueError: too deep"]


def test_a_cross_validated_objective_has_a_readable_title():
    from engine.search.objectives import CVObjective

    assert CVObjective("breast_cancer", "svc").title == "Support vector classifier (RBF) on breast cancer"


def test_the_sampled_points_hover_counts_trials_from_1_as_the_trials_table_does():
    from engine.search.lab import run_strategies
    from engine.search.objectives import BENCHMARKS
    from ui.figures_search import sampled_points_figure

    obj = BENCHMARKS["branin"]
    results = run_strategies(obj, ["random"], 3, seed=0)
    fig = sampled_points_figure(obj.space, results, {"random": "Random search"})
    texts = next(t.text for t in fig.data if t.name == "Random search")
    assert [t.split(":")[0] for t in texts] == ["Random search #1", "Random search #2", "Random search #3"]


def test_a_configuration_is_described_in_one_line():
    from engine.search.trials import describe_params

    assert describe_params({"C": 12.3456, "kernel": "rbf", "degree": 3}) == "C = 12.35, kernel = rbf, degree = 3"
    assert describe_params({"lr": 1e-05}, "=") == "lr=1e-05"


def test_the_seeds_table_gives_the_median_and_quartiles_the_figure_ends_on():
    """The ML engineer's walk-through: "Over several seeds" drew a figure only, and a question's key
    ("median regret over seeds 0, 1, 2 at budget 20") had no number to check it with."""
    import statistics

    from engine.search.compare import run_over_seeds

    comparison = run_over_seeds(BRANIN, ["random", "tpe"], 20, range(3))
    rows = seeds_table(comparison.curves(), False, BRANIN.optimum)
    assert [r["Strategy"] for r in rows] == ["Random search", "TPE (Optuna)"]
    for row, name in zip(rows, ["random", "tpe"]):
        regrets = sorted(abs(b - BRANIN.optimum) for b in comparison.bests(name))
        assert row["Seeds"] == 3 and row["Median regret"] == pytest.approx(comparison.median_regret(name))
        assert row["Median regret"] == pytest.approx(statistics.median(regrets))
        assert row["Lower quartile"] == pytest.approx((regrets[0] + regrets[1]) / 2)  # numpy's linear quartile
        assert row["Lower quartile"] <= row["Median regret"] <= row["Upper quartile"]
    # a cross-validated score has no optimum: the best score itself; a seed with no success is left out
    curves = {"random": np.array([[0.5, 0.9], [np.nan, np.nan], [0.6, 0.7]])}
    (row,) = seeds_table(curves, True, None)
    assert row == {"Strategy": "Random search", "Seeds": 2, "Median best score": pytest.approx(0.8),
                   "Lower quartile": pytest.approx(0.75), "Upper quartile": pytest.approx(0.85)}


def test_a_runs_record_holds_the_grids_points_and_the_folds_stratification():
    """The ML engineer's walk-through: the run history's CSV lacked the grid's points per axis and
    whether the folds were stratified, so a run could not be reproduced from it."""
    import csv
    import io

    from engine.runs import RunLog, to_csv
    from engine.store import Store

    cv = CVObjective("iris", "svc", "accuracy", 3, False)
    results = run_strategies(cv, ["grid", "random"], 4, points_per_axis=2)
    _, config, _ = run_record(cv, cv.space, 4, results, 2)
    assert config["points_per_axis"] == 2 and config["stratified"] is False and config["folds"] == 3
    log = RunLog(Store("sqlite://"))
    log.record("me", "search_lab", "t", config, {}, seed=0)
    (row,) = csv.DictReader(io.StringIO(to_csv(log.runs("me"))))
    assert (row["config.points_per_axis"], row["config.stratified"]) == ("2", "False")
    stratified = CVObjective("iris", "svc", "accuracy", 3, True)
    assert run_record(stratified, stratified.space, 2, run_strategies(stratified, ["random"], 2))[1]["stratified"]
    # a regression's folds are never stratified, whatever the setting (no fit: a record needs no run)
    ridge = CVObjective("diabetes", "ridge", "neg_mse", 3, True)
    assert run_record(ridge, ridge.space, 2, {})[1]["stratified"] is False
    # a grid from the budget is 0
    assert run_record(BRANIN, BRANIN.space, 4, run_strategies(BRANIN, ["grid"], 4))[1]["points_per_axis"] == 0
