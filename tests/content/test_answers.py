"""Answers shown back as readable text, and what counts as answered."""

from __future__ import annotations

import pytest

from engine.content.answers import NO_ANSWER, is_answered, is_partial, readable_answer


@pytest.mark.parametrize("answer", [None, "", "   ", [], ["", None], {"steps": [None, ""], "final": None},
                                    {"text": "  "}])
def test_empty_answers_are_not_answered(answer):
    assert not is_answered(answer)
    assert readable_answer("free_text", answer) == NO_ANSWER


@pytest.mark.parametrize("answer", ["b", 0, 0.0, ["a"], {"steps": ["x"], "final": None}, {"text": "yes"}])
def test_real_answers_are_answered(answer):
    assert is_answered(answer)


def test_ordering_reads_as_numbered_steps_and_multi_choice_as_bullets_never_a_list():
    assert readable_answer("ordering", ["split", "tune", "test"]) == "1. split\n2. tune\n3. test"
    assert readable_answer("multi_choice", ["a", "c"]) == "- a\n- c"
    for text in (readable_answer("ordering", ["a", "b"]), readable_answer("multi_choice", ["a", "b"])):
        assert "[" not in text and "'" not in text


def test_numbers_derivations_and_text():
    assert readable_answer("numeric", 0.015, "per step") == "0.015 per step"
    assert readable_answer("numeric", "0.015", "per step") == "0.015 per step"
    # a currency goes before the number and a percentage sticks to it, as everywhere else
    assert readable_answer("numeric", 150, "$") == "$150" and readable_answer("numeric", "150", "$") == "$150"
    assert readable_answer("numeric", 12.5, "%") == "12.5%"
    assert readable_answer("numeric", {"steps": ["2", None], "final": "0.5"}) == (
        f"Step 1: 2\nStep 2: {NO_ANSWER}\nResult: 0.5")
    assert readable_answer("free_text", "  my words ") == "my words"
    # words in a number's box take no unit, and a number typed with its unit takes it once
    assert readable_answer("numeric", "I would compare validation loss.", "GB") == "I would compare validation loss."
    assert readable_answer("numeric", "12 GB", "GB") == "12 GB" and readable_answer("numeric", "$150", "$") == "$150"
    assert readable_answer("numeric", "75%", "%") == "75%" and readable_answer("numeric", "12", "GB") == "12 GB"


@pytest.mark.parametrize("answer, partial", [
    ({"steps": ["x", None], "final": None}, True), ({"steps": [None, None], "final": "3"}, True),
    ({"steps": ["x", "y"], "final": "3"}, False), ({"steps": [None, " "], "final": ""}, False),  # not answered
    ("b", False), (["a"], False), ({"text": "an answer"}, False), (None, False),
])
def test_a_derivation_with_parts_left_empty_is_partial(answer, partial):
    assert is_partial(answer) is partial
