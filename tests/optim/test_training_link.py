"""The Training lab's link: settings -> URL -> the same settings, and a hostile URL gives notes, never an error."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from engine.optim.optimizers import MAX_LR, MIN_LR, OPTIMIZERS
from engine.optim.schedules import SCHEDULE_TITLES
from engine.optim.training import DATASETS, MAX_RUNS, TrainSetup, check_request
from engine.optim.training_link import (DEPTHS, EPOCHS, RANGE_TEST_DEFAULTS, RANGE_TEST_ITERS, SEEDS,
                                        TRAINING_QUERY_KEYS, WIDTHS, preset_settings, read_training_query,
                                        run_text, training_lab_query)
from engine.optim.training_presets import PRESETS, TABS, configs_from_rows, row_rate
from tests.link_notes import assert_plain_notes, hostile_values


@pytest.mark.parametrize("key", list(PRESETS))
def test_every_preset_round_trips(key):
    s = preset_settings(key)
    assert read_training_query(training_lab_query(s)) == (s, [])
    # ?preset= alone opens the same settings, and says which preset it was
    assert read_training_query({"preset": key}) == (s | {"preset": key}, [])


def test_the_default_comparison_reads_as_typed():
    q = training_lab_query(preset_settings("sgd-vs-adam"))
    assert q["runs"] == "sgd:0.05,momentum:0.05,adam:0.001,adamw:0.003:cosine"
    assert training_lab_query(preset_settings("batch-size"))["runs"].startswith("sgd:0.1:constant:8,")
    assert "rt_opt" not in q  # the range test's settings only for a link that opens on its tab


def test_a_links_own_settings_override_its_preset():
    s, notes = read_training_query({"preset": "overfit", "epochs": "5", "runs": "sgd:0.3"})
    assert notes == [] and s["width"] == 128 and s["epochs"] == 5
    assert s["runs"] == ({"optimizer": "sgd", "lr": 0.3, "schedule": "constant", "batch_size": 32},)


rows = st.fixed_dictionaries({
    "optimizer": st.sampled_from(list(OPTIMIZERS)),
    "lr": st.floats(MIN_LR, MAX_LR),
    "schedule": st.sampled_from(list(SCHEDULE_TITLES)),
    "batch_size": st.integers(1, TrainSetup("moons").n_train),
})


@settings(max_examples=60, deadline=None)
@given(dataset=st.sampled_from(list(DATASETS)), width=st.sampled_from(WIDTHS), depth=st.sampled_from(DEPTHS),
       epochs=st.integers(*EPOCHS), seed=st.integers(*SEEDS), runs=st.lists(rows, min_size=1, max_size=MAX_RUNS),
       rt=st.tuples(st.sampled_from(list(OPTIMIZERS)), st.floats(MIN_LR, MAX_LR / 2), st.integers(*RANGE_TEST_ITERS)))
def test_any_settings_the_controls_can_hold_round_trip(dataset, width, depth, epochs, seed, runs, rt):
    s = {"dataset": dataset, "width": width, "depth": depth, "epochs": epochs, "seed": seed, "runs": tuple(runs),
         "tab": "range-test", "rt_opt": rt[0], "rt_from": rt[1], "rt_to": rt[1] * 2, "rt_iters": rt[2]}
    assert read_training_query(training_lab_query(s)) == (s, [])


def test_a_row_being_typed_is_left_out_of_the_link():
    s = preset_settings("sgd-vs-adam") | {"runs": ({"optimizer": "adam", "lr": 0.01, "schedule": "constant",
                                                    "batch_size": 32}, {"optimizer": None, "lr": None})}
    assert training_lab_query(s)["runs"] == "adam:0.01"


@pytest.mark.parametrize("query, kept, note", [
    ({"dataset": "<b>x</b>"}, {}, "names a dataset the lab does not have"),
    ({"width": "100"}, {"width": 128}, "is not one of the lab's (8, 16, 32, 64, 128): using 128"),
    ({"width": "abc"}, {}, "number of hidden units is not a number"),
    ({"depth": "7"}, {"depth": 2}, "is outside 1 to 2: using 2"),
    ({"epochs": "1e9"}, {"epochs": 60}, "is outside 1 to 60: using 60"),
    ({"epochs": "2.5"}, {"epochs": 2}, "is not a whole number: using 2"),
    ({"seed": "-3"}, {"seed": 0}, "is outside 0 to 10,000: using 0"),
    ({"seed": "nan"}, {}, "seed is not a number"),
    ({"tab": "secret"}, {}, "names a tab the lab does not have"),
    ({"rt_opt": "evil"}, {}, "names a range-test optimizer the lab does not have"),
    ({"rt_from": "-1"}, {}, "start rate (-1) is outside 1e-12 to 1,000"),
    ({"rt_from": "1", "rt_to": "0.1"}, {}, "starts at a rate no lower than it ends"),
    ({"rt_iters": "5"}, {"rt_iters": 20}, "is outside 20 to 1,000: using 20"),
    ({"preset": "zzz<b>"}, {}, "names a preset the Training lab does not have"),
])
def test_a_bad_value_is_one_note_and_clamped_or_left_out(query, kept, note):
    s, notes = read_training_query(query)
    assert s == kept
    assert len(notes) == 1 and note in notes[0], notes


@pytest.mark.parametrize("runs, note", [
    ("evil:0.1", "Run 1 of the link names an optimizer the lab does not have"),
    ("sgd:-0.1", "Run 1 of the link has a learning rate that is not a number from 1e-12 to 1,000"),
    ("sgd:1e999", "learning rate that is not a number"),
    ("sgd:0", "learning rate that is not a number"),
    ("sgd:0.1:sometimes", "names a schedule the lab does not have"),
    ("sgd:0.1:constant:0", "batch size that is not a whole number of at least 1"),
    ("sgd:0.1:constant:2.5", "batch size that is not a whole number of at least 1"),
    ("sgd", "is not optimizer:rate[:schedule[:batch size]]"),
    ("sgd:1:constant:32:extra", "is not optimizer:rate[:schedule[:batch size]]"),
])
def test_a_run_the_table_could_not_hold_is_left_out_with_a_note(runs, note):
    s, notes = read_training_query({"runs": f"adam:0.01,{runs}"})
    assert s["runs"] == ({"optimizer": "adam", "lr": 0.01, "schedule": "constant", "batch_size": 32},)
    assert len(notes) == 1 and note in notes[0].replace("Run 2", "Run 1"), notes


def test_a_batch_past_the_training_set_is_clamped_to_it():
    s, notes = read_training_query({"dataset": "moons", "runs": "sgd:0.1:constant:100000"})
    assert s["runs"][0]["batch_size"] == TrainSetup("moons").n_train == 600
    assert notes == ["Run 1 of the link has a batch size of 100000, more than the training set's 600 samples: "
                     "using 600."]


def test_ten_thousand_runs_keep_the_first_eight():
    s, notes = read_training_query({"runs": ",".join(f"sgd:{i + 1}" for i in range(10_000))})
    assert [r["lr"] for r in s["runs"]] == [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0]
    assert notes == ["The link names 10,000 runs; the lab trains at most 8 side by side: the first 8 are kept."]
    s, notes = read_training_query({"runs": "sgd:0.1," * 2_000_000})  # 16 MB: counted, not split
    assert len(s["runs"]) == MAX_RUNS and "2,000,000 runs" in notes[0]


def test_no_run_left_keeps_the_table():
    s, notes = read_training_query({"runs": "evil:1,,"})
    assert "runs" not in s
    assert notes[-1] == "The link's runs table has no run the lab can train: the table is left as it was."


def test_a_linked_comparison_over_the_ceiling_is_refused_as_a_typed_one():
    # 8 runs of batch 1 for 60 epochs on digits: valid values, far over the training ceiling
    s, notes = read_training_query({"epochs": "60", "runs": ",".join(["sgd:0.01:constant:1"] * 8)})
    assert notes == [] and len(s["runs"]) == 8  # the link does not drop what the page refuses
    setup = TrainSetup("digits", (64,), s["epochs"])
    with pytest.raises(ValueError, match="the limit is"):
        check_request(setup, configs_from_rows(s["runs"]))


hostile = hostile_values("-1e308", "inf", "0x10", ",,,,", ":::", "sgd:1e-400", "adam:1:cosine:1e30",
                         "sgd:0.1:" + "x" * 500)


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.sampled_from(TRAINING_QUERY_KEYS), hostile))
def test_any_query_gives_settings_the_controls_take_and_notes_never_errors(query):
    s, notes = read_training_query(query)
    assert_plain_notes(notes)
    assert s.get("dataset", "digits") in DATASETS and s.get("width", 8) in WIDTHS and s.get("depth", 1) in DEPTHS
    assert EPOCHS[0] <= s.get("epochs", 1) <= EPOCHS[1] and SEEDS[0] <= s.get("seed", 0) <= SEEDS[1]
    assert s.get("tab", "compare") in TABS and s.get("rt_opt", "sgd") in OPTIMIZERS
    assert RANGE_TEST_ITERS[0] <= s.get("rt_iters", 20) <= RANGE_TEST_ITERS[1]
    assert all(MIN_LR <= s[k] <= MAX_LR for k in ("rt_from", "rt_to") if k in s)
    assert 1 <= len(s.get("runs", [1])) <= MAX_RUNS
    for r in s.get("runs", ()):
        assert r["optimizer"] in OPTIMIZERS and MIN_LR <= r["lr"] <= MAX_LR and r["schedule"] in SCHEDULE_TITLES
        assert isinstance(r["batch_size"], int) and r["batch_size"] >= 1
    assert set(s) <= set(TRAINING_QUERY_KEYS) and set(RANGE_TEST_DEFAULTS) <= set(TRAINING_QUERY_KEYS)


def test_a_rate_typed_as_text_is_read_as_the_number_it_spells():
    row = {"optimizer": "adam", "lr": " 1e-3 ", "schedule": "constant", "batch_size": 32}
    assert row_rate(row) == 0.001 and run_text(row) == "adam:0.001"
    (config,) = configs_from_rows([row])
    assert config.lr == 0.001 and config.label == "Adam lr=0.001"
    assert row_rate(row | {"lr": 0.05}) == 0.05  # a link's or a preset's number
    for odd in ("abc", "", "  ", None, "nan", "1e400", True):
        assert row_rate(row | {"lr": odd}) is None, odd
        assert run_text(row | {"lr": odd}) is None  # a row the link leaves out, as one being typed
