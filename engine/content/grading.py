"""Grading a response to a question, one rule per question type.

Every grader returns a :class:`Grade`: ``correct`` (all or nothing), ``score`` in [0, 1]
(partial credit), and a one-line ``feedback``. Graders never raise on a well-typed response;
a response of the wrong shape raises ``ValueError`` with a sentence for the user.

Rules
-----
single_choice
    Correct iff the chosen text is the answer. Score 1 or 0.
multi_choice
    Correct iff the chosen set equals the answer set. Score = (right picks - wrong picks) /
    number of right answers, floored at 0, so ticking every box earns nothing.
numeric
    Correct iff |x - value| <= abs_tol or |x - value| <= rel_tol * |value| (either tolerance
    suffices, as in ``math.isclose``). Score 1 or 0.
ordering
    Correct iff the order is exactly right. Score = the fraction of adjacent pairs kept in
    the right relative order (Kendall-style), so one swap of neighbours scores high while a
    reversed list scores 0.
free_text
    The key points the answer covered, as finally ticked by the candidate (usually the offline
    judge's suggestion, :mod:`engine.judge`, corrected where the candidate disagrees: their
    word is final). Score = the fraction covered; correct iff at least ``FREE_TEXT_PASS`` of the
    points are covered and none is left marked ``contradicted`` (the answer said the opposite
    and the candidate did not overrule it by ticking the point).

A derivation (a question with ``steps``) is answered step by step: the response is
``{"steps": [one response per step], "final": the response to the question itself}``. Each
step is graded by the rule of its own type and the final answer by the question's; the score
is the mean of those scores (partial credit per step), and the derivation is correct iff
every step and the final answer are.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from itertools import combinations
from typing import Any

from engine.content.schema import (
    FreeTextQuestion,
    MultiChoiceQuestion,
    NumericQuestion,
    OrderingQuestion,
    SingleChoiceQuestion,
)
from engine.content.numbers import read_number
from engine.units import with_unit

#: share of key points a free-text answer must cover to count as correct
FREE_TEXT_PASS = 0.7


@dataclass(frozen=True)
class Grade:
    correct: bool
    score: float
    feedback: str

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def grade_single(q: SingleChoiceQuestion, response: str) -> Grade:
    if not isinstance(response, str) or response not in q.choices:
        raise ValueError("choose one of the options")
    if response == q.answer:
        return Grade(True, 1.0, "Correct.")
    return Grade(False, 0.0, f"Not quite: the answer is \u201c{q.answer}\u201d.")


def grade_multi(q: MultiChoiceQuestion, response: Sequence[str]) -> Grade:
    picked = set(response)
    if not picked:
        raise ValueError("tick at least one option")
    unknown = picked - set(q.choices)
    if unknown:
        raise ValueError(f"not an option: {sorted(unknown)[0]}")
    right = set(q.answer)
    hits, wrong = len(picked & right), len(picked - right)
    score = max(0.0, (hits - wrong) / len(right))
    if picked == right:
        return Grade(True, 1.0, "Correct: you found every right option and nothing else.")
    missed = len(right - picked)
    parts = []
    if hits:
        parts.append(f"{hits} of {len(right)} right options found")
    if missed:
        parts.append(f"{missed} missed")
    if wrong:
        parts.append(f"{wrong} wrong option{'s' if wrong > 1 else ''} ticked")
    # "Partly right" only with credit: as many wrong ticks as right ones earn 0, and the verdict
    # (a red box, "Wrong" in Progress) must not call it partly right
    return Grade(False, round(score, 4), ("Partly right: " if score > 0 else "Not quite: ") + ", ".join(parts) + ".")


def numeric_matches(value: float, target: float, abs_tol: float | None, rel_tol: float | None) -> bool:
    """True when ``value`` is within either tolerance of ``target``."""
    if not math.isfinite(value):
        return False
    # A hair of slack so a boundary value typed in decimal (0.0165 vs 0.015 +- 10%) is not
    # rejected by binary rounding of the difference.
    diff = abs(value - target) * (1 - 1e-12)
    return (abs_tol is not None and diff <= abs_tol) or (
        rel_tol is not None and diff <= rel_tol * abs(target)
    )


def grade_numeric(q: NumericQuestion, response: float) -> Grade:
    if q.answer.value is None:
        raise ValueError("this question is generated: draw an instance of it before grading")
    if isinstance(response, str):  # typed text (an interview's box, a derivation's step): one rule
        try:
            x = read_number(response)
        except ValueError as exc:  # a clause like this module's others ("step 2: ..."), not a sentence
            reason = str(exc).rstrip(".")
            raise ValueError(reason[:1].lower() + reason[1:]) from None
    else:
        try:
            x = float(response)
        except (TypeError, ValueError):
            raise ValueError("enter a number") from None
        if not math.isfinite(x):
            raise ValueError("enter a finite number")
    a = q.answer
    if numeric_matches(x, a.value, a.abs_tol, a.rel_tol):
        return Grade(True, 1.0, f"Correct: {with_unit(a.value, a.unit)}.")
    return Grade(False, 0.0, f"Not quite: the answer is {with_unit(a.value, a.unit)}, you gave {with_unit(x, a.unit)}.")


def pairs_in_order(order: Sequence[str], answer: Sequence[str]) -> tuple[int, int]:
    """How many pairs of ``order`` stand in ``answer``'s relative order, of how many pairs."""
    rank = {item: i for i, item in enumerate(answer)}
    pairs = list(combinations(order, 2))
    return sum(rank[a] < rank[b] for a, b in pairs), len(pairs)


def grade_ordering(q: OrderingQuestion, response: Sequence[str]) -> Grade:
    order = list(response)
    if sorted(order) != sorted(q.answer):
        raise ValueError("give every step exactly one position")
    kept, n_pairs = pairs_in_order(order, q.answer)
    score = kept / n_pairs
    if order == list(q.answer):
        return Grade(True, 1.0, "Correct: every step is in place.")
    in_place = sum(a == b for a, b in zip(order, q.answer))
    placed = f"{in_place} of {len(order)} steps in the right position"
    if score > 0:  # the credit is stated in the verdict, never a bare "Not quite"
        return Grade(False, round(score, 4), f"Partly right: {score:.0%}. {placed}, {kept} of {n_pairs} pairs "
                     "in the right order.")
    return Grade(False, 0.0, f"Not quite: {placed}.")


def grade_free_text(q: FreeTextQuestion, response: dict[str, Any]) -> Grade:
    covered = response.get("covered", []) if isinstance(response, dict) else None
    if covered is None:
        raise ValueError("tick the key points your answer covered")
    valid = [c for c in covered if c in q.key_points]
    if len(valid) != len(set(covered)):
        raise ValueError("tick only the listed key points")
    against = response.get("contradicted") or []
    if any(c not in q.key_points for c in against):
        raise ValueError("only listed key points can be contradicted")
    # a point the candidate ticked is covered, whatever the judge thought
    against = [c for c in q.key_points if c in against and c not in valid]
    score = len(set(valid)) / len(q.key_points)
    n, total = len(set(valid)), len(q.key_points)
    if against:
        said = "; ".join(f"\u201c{c}\u201d" for c in against)
        return Grade(False, round(score, 4),
                     f"You covered {n} of {total} key points, but your answer says the opposite of {said}.")
    if score >= FREE_TEXT_PASS:
        return Grade(True, round(score, 4), f"Good: you covered {n} of {total} key points.")
    return Grade(False, round(score, 4), f"You covered {n} of {total} key points; review the rest.")


GRADERS: dict[str, Callable[[Any, Any], Grade]] = {
    "single_choice": grade_single,
    "multi_choice": grade_multi,
    "numeric": grade_numeric,
    "ordering": grade_ordering,
    "free_text": grade_free_text,
}


@dataclass(frozen=True)
class StepGrade(Grade):
    """A derivation's grade, with the grade of each step and of the final answer."""

    steps: tuple[Grade, ...] = ()
    final: Grade | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"correct": self.correct, "score": self.score, "feedback": self.feedback,
                "steps": [g.to_dict() for g in self.steps], "final": self.final.to_dict() if self.final else None}


def grade_derivation(q: Any, response: dict[str, Any]) -> StepGrade:
    """Grade each step by its own type's rule and the final answer by the question's (module doc)."""
    if not isinstance(response, dict) or not isinstance(response.get("steps"), list):
        raise ValueError("answer every step of the derivation")
    if len(response["steps"]) != len(q.steps):
        raise ValueError(f"answer each of the {len(q.steps)} steps")
    graded = []
    for i, (step, r) in enumerate(zip(q.steps, response["steps"]), start=1):
        try:
            graded.append(GRADERS[step.type](step, r))
        except ValueError as exc:
            raise ValueError(f"step {i}: {exc}") from None
    try:
        final = GRADERS[q.type](q, response.get("final"))
    except ValueError as exc:
        raise ValueError(f"final answer: {exc}") from None
    parts = [*graded, final]
    score = sum(g.score for g in parts) / len(parts)
    right = [i for i, g in enumerate(graded, start=1) if g.correct]
    correct = len(right) == len(graded) and final.correct
    if correct:
        feedback = f"Correct: all {len(graded)} steps and the final answer."
    else:
        steps_text = (f"{len(right)} of {len(graded)} steps right" +
                      (f" (step {', '.join(str(i) for i in right)})" if right and len(right) < len(graded) else ""))
        lead = "Partly right" if score > 0 else "Not quite"
        feedback = f"{lead}: {steps_text}; the final answer is {'right' if final.correct else 'wrong'}."
    return StepGrade(correct, round(score, 4), feedback, tuple(graded), final)


def grade(question: Any, response: Any) -> Grade:
    """Grade ``response`` against ``question`` with the rule for its type (see module doc)."""
    if getattr(question, "steps", None):
        return grade_derivation(question, response)
    return GRADERS[question.type](question, response)
