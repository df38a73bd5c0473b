"""engine.run_summaries: the labs' results in a sentence, in the words and rounding their tables use."""

from __future__ import annotations

import doctest

import engine.run_summaries
from engine.optim.run import run_many
from engine.optim.schedules import ScheduleSpec
from engine.optim.surfaces import get_surface
from engine.content.lab_runs import lab_configs
from engine.run_summaries import diverged_text, optimizer_runs


def test_the_examples_hold():
    assert doctest.testmod(engine.run_summaries).failed == 0


def test_a_divergence_says_the_step_that_left_the_range_and_the_last_one_drawn():
    assert diverged_text(1) == "at its first step"
    assert diverged_text(15) == "at step 15 (plotted up to step 14)"


def test_real_runs_are_each_said_once_with_their_outcome():
    surface = get_surface("quadratic")
    configs = lab_configs(["sgd", "adam"], [0.01, 3.0], {}, ScheduleSpec(), tuple(surface.start))
    results = run_many(surface, list(configs), 100, seed=0)
    said = optimizer_runs([c.label for c in configs], results)
    for c, r in zip(configs, results):
        assert said.count(f"{c.label}: ") == 1
        assert (f"{c.label}: diverged" in said) == bool(r.diverged_at)
    assert "diverged" in said and "inf" not in said.lower()
