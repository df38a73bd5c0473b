"""The right answer as the verdict writes it."""

from __future__ import annotations

from engine.content.loader import load_text
from ui.question_view import correct_answer

BANK = """
bank: t
title: T
questions:
  - id: {id}
    type: numeric
    difficulty: easy
    topics: [resource-management]
    roles: [manager]
    prompt: How many runs fit in the day?
    answer: {answer}
    explanation: Each GPU fits six whole runs and seven GPUs search, so forty-two runs fit in the day.
    model_answer: Six whole runs on each of seven GPUs, so forty-two configurations in all.
    key_points: [Whole runs per GPU]
    common_mistakes: [Dividing GPU-hours]
    follow_ups: [What would early stopping change?]
"""


def question(answer: str):
    bank, errors = load_text(BANK.format(id="t-count", answer=answer), "t.yaml", trusted=True)
    assert not errors, errors
    return bank.bank.questions[0]


def test_a_count_accepted_only_exactly_says_so():
    assert correct_answer(question("{value: 42, abs_tol: 0, unit: configurations}")) == "42 configurations (exactly)"


def test_a_tolerance_is_written_out():
    assert correct_answer(question("{value: 0.015, abs_tol: 0.001}")) == "0.015 (accepted within \u00b10.001)"
    assert correct_answer(question("{value: 0.015, rel_tol: 0.1}")) == "0.015 (accepted within \u00b110%)"


def test_an_orderings_step_says_where_it_belongs_in_words():
    from ui.question_view import IN_PLACE, _placed

    assert _placed(2, 2) == IN_PLACE
    assert [_placed(1, n).split("belongs ")[1].rstrip("]") for n in (2, 3, 4, 11, 12, 13, 21, 22, 23)] == [
        "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd", "23rd"]
