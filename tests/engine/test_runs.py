import csv
import io

import pytest

from engine.runs import RunLog, flatten, to_csv
from engine.store import Store


def test_runs_are_kept_filtered_and_exported(db_url):
    url = db_url
    log = RunLog(Store(url))
    a = log.record("me", "optimizer_lab", "SGD on quadratic", {"lr": 0.1, "runs": [{"optimizer": "sgd"}]},
                   {"sgd": {"outcome": "converged", "final_loss": 1e-9}}, seed=0)
    b = log.record("me", "run_it", "lr question", {"scenario": "optimizer"}, {"measured": "diverged", "agrees": True})
    again = RunLog(Store(url))  # a new session
    assert [r.id for r in again.runs("me")] == [b, a]
    assert [r.kind for r in again.runs("me", "run_it")] == ["run_it"]
    assert again.runs("someone else") == []
    rows = list(csv.DictReader(io.StringIO(to_csv(again.runs("me")))))
    assert rows[1]["config.runs[0].optimizer"] == "sgd"
    assert rows[1]["results.sgd.outcome"] == "converged"
    assert rows[0]["results.agrees"] == "True"


def test_a_learners_runs_are_numbered_among_their_own(db_url):
    """The class walk-through: on a shared server a learner's runs read #1, #3, #6 (the table's id
    counts everyone's), the gaps hinting at classmates' runs."""
    log = RunLog(Store(db_url))
    for who, title in [("alice", "a1"), ("bob", "b1"), ("alice", "a2"), ("bob", "b2"), ("alice", "a3")]:
        log.record(who, "run_it" if title != "a2" else "optimizer_lab", title, {"t": title}, {})
    assert [(r.title, r.number) for r in log.runs("alice")] == [("a3", 3), ("a2", 2), ("a1", 1)]
    assert [(r.title, r.number) for r in log.runs("bob")] == [("b2", 2), ("b1", 1)]
    # one kind, or the newest few: each keeps its number among all the learner's runs
    assert [(r.title, r.number) for r in log.runs("alice", "run_it")] == [("a3", 3), ("a1", 1)]
    assert [(r.title, r.number) for r in log.runs("alice", limit=1)] == [("a3", 3)]
    exported = list(csv.DictReader(io.StringIO(to_csv(log.runs("alice")))))
    assert [row["number"] for row in exported] == ["3", "2", "1"] and "id" not in exported[0]


def test_unknown_kind_and_flatten():
    with pytest.raises(ValueError, match="unknown run kind"):
        RunLog(Store("sqlite://")).record("me", "nope", "x", {}, {})
    with pytest.raises(ValueError, match="a learner"):
        RunLog(Store("sqlite://")).record("", "run_it", "x", {}, {})
    assert flatten("", {"a": {"b": [1, 2]}, "c": 3}, {}) == {"a.b": "[1, 2]", "c": 3}


def _run(id_, kind, title, config, results, seed=None):
    import datetime as dt

    from engine.runs import RunRecord

    return RunRecord(id_, kind, title, config, seed, results, dt.datetime(2026, 12, 1, tzinfo=dt.timezone.utc))


def test_matching_filters_by_kind_and_title_text_in_any_case():
    from engine.runs import matching

    runs = [_run(3, "search_lab", "SVC on Digits", {}, {}), _run(2, "optimizer_lab", "Adam on Rosenbrock", {}, {}),
            _run(1, "search_lab", "Forest on wine", {}, {})]
    assert [r.id for r in matching(runs)] == [3, 2, 1]
    assert [r.id for r in matching(runs, ["search_lab"])] == [3, 1]
    assert [r.id for r in matching(runs, [], "ROSEN")] == [2]
    assert matching(runs, ["optimizer_lab"], "digits") == []


def test_field_labels_read_as_words_not_paths():
    from engine.runs import field_label

    assert field_label("config.runs[0].lr") == "setting: run 1 · lr"
    assert field_label("results.SGD lr=0.05.final_val_acc") == "result: SGD lr=0.05 · final validation accuracy"
    assert field_label("results.random.best") == "result: Random search · best"
    assert field_label("config.surface_params.condition") == "setting: surface params · condition"
    assert field_label("seed") == "seed"


def test_compare_lines_up_two_runs_field_by_field():
    from engine.runs import compare

    a = _run(1, "optimizer_lab", "a", {"lr": 0.1, "steps": 50}, {"sgd": {"final_loss": 0.5, "converged": True}}, seed=0)
    b = _run(2, "optimizer_lab", "b", {"lr": 0.01, "steps": 50, "momentum": 0.9},
             {"sgd": {"final_loss": 0.123456, "converged": False}}, seed=0)
    rows = {d.label: d for d in compare(a, b)}
    assert list(rows) == ["setting: lr", "setting: steps", "seed", "result: sgd · final loss", "result: sgd · converged",
                          "setting: momentum"]
    assert (rows["setting: lr"].a, rows["setting: lr"].b, rows["setting: lr"].differs) == ("0.1", "0.01", True)
    assert not rows["setting: steps"].differs and not rows["seed"].differs
    assert rows["result: sgd · final loss"].b == "0.1235"
    assert (rows["result: sgd · converged"].a, rows["result: sgd · converged"].b) == ("yes", "no")
    assert (rows["setting: momentum"].a, rows["setting: momentum"].b, rows["setting: momentum"].differs) == ("", "0.9", True)


def test_compare_shows_a_stored_none_as_a_dash_and_a_missing_field_as_empty():
    from engine.runs import compare

    # steps to the threshold: None when the run never reached it (a value), absent in the other run's kind
    a = _run(1, "optimizer_lab", "a", {"lr": 0.1}, {"sgd": {"steps_to_threshold": None}}, seed=None)
    b = _run(2, "optimizer_lab", "b", {"lr": 0.1}, {"sgd": {"steps_to_threshold": 12}, "adam": {"final_loss": 0.5}},
             seed=0)
    rows = {d.label: d for d in compare(a, b)}
    assert (rows["result: sgd · steps to threshold"].a, rows["result: sgd · steps to threshold"].b) == ("–", "12")
    assert (rows["seed"].a, rows["seed"].b, rows["seed"].differs) == ("–", "0", True)
    assert (rows["result: adam · final loss"].a, rows["result: adam · final loss"].b) == ("", "0.5")


def test_a_kind_takes_the_article_it_is_said_with():
    from engine.runs import a_kind

    assert a_kind("optimizer_lab") == "an Optimizer lab run" and a_kind("range_test") == "an LR range test run"
    assert a_kind("search_lab") == "a Search lab run" and a_kind("overtuning") == "an Over-tuning experiment run"


def test_a_comparison_and_a_summary_name_what_the_registries_name():
    """The text audit: Run history showed the ids runs are stored with ("iris:logistic", "adamw",
    "warmup_cosine", "random"), and lists as JSON (["random", "tpe"]); people read titles. The
    stored runs keep their ids, which reproduce them (and the CSV export keeps them)."""
    from engine.runs import compare, results_summary

    search = {"objective": "iris:logistic", "budget": 4, "strategies": ["random", "tpe"], "metric": "roc_auc"}
    a = _run(1, "search_lab", "A", search, {"random": {"best": 0.97, "regret": None}}, seed=0)
    b = _run(2, "search_lab", "B", {**search, "objective": "branin", "strategies": ["grid"], "metric": "f1"},
             {"grid": {"best": 0.5, "regret": 0.1}}, seed=0)
    rows = {d.label: (d.a, d.b) for d in compare(a, b)}
    assert rows["setting: objective"] == ("Logistic regression on iris", "Branin")
    assert rows["setting: strategies"] == ("Random search, TPE (Optuna)", "Grid search")
    assert rows["setting: metric"] == ("ROC AUC", "F1")
    assert rows["result: Random search · best"] == ("0.97", "")
    assert results_summary(a.results).startswith("Random search: best 0.97, regret –")

    opt = {"surface": "rosenbrock", "runs": [{"optimizer": "adamw", "schedule": {"name": "warmup_cosine"},
                                              "lr": 0.1}], "preset": "lr-regimes"}
    rows = {d.label: d.a for d in compare(_run(3, "optimizer_lab", "C", opt, {}), _run(4, "optimizer_lab", "D", {}, {}))}
    assert rows["setting: run 1 · optimizer"] == "AdamW"
    assert rows["setting: run 1 · schedule · name"] == "Linear warmup, then cosine"
    assert rows["setting: surface"] == "Rosenbrock" and rows["setting: preset"] != "lr-regimes"
    assert "setting: run 1 · lr" in rows and rows["setting: run 1 · lr"] == "0.1"
    over = results_summary({"best_cv": 0.95, "nested": 0.9, "test": 0.91})
    assert over == "best CV score 0.95; nested CV score 0.9; held-out test score 0.91"


def test_a_run_kept_once_repeats_no_latest_run_across_sessions(db_url):
    """The ML engineer's walk-through: the same search, run from the same link in two page loads
    (two sessions), kept two rows, though Run history says a repeat adds none."""
    config = {"objective": "branin", "budget": 15, "space": {"x": [0, 1]}, "strategies": ["random"]}
    first = RunLog(Store(db_url)).record("me", "search_lab", "Branin", config, {"random": {"best": 1.0}}, seed=0,
                                         once=True)
    again = RunLog(Store(db_url))  # another session, another Store
    assert again.record("me", "search_lab", "Branin", config, {"random": {"best": 1.0}}, seed=0, once=True) is None
    assert [r.id for r in again.runs("me")] == [first]
    # another seed, another learner's, or a repeat of a run that is no longer the latest: kept
    other = again.record("me", "search_lab", "Branin", config, {}, seed=1, once=True)
    assert other is not None and again.record("you", "search_lab", "Branin", config, {}, seed=0, once=True)
    assert again.record("me", "search_lab", "Branin", config, {}, seed=0, once=True) is not None
    assert [r.seed for r in again.runs("me")] == [0, 1, 0]
    stored = again.runs("me")[-1]
    assert stored.config == config and stored.results == {"random": {"best": 1.0}} and stored.title == "Branin"
    # without once, a repeat is kept (a question's "Run it" for each answer)
    assert again.record("me", "search_lab", "Branin", config, {}, seed=0) is not None


def test_the_examples_hold():
    import doctest

    import engine.runs

    assert doctest.testmod(engine.runs).failed == 0


def test_the_default_comparison_skips_the_same_run_kept_again():
    """Keeping a lab's runs, then again after another lab, paired the two copies by default: "These
    two runs have the same settings and results in every field"."""
    from engine.runs import default_pair

    opt = {"surface": "quadratic", "lrs": [0.1]}
    runs = [_run(5, "optimizer_lab", "kept again", opt, {"sgd": {"final_loss": 0.1}}, seed=0),
            _run(4, "search_lab", "search", {"budget": 4}, {}, seed=0),
            _run(3, "optimizer_lab", "kept", opt, {"sgd": {"final_loss": 0.1}}, seed=0),
            _run(2, "optimizer_lab", "other seed", opt, {"sgd": {"final_loss": 0.1}}, seed=1)]
    assert default_pair(runs) == (5, 2)
    assert default_pair(runs[:3]) == (5, 3)  # no other: the same run again, still of its kind


def test_the_seed_column_names_the_seeds_a_run_ran_over():
    """A "Run it" of a search over seeds 3, 4 and 5 read "Seed: none"."""
    import datetime as dt

    from engine.runs import RunRecord

    def record(config, seed=None):
        return RunRecord(1, "run_it", "t", config, seed, {}, dt.datetime(2026, 12, 7, tzinfo=dt.timezone.utc))

    assert record({"params": {"seeds": [3, 4, 5]}}).seeds_text == "3, 4, 5"
    assert record({"params": {"seeds": [3, 4, 5]}}, seed=0).seeds_text == "0"
    assert record({"params": {"seeds": list(range(12))}}).seeds_text == "0, 1, 2, 3, 4, 5, 6, 7, 8, 9, …"
    for config in ({}, {"params": {"seeds": "3"}}, {"params": {"seeds": []}}, {"params": None}, {"params": {}}):
        assert record(config).seeds_text == "none", config
