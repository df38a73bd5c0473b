"""The Optimizer lab's runs: every optimiser at every rate, or a link's own pairs."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from engine.content.labs import LAB_MAX_RUNS
from engine.content.lab_runs import lab_configs, lab_pairs
from engine.optim.optimizers import OPTIMIZERS
from engine.optim.schedules import ScheduleSpec

NAMES = list(OPTIMIZERS)
RATES = [0.001, 0.01, 0.1, 0.5]


@given(st.lists(st.sampled_from(NAMES), min_size=1, max_size=4, unique=True),
       st.lists(st.sampled_from(RATES), min_size=1, max_size=4, unique=True),
       st.sets(st.tuples(st.sampled_from(NAMES), st.sampled_from(RATES)), max_size=8))
def test_a_pair_is_left_out_only_when_the_link_named_its_optimizer_and_its_rate_apart(optimizers, lrs, only):
    runs = lab_pairs(optimizers, lrs, only)
    every = list(itertools.product(optimizers, lrs))
    assert runs == [p for p in every if p in runs]  # the sidebar's order, each once
    named, rated = {n for n, _ in only}, {lr for _, lr in only}
    for name, lr in every:
        left_out = (name, lr) not in runs
        assert left_out == (name in named and lr in rated and (name, lr) not in only)
    assert lab_pairs(optimizers, lrs, None) == every == lab_pairs(optimizers, lrs, set())


def test_the_runs_carry_their_optimizers_own_hyperparameters_and_labels():
    hyper = {"momentum": 0.8, "beta1": 0.85, "beta2": 0.99, "alpha": 0.9}
    configs = lab_configs(["sgd", "momentum", "adam"], [0.01], hyper, ScheduleSpec(), (1.0, 2.0))
    assert [(c.optimizer, dict(c.hyper), c.label) for c in configs] == [
        ("sgd", {}, "SGD"), ("momentum", {"momentum": 0.8}, "SGD + momentum"),
        ("adam", {"beta1": 0.85, "beta2": 0.99}, "Adam")]
    two = lab_configs(["sgd"], [0.01, 0.1], hyper, ScheduleSpec(), (1.0, 2.0))
    assert [c.label for c in two] == ["SGD lr=0.01", "SGD lr=0.1"] and all(c.start == (1.0, 2.0) for c in two)


def test_too_many_runs_or_none_left_is_one_sentence():
    with pytest.raises(ValueError, match=f"at most {LAB_MAX_RUNS} runs at once \\(15 asked: 3 optimizers × 5 "
                                         "rates\\); drop an optimizer or a rate, or use the Learning-rate"):
        lab_configs(NAMES[:3], [0.001 * i for i in range(1, 6)], {}, ScheduleSpec(), (0.0, 0.0))
    with pytest.raises(ValueError, match="no run is left: untick"):
        lab_configs(["sgd"], [0.025], {}, ScheduleSpec(), (0.0, 0.0), only={("sgd", 0.005), ("adam", 0.025)})
