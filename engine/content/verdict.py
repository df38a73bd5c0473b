"""Does reality agree with a question's stored answer?

:func:`reality_answer` turns a measurement into the answer reality gives in the question's
own terms (a choice, a set of choices, a number, an order); :func:`check_question` compares
that with the stored answer. The same function judges a candidate's prediction on the page.

It lives in ``engine.content`` because it judges a bank question: it imports the schema and
the simulator, and the simulator imports nothing from here (content -> sim, one way).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Union

from engine.content.grading import numeric_matches
from engine.content.schema import (
    FreeTextQuestion,
    MultiChoiceQuestion,
    NumericQuestion,
    OrderingQuestion,
    SingleChoiceQuestion,
)
from engine.plain import plain
from engine.sim.scenarios import Measurement, run_scenario

#: a bank question; only those with a ``simulation`` can be checked (a free-text one never can)
AnyQuestion = Union[
    SingleChoiceQuestion, MultiChoiceQuestion, NumericQuestion, OrderingQuestion, FreeTextQuestion
]


@dataclass(frozen=True)
class Verdict:
    question_id: str
    metric: str
    measured: Any
    reality: Any  # the answer reality gives, in the question's terms
    agrees: bool
    detail: str

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.question_id, "metric": self.metric, "measured": plain(self.measured),
                "reality": plain(self.reality), "agrees": self.agrees, "detail": self.detail}


def _same(expected: Any, measured: Any, abs_tol: float | None, rel_tol: float | None) -> bool:
    if isinstance(expected, bool) or isinstance(measured, bool) or isinstance(expected, str) or isinstance(measured, str):
        return expected == measured
    if isinstance(expected, (int, float)) and isinstance(measured, (int, float)):
        if abs_tol is None and rel_tol is None:
            return float(expected) == float(measured)
        return numeric_matches(float(measured), float(expected), abs_tol, rel_tol)
    return expected == measured


def _by_label(question: AnyQuestion, measured: Any) -> Any:
    """Reality's answer when the choices (or items) are run labels and ``expect`` is left out:
    the measurement names runs itself (a label, a list of labels, or a ranking)."""
    if question.type == "single_choice":
        if isinstance(measured, list):
            return measured[0] if len(measured) == 1 else None
        return measured if measured in question.choices else None
    if question.type == "multi_choice":
        values = measured if isinstance(measured, list) else [measured]
        return sorted(c for c in question.choices if c in values)
    if question.type == "ordering":
        if not isinstance(measured, list):
            raise ValueError(f"'{question.simulation.check.metric}' is not a ranking")
        return [label for label in measured if label in question.items]
    raise ValueError(f"a {question.type} question cannot be checked by a simulation")


def reality_answer(question: AnyQuestion, m: Measurement) -> tuple[Any, Any]:
    """(measured value, reality's answer in the question's terms)."""
    check = question.simulation.check
    measured = m.get(check.metric)
    if check.expect is None and question.type != "numeric":
        return measured, _by_label(question, measured)
    expect = check.expect or {}
    if question.type == "numeric":
        return measured, measured
    if question.type == "single_choice":
        hits = [c for c in question.choices if _same(expect[c], measured, check.abs_tol, check.rel_tol)]
        return measured, hits[0] if len(hits) == 1 else None
    if question.type == "multi_choice":
        values = measured if isinstance(measured, list) else [measured]
        return measured, sorted(c for c in question.choices if expect[c] in values or expect[c] is True and measured is True)
    if question.type == "ordering":
        if not isinstance(measured, list):
            raise ValueError(f"'{check.metric}' is not a ranking")
        pos = {label: i for i, label in enumerate(measured)}
        return measured, sorted(question.items, key=lambda item: pos.get(expect[item], len(pos)))
    raise ValueError(f"a {question.type} question cannot be checked by a simulation")


def agrees_with(question: AnyQuestion, reality: Any, measured: Any, answer: Any) -> bool:
    """Whether ``answer`` (stored or predicted) matches what reality gave."""
    check = question.simulation.check
    if question.type == "numeric":
        if measured is None:
            return False
        a = question.answer
        abs_tol = check.abs_tol if (check.abs_tol is not None or check.rel_tol is not None) else a.abs_tol
        rel_tol = check.rel_tol if (check.abs_tol is not None or check.rel_tol is not None) else a.rel_tol
        return numeric_matches(float(measured), float(answer), abs_tol, rel_tol)
    if question.type == "multi_choice":
        return sorted(answer) == reality
    return answer == reality


def check_question(question: AnyQuestion, measurement: Measurement | None = None) -> Verdict:
    """Run (or reuse) the question's scenario and compare reality with the stored answer."""
    sim = question.simulation
    m = measurement or run_scenario(sim.scenario, sim.params)
    measured, reality = reality_answer(question, m)
    stored = question.answer.value if question.type == "numeric" else question.answer
    ok = agrees_with(question, reality, measured, stored)
    if question.type == "numeric":
        detail = f"measured {measured:.6g}, stored {stored:g}" if measured is not None else "nothing measured"
    elif reality is None:
        detail = f"measured {measured!r}, which matches none (or several) of the choices"
    else:
        detail = f"measured {measured!r} -> {reality!r}"
    return Verdict(question.id, sim.check.metric, measured, reality, ok, detail)
