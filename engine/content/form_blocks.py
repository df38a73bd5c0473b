"""The blocks that give a question its form: a figure, drawn variables, code, derivation steps.

A form is orthogonal to the answer type: any question may carry

``figure``
    drawn in the prompt from the question's own ``simulation`` (read the plot);
``variables`` + ``compute``
    values drawn at question time and answers computed by a reference library (generated);
``code``
    a snippet shown highlighted, optionally run by the engine to prove a claim (read the code);
``steps``
    intermediate results a derivation passes through, each graded (derive it).

:func:`check_forms` holds the rules that tie a block to the rest of the question. Its
messages start with the field path (``figure.view: ...``) so the loader can point at the line.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal, Union

from pydantic import Field, StringConstraints, model_validator

from engine.forms.template import IDENTIFIER, placeholders, references, unfilled_formats
from engine.plain import StrictModel as _Strict

Identifier = Annotated[str, StringConstraints(pattern=IDENTIFIER.pattern, max_length=40)]
#: a library's own argument names keep their case (torch's ``T_max``)
ArgName = Annotated[str, StringConstraints(pattern=r"^[A-Za-z_][A-Za-z0-9_]*$", max_length=40)]
Scalar = Union[bool, int, float, str]
MAX_SOURCE = 6000


class Figure(_Strict):
    """Draw the question's simulation in its prompt (see :data:`engine.forms.plot.VIEWS`)."""

    view: Literal["loss", "paths", "sweep", "best_so_far", "train_val", "fit", "range_test", "schedule"]
    #: runs are shown as A, B, C (shuffled by the seed); choices or items that are run labels
    #: are shown as their letters, and ``{label}`` in any text is replaced by its letter
    neutral_labels: bool = False
    caption: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300)] | None = None


class Variable(_Strict):
    """A value drawn at question time: one of ``choices``, or from ``low`` to ``high``
    (on a grid of ``step``, or log-uniform with ``log``, rounded to ``digits`` significant digits)."""

    choices: Annotated[list[Scalar], Field(min_length=1, max_length=50)] | None = None
    low: float | int | None = None
    high: float | int | None = None
    step: float | int | None = Field(default=None, gt=0)
    log: bool = False
    digits: int = Field(default=3, ge=1, le=6)

    @model_validator(mode="after")
    def _one_kind(self) -> "Variable":
        if self.choices is not None:
            if any(v is not None for v in (self.low, self.high, self.step)) or self.log:
                raise ValueError("give either choices or a low-high range, not both")
            return self
        if self.low is None or self.high is None:
            raise ValueError("give choices, or both low and high")
        if not self.low < self.high:
            raise ValueError(f"low ({self.low}) must be below high ({self.high})")
        if self.log and (self.low <= 0 or self.step is not None):
            raise ValueError("a log-uniform range needs low > 0 and no step")
        return self


class Compute(_Strict):
    """Which reference computation gives the answers (:data:`engine.forms.reference.REFERENCE`),
    with its arguments; ``$name`` stands for a drawn variable."""

    fn: Identifier
    args: dict[ArgName, Union[Scalar, list[Scalar]]] = Field(default_factory=dict)


class CodeRun(_Strict):
    """Run the snippet (shipped banks only) and check what it prints: exactly ``stdout``, or
    its last printed line is the question's answer (``answer_in_stdout``)."""

    stdout: Annotated[str, StringConstraints(max_length=2000)] | None = None
    answer_in_stdout: bool = False
    timeout_s: float = Field(default=60.0, gt=0, le=120)
    memory_mb: int = Field(default=1536, ge=256, le=3072)

    @model_validator(mode="after")
    def _one_claim(self) -> "CodeRun":
        if (self.stdout is None) == (not self.answer_in_stdout):
            raise ValueError("give exactly one claim: stdout (what it prints) or answer_in_stdout: true")
        return self


class Code(_Strict):
    language: Literal["python"] = "python"
    source: Annotated[str, StringConstraints(min_length=1, max_length=MAX_SOURCE)]
    run: CodeRun | None = None


# --------------------------------------------------------------------------- rules
def _check_formats(path: str, text: str, names: set[str]) -> None:
    """A placeholder of ``names`` with a format the templates do not fill is an error: it passed
    every check and reached the learner as written ("{answer:d} steps")."""
    bad = unfilled_formats(text, names)
    if bad:
        name = bad[0][1:].split(":", 1)[0]
        raise ValueError(f"{path}: '{bad[0]}' has a format the templates do not fill; write {{{name}}}, or a "
                         f"number format such as {{{name}:.3g}}, {{{name}:.2f}}, {{{name}:.2e}} or {{{name}:.1%}}")


def _texts(q: Any, shown: bool) -> list[tuple[str, str]]:
    """(path, text) of the question's texts: the ones a candidate sees before answering
    (``shown``), or the ones shown only after."""
    out: list[tuple[str, str]] = []
    if shown:
        out.append(("prompt", q.prompt))
        for key in ("choices", "items"):
            for i, c in enumerate(getattr(q, key, None) or []):
                out.append((f"{key}[{i}]", c))
        for i, s in enumerate(q.steps or []):
            out.append((f"steps[{i}].prompt", s.prompt))
            for j, c in enumerate(getattr(s, "choices", None) or []):
                out.append((f"steps[{i}].choices[{j}]", c))
        return out
    out.append(("explanation", q.explanation))
    out.append(("model_answer", q.model_answer))
    for key in ("key_points", "common_mistakes", "follow_ups"):
        for i, t in enumerate(getattr(q, key)):
            out.append((f"{key}[{i}]", t))
    for i, s in enumerate(q.steps or []):
        out.append((f"steps[{i}].why", s.why))
    if q.type == "single_choice":
        out.append(("answer", q.answer))
    return out


def _numeric_answers(q: Any) -> list[tuple[str, Any]]:
    out = [("answer", q.answer)] if q.type == "numeric" else []
    out += [(f"steps[{i}].answer", s.answer) for i, s in enumerate(q.steps or []) if s.type == "numeric"]
    return out


def check_forms(q: Any) -> None:
    """Raise ``ValueError("<field path>: <message>")`` for the first rule a question breaks."""
    from engine.forms.plot import VIEWS, run_labels
    from engine.forms.reference import REFERENCE

    generated = q.variables is not None or q.compute is not None
    if q.steps is not None and q.type == "free_text":
        raise ValueError("steps: a derivation ends in a checkable answer; use another type than free_text")

    if q.figure is not None:
        if q.simulation is None:
            raise ValueError("figure: a figure is drawn from the question's simulation; add a simulation block")
        view = VIEWS[q.figure.view]
        if view.scenario != q.simulation.scenario:
            raise ValueError(f"figure.view: '{q.figure.view}' draws a {view.scenario} scenario, "
                             f"not {q.simulation.scenario}")
        if q.figure.neutral_labels:
            labels = run_labels(q.simulation)
            if not view.labelled or not labels:
                raise ValueError("figure.neutral_labels: this view has no labelled runs to hide")
            if len(labels) > 8:
                raise ValueError("figure.neutral_labels: at most 8 runs can be lettered")
            bad = [lab for lab in labels if not IDENTIFIER.match(lab)]
            if bad:
                raise ValueError(f"figure.neutral_labels: run label '{bad[0]}' must be a plain lower-case "
                                 "identifier (letters, digits, _), as texts refer to it as {label}")
            for path, text in _texts(q, True) + _texts(q, False):
                _check_formats(path, text, set(labels))
                for name in placeholders(text):
                    if name not in labels:
                        raise ValueError(f"{path}: '{{{name}}}' is not a run label ({', '.join(labels)})")

    if generated:
        if q.variables is None or q.compute is None:
            raise ValueError("variables: a generated question needs both variables and compute")
        if q.figure is not None or q.code is not None:
            raise ValueError("variables: a generated question cannot also carry a figure or code")
        ref = REFERENCE.get(q.compute.fn)
        if ref is None:
            raise ValueError(f"compute.fn: unknown computation '{q.compute.fn}'; known: {', '.join(REFERENCE)}")
        problem = ref.check_args(list(q.compute.args))
        if problem:
            raise ValueError(f"compute.args: {problem}")
        for name in references(q.compute.args):
            if name not in q.variables:
                raise ValueError(f"compute.args: '${name}' is not a declared variable")
        drawn, outputs = set(q.variables), set(ref.outputs) | {"answer"}
        for path, text in _texts(q, True) + _texts(q, False):
            _check_formats(path, text, drawn | outputs)
        seen = {name for _, text in _texts(q, True) for name in placeholders(text)}
        hidden = [name for name in references(q.compute.args) if name not in seen]
        if hidden:
            raise ValueError(f"prompt: the computation uses '{hidden[0]}' but no text shown before the answer "
                             f"says its value; add {{{hidden[0]}}}")
        for path, text in _texts(q, True):
            for name in placeholders(text):
                if name in outputs - drawn:
                    raise ValueError(f"{path}: '{{{name}}}' is a computed output; showing it before the "
                                     "answer would give the answer away")
                if name not in drawn:
                    raise ValueError(f"{path}: '{{{name}}}' is not a declared variable")
        for path, text in _texts(q, False):
            for name in placeholders(text):
                if name not in drawn | outputs:
                    raise ValueError(f"{path}: '{{{name}}}' is neither a variable nor an output of {q.compute.fn}")
        computed = 0
        for path, a in _numeric_answers(q):
            if a.value is None:
                name = a.output or "answer"
                if name not in ref.outputs:
                    raise ValueError(f"{path}.output: {q.compute.fn} has no output '{name}'; "
                                     f"it gives {', '.join(ref.outputs)}")
                computed += 1
        if not computed:
            raise ValueError("compute: a generated question needs at least one numeric answer taken from "
                             "the computation (leave out its value)")
    else:
        for path, a in _numeric_answers(q):
            if a.value is None:
                raise ValueError(f"{path}.value: required (only a generated question computes its answer)")
            if a.output is not None:
                raise ValueError(f"{path}.output: only a generated question takes its answer from a computation")

    if q.code is not None and q.code.run is not None and q.code.run.answer_in_stdout:
        if q.type not in ("numeric", "single_choice"):
            raise ValueError("code.run.answer_in_stdout: only a numeric or single-choice answer can be "
                             "compared with what the snippet prints")
    return None

