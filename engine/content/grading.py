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

A derivation left half done (an interview whose time ran out) is graded with
``missing_is_wrong=True``: a step or result left blank, or one that cannot be read, counts as
wrong (score 0) and the others keep their credit, as they would in Practice; the feedback names
what was missing. Practice itself never needs it: its form refuses an incomplete derivation.
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
from engine.content.answers import is_answered, numeric_key
from engine.content.numbers import read_number
from engine.labels import and_list
from engine.text import number
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
            x = read_number(response, q.answer.unit, whole=q.answer.whole)
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
        if q.answer.whole and not x.is_integer():
            raise ValueError(f"the question asks for a whole number, and {number(x)} is not one")
    a = q.answer
    if numeric_matches(x, a.value, a.abs_tol, a.rel_tol):
        if math.isclose(x, a.value, rel_tol=1e-9, abs_tol=1e-12):
            return Grade(True, 1.0, f"Correct: {numeric_key(a)}.")
        # "Correct: 120." under a typed 150 read as a contradiction: say both, and the slack allowed
        tol = max(a.abs_tol or 0.0, (a.rel_tol or 0.0) * abs(a.value))
        return Grade(True, 1.0, f"Correct: {with_unit(x, a.unit)} is within {with_unit(f'{tol:.3g}', a.unit)} of "
                                f"the answer, {numeric_key(a)}.")
    return Grade(False, 0.0, f"Not quite: the answer is {numeric_key(a)}, you gave {with_unit(x, a.unit)}.")


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


def grade_derivation(q: Any, response: dict[str, Any], missing_is_wrong: bool = False) -> StepGrade:
    """Grade each step by its own type's rule and the final answer by the question's (module doc).

    Parameters
    ----------
    q : Question
        A question with ``steps``.
    response : dict
        ``{"steps": [...], "final": ...}``.
    missing_is_wrong : bool
        False (Practice): a blank or unreadable part raises ``ValueError``. True (an interview's
        saved answer, which may stop half way): such a part scores 0, the others keep their credit,
        and the feedback says which parts were not answered or could not be read.
    """
    if not isinstance(response, dict) or not isinstance(response.get("steps"), list):
        raise ValueError("answer every step of the derivation")
    steps = list(response["steps"])
    if len(steps) != len(q.steps):
        if not (missing_is_wrong and len(steps) < len(q.steps)):
            raise ValueError(f"answer each of the {len(q.steps)} steps")
        steps += [None] * (len(q.steps) - len(steps))  # saved before the later steps were drawn
    missing: list[str] = []
    unreadable: list[str] = []

    def one(rule: Callable[[Any, Any], Grade], item: Any, r: Any, name: str) -> Grade:
        if missing_is_wrong and not is_answered(r):
            missing.append(name)
            return Grade(False, 0.0, "Not answered.")
        try:
            return rule(item, r)
        except ValueError as exc:
            if not missing_is_wrong:
                raise ValueError(f"{name}: {exc}") from None
            unreadable.append(f"{name} ({exc})")
            return Grade(False, 0.0, f"Could not be read: {exc}.")

    graded = [one(GRADERS[step.type], step, r, f"step {i}")
              for i, (step, r) in enumerate(zip(q.steps, steps), start=1)]
    left = len(missing) + len(unreadable)
    # Practice's message says "final answer"; the interview's form labels the same box "Result"
    final = one(GRADERS[q.type], q, response.get("final"), "the result" if missing_is_wrong else "final answer")
    final_left = len(missing) + len(unreadable) > left  # blank or unreadable: named below, not "wrong"
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
        feedback = f"{lead}: {steps_text}"
        if not final_left:
            feedback += f"; the final answer is {'right' if final.correct else 'wrong'}"
        if missing:
            feedback += f"; not answered: {and_list(missing)}"
        if unreadable:
            feedback += f"; could not be read: {and_list(unreadable)}"
        feedback += "."
    return StepGrade(correct, round(score, 4), feedback, tuple(graded), final)


def grade(question: Any, response: Any, missing_is_wrong: bool = False) -> Grade:
    """Grade ``response`` against ``question`` with the rule for its type (see module doc).

    ``missing_is_wrong`` applies to derivations (see :func:`grade_derivation`): an interview
    passes True, so steps left blank when time ran out score 0 and the rest keep their credit.
    """
    if getattr(question, "steps", None):
        return grade_derivation(question, response, missing_is_wrong)
    return GRADERS[question.type](question, response)
