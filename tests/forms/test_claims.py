"""validate --run's check of a generated question: its seeds, and every combination of its ranges' ends."""

from __future__ import annotations

from engine.content.loader import load_text
from engine.forms.claims import check_generated
from engine.forms.template import extremes

BANK = """bank: edge
title: Edge
questions:
  - id: edge-split
    type: numeric
    difficulty: easy
    topics: [cross-validation]
    roles: [data-scientist]
    prompt: KFold with k = {k} splits {n} samples. How many samples does the first validation fold hold?
    variables:
      n: {low: 3, high: 12, step: 1}
      k: {low: 2, high: K_HIGH, step: 1}
    compute: {fn: split_sizes, args: {n: $n, k: $k}}
    answer: {abs_tol: 0}
    explanation: The first n mod k folds get one extra sample; here {answer}.
    model_answer: "{answer}"
    key_points: [Folds differ by at most one sample]
    common_mistakes: [Rounding down for every fold]
    follow_ups: [And StratifiedKFold?]
"""


def question(k_high: int):
    bank, errors = load_text(BANK.replace("K_HIGH", str(k_high)), "edge.yaml")
    assert not errors, errors
    return bank.bank.questions[0]


def test_a_variant_that_cannot_be_computed_is_found_at_the_ends_of_the_ranges():
    """The authors' audit: five seeds passed a question whose k could exceed n; 28 of its 90
    variants could not be prepared, and Practice said so to the learner who drew one."""
    verdict = check_generated(question(10), seeds=(0,))  # a seed whose variant computes
    assert not verdict.agrees
    assert verdict.detail.startswith("values n = 3, k = 10: the computation fails")
    # a seed whose own variant cannot be prepared is said as such (it raised out of the check)
    assert check_generated(question(10), seeds=(1,)).detail.startswith("seed 1: the question cannot be prepared")
    assert check_generated(question(3)).agrees  # k never above n: every variant computes


def test_the_ends_of_a_range_are_values_a_draw_can_give():
    from engine.content.form_blocks import Variable

    assert extremes(Variable(low=3, high=12, step=1)) == [3, 12]
    assert extremes(Variable(low=0.1, high=1.0, step=0.25)) == [0.1, 0.85]  # the grid's last point
    assert extremes(Variable(low=1e-4, high=1e-1, log=True, digits=2)) == [1e-4, 0.1]
    assert extremes(Variable(choices=[0.01, 0.1, 0.01])) == [0.01, 0.1]
