"""The truth test: every simulation-backed question's stored answer agrees with the engine, and a
plot question's figure is drawn from that same run (lettered runs, answer served by letter)."""

from __future__ import annotations

import json
from functools import lru_cache

import pytest

from engine.content.loader import load_library
from engine.forms.claims import check_plot
from engine.sim.scenarios import run_scenario
from engine.content.verdict import check_question
from tests.conftest import ROOT

SIMULATED = [q for q in load_library([ROOT / "content"]).questions if q.simulation is not None]


@lru_cache(maxsize=None)
def _measure(scenario: str, params_json: str):
    # several questions read the same run (a figure asked about twice): run it once
    return run_scenario(scenario, json.loads(params_json))


@pytest.mark.parametrize("q", SIMULATED, ids=lambda q: q.id)
def test_reality_agrees_with_the_stored_answer(q):
    m = _measure(q.simulation.scenario, json.dumps(q.simulation.params, sort_keys=True))
    verdict = check_question(q, m)
    assert verdict.agrees, f"{q.id}: {verdict.detail}"
    if q.figure is not None:
        plot = check_plot(q, m)
        assert plot.agrees, f"{q.id}: {plot.detail}"


def test_there_are_at_least_25_plot_questions():
    assert sum(q.figure is not None for q in SIMULATED) >= 25
