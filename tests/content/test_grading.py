"""Grading rules for every question type, including tolerances and partial credit."""

from __future__ import annotations

import math

import pytest

from engine.content.grading import FREE_TEXT_PASS, GRADERS, grade, numeric_matches
from engine.content.loader import load_library
from engine.content.schema import QUESTION_MODELS, NumericQuestion
from engine.content.topics import QUESTION_TYPES
from tests.conftest import FIXTURES, FORMS_BANK

LIB = load_library([FIXTURES / "valid.yaml"])
Q = {q.type: q for q in LIB.questions}


def test_every_type_has_a_grader_and_a_model():
    assert set(GRADERS) == set(QUESTION_TYPES) == set(QUESTION_MODELS)


def test_single_choice():
    assert grade(Q["single_choice"], "b").correct
    wrong = grade(Q["single_choice"], "a")
    assert (wrong.correct, wrong.score) == (False, 0.0)
    assert "\u201cb\u201d" in wrong.feedback
    with pytest.raises(ValueError, match="choose one"):
        grade(Q["single_choice"], "zzz")


@pytest.mark.parametrize(
    "picked, correct, score",
    [
        (["a", "c"], True, 1.0),
        (["c", "a"], True, 1.0),
        (["a"], False, 0.5),  # half the right options, nothing wrong
        (["a", "b"], False, 0.0),  # one right, one wrong: they cancel
        (["a", "b", "c"], False, 0.5),  # ticking everything is not rewarded fully
        (["b"], False, 0.0),
    ],
)
def test_multi_choice_partial_credit(picked, correct, score):
    g = grade(Q["multi_choice"], picked)
    assert (g.correct, g.score) == (correct, score)
    # the verdict's words agree with its credit: "Partly right" only when something is earned
    assert g.feedback.startswith("Correct" if correct else "Partly right" if score > 0 else "Not quite")


def test_multi_choice_rejects_empty_and_unknown():
    with pytest.raises(ValueError, match="at least one"):
        grade(Q["multi_choice"], [])
    with pytest.raises(ValueError, match="not an option"):
        grade(Q["multi_choice"], ["nope"])


def _numeric(value, abs_tol=None, rel_tol=None) -> NumericQuestion:
    base = Q["numeric"].model_dump()
    base["answer"] = {"value": value, "abs_tol": abs_tol, "rel_tol": rel_tol}
    return NumericQuestion.model_validate(base)


@pytest.mark.parametrize(
    "abs_tol, rel_tol, given, ok",
    [
        (0.001, None, 0.015, True),
        (0.001, None, 0.0159, True),
        (0.001, None, 0.0161, False),
        (None, 0.1, 0.0165, True),  # 10% of 0.015 is 0.0015
        (None, 0.1, 0.0166, False),
        (0.0, None, 0.015, True),  # exact
        (0.0001, 0.5, 0.02, True),  # either tolerance suffices
        (0.0001, 0.01, 0.02, False),
    ],
)
def test_numeric_tolerances(abs_tol, rel_tol, given, ok):
    g = grade(_numeric(0.015, abs_tol, rel_tol), given)
    assert g.correct is ok and g.score == (1.0 if ok else 0.0)


def test_numeric_rejects_non_numbers():
    with pytest.raises(ValueError, match="'abc' is not a number"):
        grade(Q["numeric"], "abc")
    with pytest.raises(ValueError, match="enter a number"):
        grade(Q["numeric"], None)
    with pytest.raises(ValueError, match="finite"):
        grade(Q["numeric"], float("nan"))
    assert not numeric_matches(float("inf"), 1.0, 1e9, None)


def test_a_right_number_that_is_not_the_answer_is_said_with_both_and_the_slack():
    # the learner walk-through: typing 150 within the tolerance of 120 read "Correct: 120."
    assert grade(_numeric(120.0, None, 0.25), "150").feedback == "Correct: 150 is within 30 of the answer, 120."
    assert grade(_numeric(120.0, None, 0.25), "120").feedback == "Correct: 120."
    assert grade(_numeric(0.015, 0.001, None), 0.0159).feedback == \
        "Correct: 0.0159 is within 0.001 of the answer, 0.015."


def test_numeric_feedback_shows_the_unit():
    assert "0.015 per step" in grade(Q["numeric"], 1).feedback


@pytest.mark.parametrize(
    "order, correct, score",
    [
        (["first", "second", "third"], True, 1.0),
        (["second", "first", "third"], False, round(2 / 3, 4)),  # one neighbour swap
        (["third", "second", "first"], False, 0.0),  # reversed
    ],
)
def test_ordering_partial_credit(order, correct, score):
    g = grade(Q["ordering"], order)
    assert (g.correct, g.score) == (correct, score)


def test_ordering_must_be_a_permutation():
    with pytest.raises(ValueError, match="exactly one position"):
        grade(Q["ordering"], ["first", "first", "third"])


def test_free_text_is_self_assessed_against_key_points():
    q = Q["free_text"]
    assert grade(q, {"text": "x", "covered": list(q.key_points)}).correct
    none = grade(q, {"text": "x", "covered": []})
    assert (none.correct, none.score) == (False, 0.0)
    with pytest.raises(ValueError, match="only the listed"):
        grade(q, {"text": "x", "covered": ["made up"]})


def test_free_text_pass_mark():
    base = Q["free_text"].model_dump()
    base["key_points"] = ["a", "b", "c", "d", "e", "f", "g", "h"]  # the most a question has
    q = type(Q["free_text"]).model_validate(base)
    n_pass = math.ceil(FREE_TEXT_PASS * 8)  # 6 of 8: 75%, where 5 is 62.5%
    assert grade(q, {"text": "", "covered": base["key_points"][:n_pass]}).correct
    g = grade(q, {"text": "", "covered": base["key_points"][: n_pass - 1]})
    assert not g.correct and g.score == (n_pass - 1) / 8


# --------------------------------------------------------------------------- derivations
DERIV = load_library([FORMS_BANK]).question("form-derivation")
RIGHT = {"steps": ["(1 - lr h) x", 2.0], "final": 0.5}


@pytest.mark.parametrize(
    "response, correct, score, feedback",
    [
        (RIGHT, True, 1.0, "Correct: all 2 steps and the final answer."),
        ({"steps": ["(1 - lr h) x", 2.0], "final": 0.25}, False, 0.6667,
         "Partly right: 2 of 2 steps right; the final answer is wrong."),
        ({"steps": ["lr h x", 2.0], "final": 0.5}, False, 0.6667,
         "Partly right: 1 of 2 steps right (step 2); the final answer is right."),
        ({"steps": ["lr h x", 1.0], "final": 0.25}, False, 0.0,
         "Not quite: 0 of 2 steps right; the final answer is wrong."),
    ],
)
def test_derivations_give_credit_per_step(response, correct, score, feedback):
    g = grade(DERIV, response)
    assert (g.correct, g.score, g.feedback) == (correct, score, feedback)
    assert [s.correct for s in g.steps] == [r == RIGHT["steps"][i] for i, r in enumerate(response["steps"])]
    assert g.to_dict()["steps"][0]["score"] in (0.0, 1.0)


@pytest.mark.parametrize(
    "response, message",
    [
        ({"final": 0.5}, "answer every step of the derivation"),
        ({"steps": ["(1 - lr h) x"], "final": 0.5}, "answer each of the 2 steps"),
        ({"steps": ["nonsense", 2.0], "final": 0.5}, "step 1: choose one of the options"),
        ({"steps": ["(1 - lr h) x", "two"], "final": 0.5}, "step 2: 'two' is not a number; try e.g. 0.015 or 1.5e-2"),
        ({"steps": ["(1 - lr h) x", 2.0], "final": None}, "final answer: enter a number"),
    ],
)
def test_a_derivation_response_of_the_wrong_shape_is_one_sentence(response, message):
    with pytest.raises(ValueError, match=f"^{message}$"):
        grade(DERIV, response)


def test_a_generated_question_must_be_drawn_before_grading():
    q = load_library([FORMS_BANK]).question("form-generated")
    with pytest.raises(ValueError, match="draw an instance"):
        grade(q, 0.1)


def test_free_text_with_the_judge_the_candidates_ticks_decide():
    from engine.judge.response import free_text_response

    base = Q["free_text"].model_dump()
    base["key_points"] = ["a", "b", "c", "d"]
    q = type(Q["free_text"]).model_validate(base)
    machine = {"status": "judged", "key_points": [
        {"text": "a", "covered": True, "contradicted": False, "evidence": "A.", "confidence": 0.9},
        {"text": "b", "covered": True, "contradicted": False, "evidence": "B.", "confidence": 0.6},
        {"text": "c", "covered": False, "contradicted": True, "evidence": "not C.", "confidence": 0.95},
        {"text": "d", "covered": False, "contradicted": False, "evidence": "", "confidence": 0.7}]}
    # the candidate unticks b and ticks d: their word is final
    r = free_text_response("my words", machine, ["a", "d"])
    assert r["covered"] == ["a", "d"] and r["judge"] is machine
    assert r["corrections"] == {"added": ["d"], "removed": ["b"]}
    g = grade(q, r)
    assert (g.correct, g.score) == (False, 0.5) and "says the opposite of \u201cc\u201d" in g.feedback
    # ticking the contradicted point overrules the judge on it
    r = free_text_response("my words", machine, ["a", "b", "c"])
    assert r["contradicted"] == []
    assert grade(q, r).correct
    # no judge (unavailable, or another language): plain self-assessment
    r = free_text_response("mes mots", None, ["a", "b", "c"])
    assert r["contradicted"] == [] and r["corrections"]["added"] == ["a", "b", "c"]
    assert grade(q, r).correct
    with pytest.raises(ValueError, match="only listed key points"):
        grade(q, {"text": "x", "covered": [], "contradicted": ["zzz"]})


# --- a derivation stopped half way (an interview whose time ran out) --------------------------
@pytest.mark.parametrize(
    "response, score, feedback",
    [
        ({"steps": ["(1 - lr h) x", None], "final": None}, 0.3333,
         "Partly right: 1 of 2 steps right (step 1); not answered: step 2 and the result."),
        ({"steps": ["(1 - lr h) x", "  "], "final": 0.5}, 0.6667,
         "Partly right: 1 of 2 steps right (step 1); the final answer is right; not answered: step 2."),
        ({"steps": ["(1 - lr h) x"], "final": ""}, 0.3333,  # saved before the later steps were drawn
         "Partly right: 1 of 2 steps right (step 1); not answered: step 2 and the result."),
        ({"steps": [None, 2.0], "final": 0.25}, 0.3333,
         "Partly right: 1 of 2 steps right (step 2); the final answer is wrong; not answered: step 1."),
        ({"steps": ["(1 - lr h) x", "two"], "final": None}, 0.3333,
         "Partly right: 1 of 2 steps right (step 1); not answered: the result; could not be read: step 2 "
         "('two' is not a number; try e.g. 0.015 or 1.5e-2)."),
    ],
)
def test_a_missing_step_is_wrong_and_the_others_keep_their_credit(response, score, feedback):
    # the audit: steps right, the last step and the Result blank gave "Wrong. Incomplete" and 0
    g = grade(DERIV, response, missing_is_wrong=True)
    assert (g.correct, g.score, g.feedback) == (False, score, feedback)
    assert len(g.steps) == 2 and g.final is not None
    assert g.score == round(sum(s.score for s in (*g.steps, g.final)) / 3, 4)  # Practice's per-step credit
    with pytest.raises(ValueError):  # Practice's form never sends a blank step: still refused there
        grade(DERIV, response)


def test_a_complete_derivation_grades_the_same_either_way():
    for response in (RIGHT, {"steps": ["lr h x", 2.0], "final": 0.5}, {"steps": ["lr h x", 1.0], "final": 0.25}):
        assert grade(DERIV, response, missing_is_wrong=True) == grade(DERIV, response)
    with pytest.raises(ValueError, match="answer each of the 2 steps"):  # more steps than asked: a wrong shape
        grade(DERIV, {"steps": ["(1 - lr h) x", 2.0, 3.0], "final": 0.5}, missing_is_wrong=True)
