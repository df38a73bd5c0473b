"""The Search lab's link: settings -> URL -> the same settings, and a hostile URL gives notes, never an error."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from engine.search.lab import check_request
from engine.search.lab_link import (CUSTOM, FOLDS, LAB_METRICS, POINTS, SCENARIOS, SEARCH_QUERY_KEYS, SEEDS,
                                    lab_settings, preset_settings, read_search_query, search_lab_query)
from engine.search.objectives import MODELS, parse_objective
from engine.search.presets import SEARCH_PRESETS
from engine.search.runner import MAX_BUDGET
from engine.search.space import SearchSpace
from engine.search.strategies import STRATEGIES
from tests.link_notes import assert_plain_notes, hostile_values


@pytest.mark.parametrize("key", list(SEARCH_PRESETS))
def test_every_preset_round_trips(key):
    s = preset_settings(key)
    assert read_search_query(search_lab_query(s)) == (s, [])
    assert read_search_query({"preset": key}) == ({"preset": key}, [])


def edited(model: str, **ranges) -> SearchSpace:
    """``model``'s space with some ranges changed: name=(low, high, log)."""
    return SearchSpace(tuple(replace(p, low=ranges[p.name][0], high=ranges[p.name][1], log=ranges[p.name][2])
                             if p.name in ranges else p for p in MODELS[model].space.params))


@pytest.mark.parametrize("s", [
    lab_settings(CUSTOM, ["grid", "tpe"], 12, 3, 4, "iris:svc", "f1", 4, False, edited("svc", C=(0.1, 100.0, True))),
    lab_settings(CUSTOM, ["random"], 20, 0, 0, "breast_cancer:svc_kernel", "roc_auc", 3, True,
                 edited("svc_kernel", degree=(2, 6, False))),
    lab_settings(CUSTOM, ["halving"], 9, 1, 0, "wine:random_forest", "accuracy", 5, True,
                 edited("random_forest", n_estimators=(5, 50, True), max_features=(0.2, 0.9, False))),
    lab_settings(CUSTOM, ["bayes"], 30, 2, 0, "diabetes:ridge", "neg_mse", 3, False, MODELS["ridge"].space),
    lab_settings(CUSTOM, ["random", "bayes"], 20, 0, 0, "ackley", None, 5, True, None),
], ids=["svc", "kernel", "forest", "regression", "benchmark"])
def test_the_custom_scenario_round_trips(s):
    q = search_lab_query(s)
    assert read_search_query(q) == (s, [])


def test_the_link_names_only_the_ranges_that_were_edited():
    s = lab_settings(CUSTOM, ["grid"], 12, 0, 0, "iris:svc", "accuracy", 3, True, edited("svc", C=(0.1, 100.0, True)))
    assert search_lab_query(s) == {"preset": "custom", "objective": "iris:svc", "metric": "accuracy", "folds": "3",
                                   "stratified": "1", "space": "C:0.1:100:log", "strategies": "grid",
                                   "budget": "12", "seed": "0", "points": "0"}
    # a preset's link carries no custom settings
    assert set(search_lab_query(lab_settings("branin", ["grid"], 5, 0, 0, "iris:svc", "f1", 3, True, None))) == {
        "preset", "strategies", "budget", "seed", "points"}


@pytest.mark.parametrize("query, kept, note", [
    ({"preset": "zzz<b>"}, {}, "names a scenario the Search lab does not have"),
    ({"strategies": "grid,<b>evil</b>"}, {"strategies": ["grid"]}, "names 1 of its strategies that the lab does not"),
    ({"strategies": ",,"}, {}, "names none of the lab's strategies"),
    ({"budget": "1e9"}, {"budget": MAX_BUDGET}, f"is outside 1 to {MAX_BUDGET}: using {MAX_BUDGET}"),
    ({"budget": "0"}, {"budget": 1}, "using 1"),
    ({"seed": "x"}, {}, "seed is not a number"),
    ({"points": "-1"}, {"points": 0}, "is outside 0 to 1,000: using 0"),
    ({"preset": "branin", "objective": "iris:svc"}, {"preset": "branin"}, "belongs to the custom scenario"),
    ({"metric": "f1"}, {}, "names no objective"),
    ({"objective": "iris:ridge"}, {}, "names an objective the lab does not have"),
    ({"objective": "branin", "folds": "3"}, {"preset": CUSTOM, "objective": "branin"}, "A benchmark function has no"),
])
def test_a_bad_value_is_one_note_and_clamped_or_left_out(query, kept, note):
    s, notes = read_search_query(query)
    assert s == kept
    assert len(notes) == 1 and note in notes[0], notes


@pytest.mark.parametrize("extra, note", [
    ({"metric": "neg_mse"}, "names a metric for this dataset the lab does not have"),
    ({"folds": "50"}, "is outside 2 to 10: using 10"),
    ({"stratified": "maybe"}, "neither 1 nor 0"),
    ({"space": "C:5:1:log"}, "The link's range for C (5 to 1) does not have its low below its high: the model's own "
                             "is kept."),
    ({"space": "C:1e-9:1e9:log"}, "leaves svc's allowed 1e-6 to 1e6: using 1e-6 to 1e6"),
    ({"space": "C:-1:1:log"}, "using 1e-6 to 1."),
    # one sentence about the range the link gave: it read "low (1e-06) must be below high (1e-06)"
    ({"space": "C:-5:-1:log"}, "The link's range for C (-5 to -1) lies outside svc's allowed 1e-6 to 1e6: the "
                               "model's own is kept."),
    ({"space": "gamma:0:0:log"}, "The link's range for gamma (0 to 0) does not have its low below its high"),
    ({"space": "C:nan:1"}, "is not low:high or low:high:log"),
    ({"space": "C:1"}, "is not low:high or low:high:log"),
    ({"space": "C:1:2:cubic"}, "is not low:high or low:high:log"),
    ({"space": "<img src=x>:1:2"}, "names a parameter svc does not search by range"),
])
def test_a_bad_custom_value_is_one_note(extra, note):
    s, notes = read_search_query({"objective": "iris:svc", **extra})
    assert s["preset"] == CUSTOM and s["objective"] == "iris:svc"
    assert len(notes) == 1 and note in notes[0], notes
    MODELS["svc"].check_space(s["space"])  # whatever the link said, the space is one the model takes


def test_a_linked_request_over_the_ceilings_is_refused_as_a_typed_one():
    s, notes = read_search_query({"preset": "branin", "strategies": "grid", "budget": "400", "points": "100"})
    assert notes == [] and s["points"] == 100  # kept: the page's check refuses it, in its own words
    objective = parse_objective("branin")
    with pytest.raises(ValueError, match="grid points per request"):
        check_request(objective, s["strategies"], s["budget"], objective.space, s["points"])


hostile = hostile_values("-inf", ",,,", "iris:svc", "digits:random_forest", "diabetes:ridge", "branin",
                         "custom", "C:1e-9:1e9:log,gamma:1:0", "grid," * 5000,
                         "n_estimators:1:100000,max_depth:0.5:3")


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.sampled_from(SEARCH_QUERY_KEYS), hostile))
def test_any_query_gives_settings_the_controls_take_and_notes_never_errors(query):
    s, notes = read_search_query(query)
    assert_plain_notes(notes)
    assert s.get("preset", CUSTOM) in SCENARIOS
    assert set(s.get("strategies", ["grid"])) <= set(STRATEGIES)
    assert 1 <= s.get("budget", 1) <= MAX_BUDGET and SEEDS[0] <= s.get("seed", 0) <= SEEDS[1]
    assert POINTS[0] <= s.get("points", 0) <= POINTS[1] and FOLDS[0] <= s.get("folds", 2) <= FOLDS[1]
    if "space" in s:
        model = s["objective"].partition(":")[2]
        MODELS[model].check_space(s["space"])
        assert s.get("metric", LAB_METRICS[MODELS[model].task][0]) in LAB_METRICS[MODELS[model].task]
