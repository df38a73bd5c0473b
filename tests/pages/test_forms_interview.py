"""Mock interview with the question forms: the candidate gets the figure, the code and the steps,
never an answer; the interviewer sees the same variant with its answer key."""

from __future__ import annotations

import json
import shutil

import pytest

from engine.content.loader import load_library
from engine.forms.instance import draw
from engine.interviews import Interviews
from engine.store import open_store
from tests.conftest import FORMS_BANK
from tests.pages.conftest import button, open_sections
from tests.pages.test_interview_candidate_saves import data, type_into
from tests.pages.test_forms_page import forms_app  # noqa: F401  (a fixture with a longer timeout)

IV = "app_pages/interview.py"
LIB = load_library([FORMS_BANK])
IDS = ["form-plot", "form-generated", "form-code", "form-derivation"]


@pytest.fixture
def made(content_dir):
    shutil.copy(FORMS_BANK, content_dir / "forms.yaml")
    return Interviews(open_store()).create("Forms", "ml-engineer", IDS, 120, owner="ann")


@pytest.fixture
def app(forms_app):
    return forms_app


def page_text(at) -> str:
    state = {k: str(at.session_state[k]) for k in at.session_state}
    return " ".join(str(getattr(e, "value", "")) for e in at.main) + json.dumps(state)


def walk(app, token, look=lambda i, at: None):
    """Open the candidate's page, press Start and call ``look`` at each question in turn; the last page."""
    at = button(app(IV, t=token), "Start the interview").click().run()
    look(0, at)
    for i in range(1, len(IDS)):
        at = button(at, "Next →").click().run()
        assert not at.exception, at.exception
        look(i, at)
    return at


def test_candidate_sees_figure_code_and_steps_but_no_answer(app, made):
    def look(i, at):
        text = page_text(at)
        for q in LIB.questions:
            for secret in (q.explanation[:40], q.model_answer[:40], *q.key_points, *(s.why for s in q.steps or [])):
                assert secret not in text
        if i == 0:
            (chart,) = at.get("plotly_chart")
            assert "wild" not in chart.proto.spec and '"A"' in chart.proto.spec
            assert at.radio(key="iv.ans.0").options == ["A", "B", "C"]
        elif i == 1:
            assert "gets the gradient" in text and "{g}" not in text
        elif i == 2:
            assert at.code[0].language == "python"
        else:
            assert any("One step maps x to what?" in m.value for m in at.markdown)

    walk(app, made.candidate_token, look)


def test_derivation_answers_are_saved_step_by_step_and_the_interviewer_has_the_key(app, made):
    at = walk(app, made.candidate_token)
    at.radio(key="iv.ans.3.s0").set_value("(1 - lr h) x").run()
    type_into(at, "iv.ans.3.final.live", "0.5", 1)  # the result's one-line live box
    saved = Interviews(open_store()).candidate_answers(made.candidate_token)["form-derivation"]
    assert saved == {"steps": ["(1 - lr h) x", None], "final": "0.5"}
    boss = open_sections(app(IV, t=made.interviewer_token))
    assert not boss.exception, boss.exception
    text = page_text(boss)
    served = draw(LIB.question("form-generated"), made.interview_id).question.answer.value
    keys = [t.value for t in boss.text]  # answer keys are drawn as plain text under "Answer key:"
    assert "**Answer key:**" in text and f"{served:.6g}" in keys  # the candidate's variant, computed
    letter = draw(LIB.question("form-plot"), made.interview_id).question.answer
    assert letter in keys
    assert "Step 2:** 2." in text
    # the key's heading comes before its steps: under "Candidate's answer:", steps drawn first read as theirs
    said = [m.value for m in boss.markdown]
    first_step = next(i for i, m in enumerate(said) if m.startswith("**Step 1:**"))
    assert said[first_step - 1] == "**Answer key:**" and "**Result:**" in said[first_step:]


def test_a_derivations_result_typed_with_a_decimal_comma_is_pointed_out_to_the_candidate(app, made):
    """A number's own box says "0,5" is no number the auto-grade reads; a derivation's result said
    only "saved", and the scorecard then "could not be read" (the hiring walk-through)."""
    at = walk(app, made.candidate_token)
    at = type_into(at, "iv.ans.3.final.live", "0,5", 1)
    shown = [c.value.replace("\\", "") for c in at.caption]
    assert any("Write decimals with a point, not a comma: 0.5 rather than 0,5. Your answer is saved as typed"
               in c for c in shown), shown


def test_a_derivation_is_locked_with_its_question_when_time_is_up(app, made):
    import datetime as dt

    from engine.store import utcnow

    # the derivation (position 3) was opened ten minutes ago: its 120 s and the grace are long gone
    ivs = Interviews(open_store())
    for pos in range(4):
        ivs.open_question(made.candidate_token, pos, now=utcnow() - dt.timedelta(minutes=13 - pos))
    at = app(IV, t=made.candidate_token)  # a fresh session resumes at the furthest question reached
    assert data(at, "iv.cand.clock")["head"] == "Question 4 of 4"
    assert any("Time is up for this question" in w.value for w in at.warning)
    assert at.radio(key="iv.ans.3.s0").disabled and at.radio(key="iv.ans.3.s0").label == "Step 1: your answer"
    assert data(at, "iv.ans.3.final.live")["locked"] and data(at, "iv.ans.3.s1.live")["locked"]
