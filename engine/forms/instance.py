"""One instance of a question: what a candidate is shown and what the answer is, for a seed.

:func:`draw` turns a question from a bank into a concrete question of the same model, so the
answer widgets, the grading and the feedback work on it unchanged:

- a generated question gets its variables drawn from the seed, its texts filled and its
  numeric answers computed by the reference library;
- a plot question gets its simulation run (through ``measure``, so a page can cache it) and
  its figure data; with neutral labels the runs become letters shuffled by the seed, and
  choices, items, answers and ``{label}`` placeholders follow;
- code and derivation steps are carried along as they are.

A plain question's instance is the question itself, whatever the seed.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from engine.forms import forms_of
from engine.forms.plot import PlotData, build_plot, letters_for, run_labels
from engine.forms.reference import REFERENCE, compute
from engine.forms.template import PLACEHOLDER, bind_args, draw_values, fill

Measure = Callable[[Any], Any]


def run_simulation(simulation: Any) -> Any:
    """The default ``measure``: run the scenario (no cache)."""
    from engine.sim.scenarios import run_scenario

    return run_scenario(simulation.scenario, simulation.params)


@dataclass(frozen=True)
class Instance:
    """A concrete question plus what was drawn to make it."""

    question: Any
    seed: int
    values: dict[str, Any] = field(default_factory=dict)
    outputs: dict[str, float] = field(default_factory=dict)
    #: run label -> letter shown (neutral-labelled plots)
    letters: dict[str, str] = field(default_factory=dict)
    plot: PlotData | None = None

    @property
    def forms(self) -> list[str]:
        return forms_of(self.question)

    def to_dict(self) -> dict[str, Any]:
        """What ``python -m engine draw`` prints: the prompt, what to choose from, the answer."""
        q = self.question
        out: dict[str, Any] = {"id": q.id, "seed": self.seed, "type": q.type, "forms": self.forms,
                               "prompt": q.prompt}
        if q.type in ("single_choice", "multi_choice"):
            out["choices"] = list(q.choices)
        if q.type == "ordering":
            out["items"] = list(q.items)
        if q.code is not None:
            out["code"] = q.code.source
        if q.steps:
            out["steps"] = [{"prompt": s.prompt, **({"choices": list(s.choices)} if s.type == "single_choice" else {}),
                             "answer": _answer_of(s)} for s in q.steps]
        out["answer"] = _answer_of(q)
        if self.values:
            out["values"] = self.values
        if self.outputs:
            out["outputs"] = self.outputs
            out["computed_by"] = REFERENCE[q.compute.fn].runs if q.compute else None
        if self.letters:
            out["letters"] = {letter: label for label, letter in sorted(self.letters.items(), key=lambda kv: kv[1])}
        if self.plot is not None:
            out["figure"] = {"view": self.plot.view, "series": self.plot.names}
        return out


def _answer_of(q: Any) -> Any:
    if q.type == "numeric":
        a = q.answer
        return {k: v for k, v in (("value", a.value), ("abs_tol", a.abs_tol), ("rel_tol", a.rel_tol),
                                  ("unit", a.unit)) if v is not None}
    if q.type == "free_text":
        return {"key_points": list(q.key_points)}
    return q.answer if isinstance(q.answer, str) else list(q.answer)


def draw(question: Any, seed: int = 0, measure: Measure | None = None,
         compute_with: Callable[[str, dict[str, Any]], dict[str, float]] = compute) -> Instance:
    """The instance of ``question`` for ``seed`` (see the module docstring).

    ``measure`` makes a figure's run (by default, runs it here); ``compute_with`` computes a
    generated question's answers (a server gives :func:`engine.forms.reference.compute_isolated`).

    Raises
    ------
    ValueError
        When the computation or the simulation rejects the drawn values.
    """
    seed = int(seed)
    generated = question.variables is not None
    neutral = question.figure is not None and question.figure.neutral_labels
    if not generated and question.figure is None:
        return Instance(question, seed)
    values = draw_values(question.id, question.variables, seed) if generated else {}
    outputs = compute_with(question.compute.fn, bind_args(question.compute.args, values)) if generated else {}
    letters = letters_for(run_labels(question.simulation), question.id, seed) if neutral else {}
    plot = None
    if question.figure is not None:
        m = (measure or run_simulation)(question.simulation)
        plot = build_plot(question.figure.view, m, letters, question.figure.caption or "")
    concrete = _concretise(question, values, outputs, letters)
    return Instance(concrete, seed, values, outputs, letters, plot)


def _concretise(q: Any, values: Mapping[str, Any], outputs: Mapping[str, float], letters: Mapping[str, str]) -> Any:
    """The question with texts filled, answers computed and run labels lettered."""
    shown = {**values, **letters}
    after = {**outputs, **values, **letters}
    relabel = lambda t: letters.get(t, t)  # noqa: E731
    before_fill = lambda t: fill(relabel(t), shown)  # noqa: E731
    update: dict[str, Any] = {
        "prompt": fill(q.prompt, shown),
        "explanation": fill(q.explanation, after),
        "model_answer": fill(q.model_answer, after),
        "key_points": [fill(t, after) for t in q.key_points],
        "common_mistakes": [fill(t, after) for t in q.common_mistakes],
        "follow_ups": [fill(t, after) for t in q.follow_ups],
        # the figure is the run: a concrete question is not "checked live" again
        "simulation": None if q.figure is not None else q.simulation,
    }
    if q.type in ("single_choice", "multi_choice"):
        update["choices"] = [before_fill(c) for c in q.choices]
        update["answer"] = before_fill(q.answer) if q.type == "single_choice" else [before_fill(a) for a in q.answer]
        if q.type == "single_choice":
            update["choices"], update["answer"] = _sorted_letters(update["choices"], update["answer"], letters)
    elif q.type == "ordering":
        update["items"] = [before_fill(t) for t in q.items]
        update["answer"] = [before_fill(t) for t in q.answer]
    elif q.type == "numeric":
        update["answer"] = _numeric(q.answer, outputs)
    if q.steps:
        update["steps"] = [_step(s, shown, after, outputs) for s in q.steps]
    return q.model_copy(update=update)


def _sorted_letters(choices: list[str], answer: str, letters: Mapping[str, str]) -> tuple[list[str], str]:
    # Lettered choices read best in order (A, B, C); the widgets shuffle them anyway.
    if letters and set(choices) <= set(letters.values()):
        return sorted(choices), answer
    return choices, answer


def _numeric(a: Any, outputs: Mapping[str, float]) -> Any:
    if a.value is not None:
        return a
    name = a.output or "answer"
    if name not in outputs:
        raise ValueError(f"the computation gave no output '{name}'; it gave {', '.join(outputs)}")
    value = float(outputs[name])
    if not math.isfinite(value):
        raise ValueError(f"output '{name}' is not finite")
    return a.model_copy(update={"value": value, "output": None})


def _step(s: Any, shown: Mapping[str, Any], after: Mapping[str, Any], outputs: Mapping[str, float]) -> Any:
    update: dict[str, Any] = {"prompt": fill(s.prompt, shown), "why": fill(s.why, after)}
    if s.type == "single_choice":
        update["choices"] = [fill(c, shown) for c in s.choices]
        update["answer"] = fill(s.answer, shown)
    else:
        update["answer"] = _numeric(s.answer, outputs)
    return s.model_copy(update=update)


def preview_prompt(question: Any) -> str:
    """The prompt as a list shows it: a generated question filled with its seed-0 values
    (drawing only, nothing computed), a plain one as written."""
    shown: dict[str, Any] = {}
    if question.variables is not None:
        shown.update(draw_values(question.id, question.variables, 0))
    if question.figure is not None and question.figure.neutral_labels:
        shown.update(letters_for(run_labels(question.simulation), question.id, 0))
    return fill(question.prompt, shown) if shown else question.prompt


#: what a list writes for a value that each showing draws anew (the editorial mark for words left out)
DRAWN = "[…]"


def list_prompt(question: Any) -> str:
    """The prompt as a list of questions answered or due shows it: a value drawn for each showing
    (a generated number, a figure's letter) written as :data:`DRAWN`. The numbers of one showing
    would name a variant the learner may not have seen, or not see next ("{n} samples" was shown
    raw). Not a bare "…", with which a list also ends a prompt it cuts."""
    names = set(question.variables or ())
    if question.figure is not None and question.figure.neutral_labels:
        names.update(run_labels(question.simulation))
    if not names:
        return question.prompt
    text = question.prompt

    def elide(m: re.Match) -> str:
        if m.group(1) not in names:
            return m.group(0)
        # inside the prompt's own brackets ("the logits [{z0}, {z1}]"), a bare "…": "[[…], […]]" read
        # as a nested list
        before = text[:m.start()]
        return "…" if before.count("[") > before.count("]") else DRAWN

    return PLACEHOLDER.sub(elide, text)


__all__ = ["DRAWN", "Instance", "draw", "list_prompt", "preview_prompt", "run_simulation"]
