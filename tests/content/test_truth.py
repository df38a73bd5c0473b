"""The truth test: every simulation-backed question's stored answer agrees with the engine."""

from __future__ import annotations

import pytest

from engine.content.loader import load_library
from engine.sim.verdict import check_question
from tests.conftest import ROOT

SIMULATED = [q for q in load_library([ROOT / "content"]).questions if q.simulation is not None]


@pytest.mark.parametrize("q", SIMULATED, ids=lambda q: q.id)
def test_reality_agrees_with_the_stored_answer(q):
    verdict = check_question(q)
    assert verdict.agrees, f"{q.id}: {verdict.detail}"
