"""Instances: a seed reproduces a variant; a plot's runs are lettered consistently; what a
candidate receives (candidate_question) never carries an answer, a rubric or a hidden run label."""

from __future__ import annotations

import json

import pytest

from engine.content.loader import load_library
from engine.forms import FORMS
from engine.forms.instance import DRAWN, draw, list_prompt, preview_prompt
from engine.forms.plot import VIEWS
from engine.interviews import candidate_question
from tests.conftest import FORMS_BANK, ROOT

FORMS_BANK = load_library([FORMS_BANK])
CONTENT = load_library([ROOT / "content"])


def test_every_figure_view_is_a_schema_choice_and_every_form_has_a_field():
    from engine.content.form_blocks import Figure
    from engine.content.schema import _QuestionBase

    assert set(VIEWS) == set(Figure.model_fields["view"].annotation.__args__)
    assert {f.field for f in FORMS.values()} <= set(_QuestionBase.model_fields)


def test_the_seed_reproduces_a_generated_variant_and_another_seed_changes_it():
    q = FORMS_BANK.question("form-generated")
    a, b, c = draw(q, 11), draw(q, 11), draw(q, 12)
    assert a.to_dict() == b.to_dict()
    assert (a.values, a.question.prompt) != (c.values, c.question.prompt) or a.values == c.values
    assert "{g}" in q.prompt and "{g}" not in a.question.prompt
    assert a.question.answer.value == a.outputs["answer"]
    assert preview_prompt(q) == draw(q, 0).question.prompt
    # a list writes a drawn value as "…": its numbers are each showing's own
    assert list_prompt(q) == f"A weight at 0 gets the gradient {DRAWN} on its first step with Adam (lr {DRAWN}, " \
                             "default betas). Where is the weight after the step?"
    # within the prompt's own brackets a bare "…" ("[[…], […]]" read as a nested list)
    listed = q.model_copy(update={"prompt": "The logits [{g}, {lr}] and the rate {lr}."})
    assert list_prompt(listed) == f"The logits […, …] and the rate {DRAWN}."


def test_neutral_letters_follow_the_seed_and_name_the_same_run():
    q = FORMS_BANK.question("form-plot")
    seen = set()
    for seed in range(12):
        inst = draw(q, seed)
        assert sorted(inst.letters.values()) == ["A", "B", "C"]
        assert inst.question.answer == inst.letters["wild"]
        assert inst.question.choices == ["A", "B", "C"]
        assert f"Curve {inst.letters['wild']} climbs" in inst.question.explanation
        assert [s.name for s in inst.plot.series] == ["A", "B", "C"]
        seen.add(inst.letters["wild"])
    assert len(seen) == 3  # retrying moves the answer between letters


ALLOWED = {"id", "type", "prompt", "seconds", "choices", "items", "unit", "figure", "code", "steps",
           "whole"}  # "whole": the box asks for a whole number, as the prompt says


def secrets_of(q) -> list[str]:
    out = [q.explanation, q.model_answer, *q.key_points, *q.common_mistakes, *q.follow_ups]
    out += [s.why for s in q.steps or []]
    return [s for s in out if len(s) > 12]


@pytest.mark.parametrize("q", FORMS_BANK.questions + [q for q in CONTENT.questions if q.figure is None],
                         ids=lambda q: q.id)
def test_the_candidate_gets_no_answer_and_no_rubric(q):
    item = candidate_question(q, 300, seed=7)
    assert set(item) <= ALLOWED
    text = json.dumps(item)
    concrete = draw(q, 7).question
    for secret in secrets_of(concrete):
        assert secret not in text
    if q.type == "numeric":
        assert '"value":' not in text and '"abs_tol":' not in text
    for step in item.get("steps", []):
        assert set(step) <= {"prompt", "type", "choices", "unit"}


def test_a_plot_question_gives_the_candidate_the_figure_but_not_the_run_labels():
    q = FORMS_BANK.question("form-plot")
    item = candidate_question(q, 300, seed=3)
    assert [s["name"] for s in item["figure"]["series"]] == ["A", "B", "C"]
    text = json.dumps(item)
    for label in ("slow", "good", "wild"):
        assert label not in text
