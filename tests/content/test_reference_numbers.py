"""Numeric answers that no simulation proves, computed again by the library or formula their
prompts name (torch.optim and its schedulers, scikit-learn, scipy, or the arithmetic the prompt
sets out), so that a stored number does not stand on the word of whoever typed it.

The checks live in :mod:`tests.content.reference_numbers`, one module per group of banks; a bank a
module names must have a check for every numeric question without a simulation, so a question
added to it later cannot go unchecked. The computed number, typed in as a candidate would, must
grade right: the stored answer is then within its own tolerance of it.
"""

from __future__ import annotations

import importlib
import pkgutil

import pytest

from engine.content.grading import grade
from engine.content.loader import load_library
from tests.conftest import ROOT
from tests.content import reference_numbers

LIB = load_library([ROOT / "content"])
MODULES = [importlib.import_module(f"{reference_numbers.__name__}.{m.name}")
           for m in pkgutil.iter_modules(reference_numbers.__path__) if not m.name.startswith("_")]
CHECKS = {qid: check for module in MODULES for qid, check in module.CHECKS.items()}


def needs_check(q) -> bool:
    """A numeric question whose answer is typed in the bank: not measured by a simulation, not
    drawn by a generator, not a derivation's steps."""
    return (q.type == "numeric" and q.simulation is None and q.answer.value is not None
            and not getattr(q, "steps", None))


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.__name__.rsplit(".", 1)[-1])
def test_every_typed_number_of_a_checked_bank_has_its_check(module):
    typed = {q.id for q in LIB.questions if needs_check(q) and LIB.bank_of(q.id).bank in module.BANKS}
    assert typed == set(module.CHECKS)


def test_a_bank_is_checked_in_one_module_and_every_check_is_of_a_question():
    banks = [bank for module in MODULES for bank in module.BANKS]
    assert len(banks) == len(set(banks))
    assert sum(len(module.CHECKS) for module in MODULES) == len(CHECKS)  # no id checked twice
    assert all(LIB.question(qid) is not None for qid in CHECKS)


@pytest.mark.parametrize("qid", sorted(CHECKS))
def test_the_stored_answer_is_what_the_reference_computes(qid):
    q = LIB.question(qid)
    computed = CHECKS[qid]()
    assert grade(q, computed).correct, (qid, q.answer.value, computed)
