"""Numeric answers that no simulation proves, computed again by the library or formula their
prompts name (torch.optim and its schedulers, scikit-learn, scipy, or the arithmetic the prompt
sets out), so that a stored number does not stand on the word of whoever typed it.

The checks live in :mod:`tests.content.reference_numbers`, one module per group of banks; a bank a
module names must have a check for every number typed in it (a numeric question without a
simulation or a generator, a derivation's final number and its numeric steps), so a question added
to it later cannot go unchecked. The stored answer must be within its own tolerance of the computed
number, by the rule that grades a candidate's. A module may also hold ``FIGURES``: for a question of
its banks with no typed number (a choice, an ordering, a free-text answer), a function asserting the
figures its text quotes.
"""

from __future__ import annotations

import importlib
import pkgutil

import pytest

from engine.content.grading import numeric_matches
from engine.content.loader import load_library
from tests.conftest import ROOT
from tests.content import reference_numbers

LIB = load_library([ROOT / "content"])
MODULES = [importlib.import_module(f"{reference_numbers.__name__}.{m.name}")
           for m in pkgutil.iter_modules(reference_numbers.__path__) if not m.name.startswith("_")]
CHECKS = {qid: check for module in MODULES for qid, check in module.CHECKS.items()}
FIGURES = {qid: figures for module in MODULES for qid, figures in getattr(module, "FIGURES", {}).items()}


def typed_numbers(q) -> list[str]:
    """The check keys a question needs: its id for its own number (not measured by a simulation,
    not drawn by a generator, not printed by a snippet of code, which ``tests/forms`` runs), and
    ``<id>/step <n>`` for each numeric step of a derivation."""
    keys = []
    if q.type == "numeric" and q.simulation is None and q.answer.value is not None and q.code is None:
        keys.append(q.id)
    keys += [f"{q.id}/step {n}" for n, step in enumerate(getattr(q, "steps", None) or [], 1) if step.type == "numeric"]
    return keys


def stored(key: str):
    """The stored answer a check key names: a question's, or one of its steps'."""
    qid, _, step = key.partition("/step ")
    q = LIB.question(qid)
    return q.answer if not step else q.steps[int(step) - 1].answer


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.__name__.rsplit(".", 1)[-1])
def test_every_typed_number_of_a_checked_bank_has_its_check(module):
    typed = {key for q in LIB.questions if LIB.bank_of(q.id).bank in module.BANKS for key in typed_numbers(q)}
    assert typed == set(module.CHECKS)


def test_every_number_typed_in_the_banks_is_checked_once():
    banks = [bank for module in MODULES for bank in module.BANKS]
    assert len(banks) == len(set(banks))
    assert sum(len(module.CHECKS) for module in MODULES) == len(CHECKS)  # no number checked twice
    assert {key for q in LIB.questions for key in typed_numbers(q)} == set(CHECKS)


@pytest.mark.parametrize("key", sorted(CHECKS))
def test_the_stored_answer_is_what_the_reference_computes(key):
    computed, answer = CHECKS[key](), stored(key)
    # the rule a candidate's typed number meets (grade_numeric, a derivation's steps)
    assert numeric_matches(float(computed), answer.value, answer.abs_tol, answer.rel_tol), (key, answer.value,
                                                                                           computed)


@pytest.mark.parametrize("module", [m for m in MODULES if hasattr(m, "FIGURES")],
                         ids=lambda m: m.__name__.rsplit(".", 1)[-1])
def test_figures_belong_to_questions_of_the_modules_banks_without_a_typed_number(module):
    for qid in module.FIGURES:
        assert LIB.bank_of(qid).bank in module.BANKS and not typed_numbers(LIB.question(qid)), qid


@pytest.mark.parametrize("qid", sorted(FIGURES))
def test_the_figures_a_question_quotes_are_what_the_reference_computes(qid):
    FIGURES[qid]()
