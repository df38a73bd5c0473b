"""The interviewer's answer key writes a number as the banks' model answers do."""

from __future__ import annotations

import math

import pytest

from engine.content.answers import key_number


@pytest.mark.parametrize(
    "value, abs_tol, rel_tol, shown",
    [
        (73856, 0, None, "73,856"),  # a count: whole, with separators
        (3840.0, None, 0.01, "3,840"),
        (0.510414, 0.002, None, "0.5104"),  # four significant digits where the tolerance allows
        (0.538462, None, 0.01, "0.5385"),
        (-0.00999999, None, 0.01, "-0.01"),
        (12345.678, None, 0.01, "12,346"),
        (1e-5, 1e-7, None, "1e-5"),  # not Python's padded "1e-05"
        (2.499875, None, 1e-5, "2.49987"),  # as many more digits as the tolerance needs: 2.5 is wrong here
        (12345.678, 0.5, None, "12,345.7"),
        (0.0005413, 1e-6, None, "0.0005413"),
    ],
)
def test_key_number(value, abs_tol, rel_tol, shown):
    assert key_number(value, abs_tol, rel_tol) == shown


def test_the_shown_key_is_within_half_the_tolerance():
    for value, rel in ((2.499875, 1e-5), (1.49925, 1e-5), (0.0952413716578905, 0.003), (math.pi, 1e-9)):
        assert abs(float(key_number(value, None, rel).replace(",", "")) - value) <= rel * value / 2


def test_what_is_not_a_finite_number_passes_through():
    assert key_number("B") == "B"
    assert math.isnan(key_number(float("nan")))
    assert key_number(True) is True


@pytest.mark.parametrize("value, places, shown", [(19.0, 1, "19.0"), (0.5, 2, "0.50"), (1234.5, 1, "1,234.5"),
                                                  (0.001, 4, "0.0010"), (7, 0, "7")])
def test_a_key_is_written_with_the_places_the_question_asks_for(value, places, shown):
    assert key_number(value, None, 0.01, places) == shown
