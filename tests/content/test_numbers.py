"""One reading of a typed number for Practice, derivation steps and the interview's auto-grade."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from engine.content.numbers import read_number


@pytest.mark.parametrize("text, value", [
    ("0.24", 0.24), (" 0.24 ", 0.24), ("1.5e-2", 0.015), ("-3", -3.0), ("\u22120.5", -0.5),
    ("24%", 0.24), ("1,000", 1000.0), ("12,345.5", 12345.5), ("1,000,000", 1e6), ("-1,234", -1234.0),
    ("2.5 %", 0.025),
    # a power of ten as the banks print it (2 × 10⁻⁴) and as people type it
    ("2 \u00d7 10\u207b\u2074", 2e-4), ("2x10^-4", 2e-4), ("10\u207b\u2074", 1e-4), ("1.5\u00b710^3", 1500.0),
    ("10^(-3)", 1e-3), ("-3 \u00d7 10\u00b2", -300.0), ("5.6 \u00d7 10\u2079", 5.6e9), ("1,000 x 10^3", 1e6),
])
def test_numbers_people_type(text, value):
    assert read_number(text) == pytest.approx(value)


@pytest.mark.parametrize("text, sentence", [
    ("0,24", "Write decimals with a point, not a comma: 0.24 rather than 0,24."),
    ("3,5", "Write decimals with a point, not a comma: 3.5 rather than 3,5."),
    ("0,240", "Write decimals with a point, not a comma: 0.240 rather than 0,240."),  # no group starts with 0
    ("12,5%", "Write decimals with a point, not a comma: 12.5% rather than 12,5%."),
    ("1,00", "Write decimals with a point, not a comma: 1.00 rather than 1,00."),
    ("1,2,3", "'1,2,3' is not a number; try e.g. 0.015 or 1.5e-2."),
    ("2 \u00d7 10", "'2 \u00d7 10' is not a number; try e.g. 0.015 or 1.5e-2."),  # a power with no exponent
    ("10^5000", "Type a finite number."),
    ("lots", "'lots' is not a number; try e.g. 0.015 or 1.5e-2."),
    # a long answer is quoted cut, and says so (cut silently, the quote read as the whole answer)
    ("x" * 41, f"'{'x' * 40}…' is not a number; try e.g. 0.015 or 1.5e-2."),
    ("x" * 40, f"'{'x' * 40}' is not a number; try e.g. 0.015 or 1.5e-2."),
    # a decimal comma's quotes too: 20,000 fives after "1," filled the page twice
    ("1," + "5" * 20_000, f"Write decimals with a point, not a comma: 1.{'5' * 38}… rather than 1,{'5' * 38}…."),
    ("", "Type a number before submitting."),
    ("nan", "Type a finite number."),
    ("1e999", "Type a finite number."),
])
def test_what_is_refused_is_one_sentence(text, sentence):
    with pytest.raises(ValueError) as caught:
        read_number(text)
    assert str(caught.value) == sentence


@pytest.mark.parametrize("text, unit, value", [
    # a manager typed "$1,200" for a budget in dollars and was told to write "$1.200"
    ("$1,200", "dollars", 1200.0), ("$1200", None, 1200.0), ("1200 dollars", "dollars", 1200.0),
    ("1,200 USD", "$", 1200.0), ("1200$", "$", 1200.0), ("-$5", None, -5.0), ("€ 30", None, 30.0),
    ("1 200", None, 1200.0), ("12\u202f345.5", None, 12345.5), ("5 GB", "GB", 5.0), ("5GB", "gb", 5.0),
    ("480 GPU-hours", "GPU-hours", 480.0), ("3.2 million", "million", 3.2), ("75 %", "%", 75.0),
])
def test_an_amount_with_its_currency_sign_or_its_unit(text, unit, value):
    assert read_number(text, unit) == pytest.approx(value)


@pytest.mark.parametrize("text, unit, sentence", [
    ("1200 bucks", "dollars", "'1200 bucks' is not a number; type the number alone (in dollars), e.g. 12 or 1.5e-2."),
    ("dollars", "dollars", "'dollars' is not a number; type the number alone (in dollars), e.g. 12 or 1.5e-2."),
    ("5 GB", None, "'5 GB' is not a number; try e.g. 0.015 or 1.5e-2."),  # a unit the answer does not have
    ("1 2", None, "'1 2' is not a number; try e.g. 0.015 or 1.5e-2."),  # not digits in threes
    ("$1,20", "dollars", "Write decimals with a point, not a comma: 1.20 rather than $1,20."),
])
def test_what_is_refused_with_a_unit_names_it(text, unit, sentence):
    with pytest.raises(ValueError) as caught:
        read_number(text, unit)
    assert str(caught.value) == sentence


@given(st.floats(allow_nan=False, allow_infinity=False))
def test_any_float_reads_back_as_written_and_grouped(x):
    assert read_number(repr(x)) == x
    grouped = f"{x:,}"
    if "e" not in grouped:  # Python groups only fixed-point forms
        assert math.isclose(read_number(grouped), x, rel_tol=1e-15, abs_tol=0.0)


def test_practice_and_the_interviews_auto_grade_read_a_typed_answer_alike():
    # the candidate's box saves text; the scorecard used to read "0,24" as 24 and refuse "24%"
    from engine.content.schema import NumericQuestion
    from engine.scorecard import auto_grade
    from tests.content.test_grading import Q

    base = Q["numeric"].model_dump()
    base["answer"] = {"value": 0.24, "abs_tol": 0.001, "rel_tol": None}
    q = NumericQuestion.model_validate(base)
    assert auto_grade(q, "24%")["correct"] and auto_grade(q, " 0.24 ")["correct"]
    comma = auto_grade(q, "0,24")
    assert comma == {"correct": False, "score": 0.0, "feedback":
                     "Not a number: write decimals with a point, not a comma: 0.24 rather than 0,24."}
    assert auto_grade(q, "lower the rate")["feedback"].startswith("Not a number: 'lower the rate' is not a number")


def test_a_percent_sign_in_an_answer_asked_in_per_cent_names_the_unit():
    """The authors' audit: a box labelled "Your answer (%)" read "75%" as 0.75 and graded it
    wrong ("the answer is 75%, you gave 0.75%"), in two shipped questions too."""
    assert read_number("75%", "%") == read_number("75", "%") == 75.0
    assert read_number("95.4 %", "percent") == 95.4
    assert read_number("75%") == 0.75 and read_number("75%", "GB") == 0.75  # elsewhere "%" still divides


def test_shipped_questions_in_per_cent_take_the_answer_typed_with_its_sign():
    from engine.content.grading import grade
    from engine.content.loader import load_library
    from tests.conftest import ROOT

    lib = load_library([ROOT / "content"])
    in_percent = [q for q in lib.questions if q.type == "numeric" and q.answer.unit == "%" and q.answer.value is not None]
    assert in_percent
    for q in in_percent:
        assert grade(q, f"{q.answer.value:g}%").correct, q.id
        assert grade(q, f"{q.answer.value:g}").correct, q.id


def test_a_fraction_where_the_question_asks_for_a_whole_number_is_refused_in_words():
    """The page audit: "458.2" typed under "Give a whole number" (the smallest number of trials is
    459) was graded wrong without a word of why; a box asking for a whole number now says so, and
    reads every way of writing a whole one."""
    import pytest

    from engine.content.numbers import NotWhole, read_number

    with pytest.raises(NotWhole, match=r"^The question asks for a whole number, and 458.2 is not one\.$"):
        read_number("458.2", whole=True)
    for typed, value in (("459", 459), ("459.0", 459), ("4.59e2", 459), ("1,200", 1200), ("$1,200", 1200),
                         ("1200 dollars", 1200), ("-3", -3)):
        assert read_number(typed, "dollars", whole=True) == value, typed
    assert read_number("458.2") == 458.2  # a question that asks nothing of the kind reads it as ever
    with pytest.raises(NotWhole):
        read_number("50%", whole=True)  # 0.5: a share where a count is asked for
    assert read_number("56%", "%", whole=True) == 56  # a whole percent, in a box asking per cent
    with pytest.raises(ValueError, match=r"^'162/2' is not a number; try a whole number, e\.g\. 12\.$"):
        read_number("162/2", whole=True)  # its example is a whole number too
    with pytest.raises(ValueError, match=r"type the number alone \(in trials\), e\.g\. 12\.$"):
        read_number("lots", "trials", whole=True)


def test_a_whole_number_question_refuses_a_fraction_in_the_grader_and_the_scorecard():
    import pytest

    from engine.content.grading import grade
    from engine.content.schema import NumericQuestion
    from engine.scorecard import auto_grade
    from tests.content.test_grading import Q

    base = Q["numeric"].model_dump()
    base["answer"] = {"value": 459, "abs_tol": 0, "places": 0}
    q = NumericQuestion.model_validate(base)
    assert q.answer.whole and grade(q, "459").correct and grade(q, 459.0).correct
    for response in ("458.2", 458.2, "1000000.5", 1000000.5):  # typed text (a derivation's step) or a float
        with pytest.raises(ValueError, match=f"asks for a whole number, and {response} is not one"):
            grade(q, response)
    assert auto_grade(q, "458.2") == {"correct": False, "score": 0.0,
                                      "feedback": "The question asks for a whole number, and 458.2 is not one."}
    assert auto_grade(q, "lots")["feedback"].startswith("Not a number: ")  # not a number at all: as before
    with pytest.raises(ValueError, match="places: 0 asks for a whole number, but the value 2.5 is not one"):
        NumericQuestion.model_validate({**base, "answer": {"value": 2.5, "abs_tol": 0, "places": 0}})
