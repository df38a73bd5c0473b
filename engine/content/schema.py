"""Pydantic models for question banks.

One bank per YAML file. Every model forbids unknown keys, so a typo in a field name is an
error rather than silently ignored data. Cross-field rules (an answer must be one of the
choices, an ordering must be a permutation of its items) are field validators on the
answer, so the error points at the ``answer`` line of the file.
"""

from __future__ import annotations

import difflib
import math
from typing import Annotated, Any, Literal, Union

from pydantic import (
    AfterValidator,
    Field,
    StringConstraints,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_core import InitErrorDetails

from engine.content.form_blocks import Code, Compute, Figure, Identifier, Variable, check_forms
from engine.content.topics import ROLES, TOPICS
from engine.forms.plot import run_labels
from engine.plain import StrictModel as _Strict

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"

Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN, max_length=80)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=5000)]
ShortText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=600)]
#: a question's key points, common mistakes and follow-ups, at most: the shipped banks give up to 5,
#: and a rubric is read aloud in an interview. Unbounded, one uploaded bank of 90,000 aliased key
#: points (under 1 MB) kept the free-text judge busy for minutes, every visitor's answers queued
RUBRIC_LINES = 8
RubricLines = Annotated[list[ShortText], Field(min_length=1, max_length=RUBRIC_LINES)]


def _known(kind: str, vocabulary: dict[str, Any]):
    def check(value: str) -> str:
        if value not in vocabulary:
            close = difflib.get_close_matches(value, list(vocabulary), n=1)
            hint = (
                f"did you mean '{close[0]}'?" if close else f"known {kind}s: {', '.join(vocabulary)}"
            )
            raise ValueError(f"unknown {kind} '{value}'; {hint}")
        return value

    return check


Topic = Annotated[str, AfterValidator(_known("topic", TOPICS))]
Role = Annotated[str, AfterValidator(_known("role", ROLES))]
Difficulty = Literal["easy", "medium", "hard"]


def _unique(values: list[str]) -> list[str]:
    seen: set[str] = set()
    for v in values:
        if v in seen:
            raise ValueError(f"'{v}' is listed twice")
        seen.add(v)
    return values


# --------------------------------------------------------------------------- simulation
Scenario = Literal[
    "optimizer",  # optimiser runs on a loss surface
    "lr_sweep",  # one optimiser over many learning rates
    "schedule",  # a learning-rate schedule's values
    "training",  # small torch networks trained on a dataset
    "search_comparison",  # grid / random / Bayesian / TPE / halving on one budget
    "cross_validation",  # over-tuning, the effect of k, stratification
    "fitting",  # polynomial regression of a noisy sine: over- and under-fitting curves
    "range_test",  # the learning-rate range test on a small torch network
]
ParamValue = Union[bool, int, float, str, list[Union[bool, int, float, str]]]


class SimulationCheck(_Strict):
    """Which measurement decides the answer, and how the question's answer maps onto it.

    ``metric`` names one measurement of the scenario (e.g. ``sgd.outcome``,
    ``winner_by_final_loss``, ``best_lr``). A numeric question compares it with its answer
    (within ``abs_tol`` / ``rel_tol`` here, else the answer's own tolerance). A choice
    question maps each choice to the value reality would give (``expect``); an ordering
    question maps each item to a run label, and the measured ranking orders them.
    """

    metric: Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_=.-]+$", max_length=80)]
    abs_tol: float | None = Field(default=None, ge=0)
    rel_tol: float | None = Field(default=None, ge=0)
    expect: dict[ShortText, ParamValue] | None = None


class Simulation(_Strict):
    """A scenario the engine runs to prove the stored answer (see :mod:`engine.sim.params`)."""

    scenario: Scenario
    params: dict[str, Any] = Field(default_factory=dict)
    check: SimulationCheck
    #: a sentence shown with the result, e.g. why the seed matters
    note: ShortText | None = None

    @model_validator(mode="after")
    def _typed_params(self) -> "Simulation":
        from engine.sim.params import SCENARIO_PARAMS

        try:
            SCENARIO_PARAMS[self.scenario].model_validate(self.params)
        except ValidationError as exc:
            # every problem of the params at once, each at its own place (raised as one, they came
            # one per run of validate, and a run's field was reported at the line of "simulation:")
            raise ValidationError.from_exception_data("Simulation", [
                InitErrorDetails(type=e["type"], loc=("params", *e["loc"]), input=e.get("input"),
                                 **({"ctx": e["ctx"]} if "ctx" in e else {}))
                for e in exc.errors(include_url=False)]) from None
        from engine.sim.scenarios import check_scenario

        try:  # a bank, shipped or uploaded, goes through the same cost ceilings as a visitor
            check_scenario(self.scenario, self.params)
        except ValueError as exc:
            raise ValueError(f"params: {exc}") from None
        return self

class LabRef(_Strict):
    """An explicit "Try it in the lab" target (else the question's topics choose one)."""

    page: Literal["presenter", "optimizer-lab", "training-lab", "search-lab"]
    preset: Slug

    @model_validator(mode="after")
    def _preset_exists(self) -> "LabRef":
        # a misspelt preset passed and its link opened the lab on nothing in particular
        from engine.content.labs import preset_keys

        known = preset_keys(self.page)
        if self.preset not in known:
            has = f"it has {', '.join(known)}" if known else "it has no presets (a link opens it on its defaults)"
            raise ValueError(f"preset: the {self.page} has no preset '{self.preset}'; {has}")
        return self


class NumericAnswer(_Strict):
    """A number, accepted within ``abs_tol`` or within ``rel_tol`` x |value| (either suffices).

    In a generated question the value is left out: it is the computation's output named by
    ``output`` (``answer`` when not given), worked out for each drawn variant.
    """

    value: float | None = None
    output: Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$", max_length=40)] | None = None
    abs_tol: float | None = Field(default=None, ge=0)
    rel_tol: float | None = Field(default=None, ge=0)
    unit: ShortText | None = None
    #: the decimal places the prompt asks for ("Give 2 decimal places"): the key is written with as many
    #: (19.0, not 19), so the answer shown reads as the question asked for it
    places: int | None = Field(default=None, ge=0, le=8)

    @property
    def whole(self) -> bool:
        """The prompt asks for a whole number (``places: 0``): a typed fraction is refused, not graded."""
        return self.places == 0

    @model_validator(mode="after")
    def _has_tolerance(self) -> "NumericAnswer":
        if self.value is not None and not math.isfinite(self.value):
            raise ValueError("value must be a finite number")
        if self.whole and self.value is not None and not self.value.is_integer():
            raise ValueError(f"places: 0 asks for a whole number, but the value {self.value:g} is not one")
        if self.value is not None and self.output is not None:
            raise ValueError("give a value or an output to take it from, not both")
        if self.abs_tol is None and self.rel_tol is None:
            raise ValueError("give abs_tol, rel_tol or both (use abs_tol: 0 for an exact answer)")
        if self.rel_tol is not None and self.rel_tol > 1:
            raise ValueError(f"rel_tol is a share of the value (0.05 accepts 5% either side), so at most 1; "
                             f"{self.rel_tol:g} would accept almost any number")
        return self

# --------------------------------------------------------------------------- derivation steps
class _Step(_Strict):
    """One line of a derivation: a prompt, its own answer, and why it follows (shown after)."""

    prompt: Text
    why: Text


class SingleChoiceStep(_Step):
    type: Literal["single_choice"]
    choices: Annotated[list[ShortText], Field(min_length=2, max_length=8)]
    answer: ShortText

    @field_validator("choices")
    @classmethod
    def _choices_unique(cls, v: list[str]) -> list[str]:
        return _unique(v)

    @field_validator("answer")
    @classmethod
    def _answer_in_choices(cls, v: str, info: ValidationInfo) -> str:
        choices = info.data.get("choices")
        if choices is not None and v not in choices:
            raise ValueError(f"answer '{v}' is not one of the choices")
        return v


class NumericStep(_Step):
    type: Literal["numeric"]
    answer: NumericAnswer


Step = Annotated[Union[SingleChoiceStep, NumericStep], Field(discriminator="type")]
#: the types a derivation's step may have, read from the step models
STEP_TYPES: tuple[str, ...] = tuple(m.model_fields["type"].annotation.__args__[0]
                                    for m in (SingleChoiceStep, NumericStep))


# --------------------------------------------------------------------------- questions
class _QuestionBase(_Strict):
    id: Slug
    difficulty: Difficulty
    topics: Annotated[list[Topic], Field(min_length=1)]
    roles: Annotated[list[Role], Field(min_length=1)]
    prompt: Text
    explanation: Text
    model_answer: Text
    key_points: RubricLines
    common_mistakes: RubricLines
    follow_ups: RubricLines
    simulation: Simulation | None = None
    #: "Try it in the lab": a target, ``none`` when no lab illustrates the question (a memory sum, a
    #: study's design) and its topic would pick one anyway, or nothing (the topic decides)
    lab: LabRef | Literal["none"] | None = None
    # the forms (see engine.content.form_blocks): orthogonal to the answer type
    figure: Figure | None = None
    variables: Annotated[dict[Identifier, Variable], Field(min_length=1, max_length=12)] | None = None
    compute: Compute | None = None
    code: Code | None = None
    steps: Annotated[list[Step], Field(min_length=1, max_length=8)] | None = None

    _unique_topics = field_validator("topics", "roles")(lambda cls, v: _unique(v))

    @model_validator(mode="after")
    def _forms_fit(self) -> "_QuestionBase":
        check_forms(self)
        return self

    @model_validator(mode="after")
    def _simulation_fits_the_type(self) -> "_QuestionBase":
        sim = self.simulation
        if sim is None:
            return self
        expect = sim.check.expect
        kind = getattr(self, "type", "")
        if kind == "free_text":
            raise ValueError("simulation: a free-text question cannot be checked by a simulation")
        if kind == "numeric" and expect is not None:
            raise ValueError("simulation.check.expect: a numeric question compares the measurement itself")
        keys = {"single_choice": "choices", "multi_choice": "choices", "ordering": "items"}.get(kind)
        if keys is not None:
            wanted = set(getattr(self, keys))
            if expect is None and wanted <= set(run_labels(sim)):
                return self  # the choices name runs: the measurement (a label, a list, a ranking) answers directly
            if expect is None or set(expect) != wanted:
                raise ValueError(f"simulation.check.expect must map every one of the {keys} (and nothing else), "
                                 f"unless the {keys} are all run labels")
        return self


class _ChoiceQuestion(_QuestionBase):
    choices: Annotated[list[ShortText], Field(min_length=2, max_length=8)]

    @field_validator("choices")
    @classmethod
    def _choices_unique(cls, v: list[str]) -> list[str]:
        return _unique(v)


def _choices_of(info: ValidationInfo) -> list[str] | None:
    # None when the choices themselves failed validation: that error is already reported.
    return info.data.get("choices")


class SingleChoiceQuestion(_ChoiceQuestion):
    """One right answer among ``choices``."""

    type: Literal["single_choice"]
    answer: ShortText

    @field_validator("answer")
    @classmethod
    def _answer_in_choices(cls, v: str, info: ValidationInfo) -> str:
        choices = _choices_of(info)
        if choices is not None and v not in choices:
            raise ValueError(f"answer '{v}' is not one of the choices")
        return v


class MultiChoiceQuestion(_ChoiceQuestion):
    """Every right answer among ``choices`` (at least one)."""

    type: Literal["multi_choice"]
    answer: Annotated[list[ShortText], Field(min_length=1)]

    @field_validator("answer")
    @classmethod
    def _answers_in_choices(cls, v: list[str], info: ValidationInfo) -> list[str]:
        _unique(v)
        choices = _choices_of(info)
        if choices is not None:
            missing = [a for a in v if a not in choices]
            if missing:
                listed = ", ".join(f"'{a}'" for a in missing)
                raise ValueError(f"answer {listed} not among the choices")
        return v


class NumericQuestion(_QuestionBase):
    type: Literal["numeric"]
    answer: NumericAnswer


class OrderingQuestion(_QuestionBase):
    """``items`` are the steps; ``answer`` lists the same steps in the right order."""

    type: Literal["ordering"]
    items: Annotated[list[ShortText], Field(min_length=3, max_length=10)]
    answer: Annotated[list[ShortText], Field(min_length=3, max_length=10)]

    @field_validator("items")
    @classmethod
    def _items_unique(cls, v: list[str]) -> list[str]:
        return _unique(v)

    @field_validator("answer")
    @classmethod
    def _is_permutation(cls, v: list[str], info: ValidationInfo) -> list[str]:
        items = info.data.get("items")
        if items is None:
            return v
        if sorted(v) != sorted(items):
            extra = [a for a in v if a not in items]
            missing = [i for i in items if i not in v]
            dupes = sorted({a for a in v if v.count(a) > 1})
            parts = []
            if missing:
                parts.append("missing " + ", ".join(f"'{m}'" for m in missing))
            if extra:
                parts.append("not among the items " + ", ".join(f"'{e}'" for e in extra))
            if dupes:
                parts.append("repeated " + ", ".join(f"'{d}'" for d in dupes))
            raise ValueError("answer is not a permutation of the items: " + "; ".join(parts))
        return v


class FreeTextQuestion(_QuestionBase):
    """Answered in words, then self-assessed against ``key_points`` and ``model_answer``."""

    type: Literal["free_text"]


Question = Annotated[
    Union[
        SingleChoiceQuestion,
        MultiChoiceQuestion,
        NumericQuestion,
        OrderingQuestion,
        FreeTextQuestion,
    ],
    Field(discriminator="type"),
]

QUESTION_MODELS: dict[str, type[_QuestionBase]] = {
    "single_choice": SingleChoiceQuestion,
    "multi_choice": MultiChoiceQuestion,
    "numeric": NumericQuestion,
    "ordering": OrderingQuestion,
    "free_text": FreeTextQuestion,
}


class Bank(_Strict):
    """One YAML file: a titled set of questions."""

    bank: Slug
    title: ShortText
    description: Text | None = None
    #: interview-only: never served by Practice, Review, Run it, the CLI's listings or any URL
    private: bool = False
    questions: Annotated[list[Question], Field(min_length=1)]
