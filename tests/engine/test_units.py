"""Money reads "$150", not "150 $"; two amounts in one line stay text, not a formula."""

from __future__ import annotations

from engine.units import escape_money, with_unit


def test_currency_goes_before_the_number():
    assert with_unit(150, "$") == "$150"
    assert with_unit(1440.0, "$") == "$1440"
    assert with_unit(-2.5, "$") == "−$2.5"
    assert with_unit(20, "%") == "20%"
    assert with_unit(0.015, "per step") == "0.015 per step"
    assert with_unit(3, None) == "3"


def test_two_amounts_are_escaped_for_markdown_but_maths_is_kept():
    assert escape_money("is $150, you gave $140") == r"is \$150, you gave \$140"
    assert escape_money(r"$\alpha$ and \$5") == r"$\alpha$ and \$5"
