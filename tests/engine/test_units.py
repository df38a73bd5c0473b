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


def test_one_of_a_unit_reads_in_the_singular_and_every_banks_unit_is_known():
    """"you gave 1 epochs" (the learner walk-through). Every unit a bank writes has its singular in
    the registry, or reads the same for one: a new plural unit fails here until it is added."""
    import doctest

    import engine.units
    from engine.content.loader import load_library
    from engine.units import SINGULAR
    from tests.conftest import ROOT

    assert doctest.testmod(engine.units).failed == 0
    assert with_unit(1, "epochs") == "1 epoch" and with_unit(2, "epochs") == "2 epochs"
    assert with_unit(-1, "percentage points") == "-1 percentage point" and with_unit(1.5, "hours") == "1.5 hours"
    assert with_unit(1, "$") == "$1" and with_unit(1, "%") == "1%"
    same_for_one = {"GB", "MB", "MiB", "ms", "%", "$", "million", "million parameters"}
    units = set()
    for q in load_library([ROOT / "content"]).questions:
        answers = ([q.answer] if q.type == "numeric" else []) + [s.answer for s in q.steps or [] if s.type == "numeric"]
        units |= {a.unit.strip() for a in answers if a.unit}
    unknown = {u for u in units if u not in SINGULAR and u not in same_for_one and not u.startswith("\u00d7")}
    assert not unknown, f"add each to engine.units.SINGULAR, or to this test's same_for_one: {sorted(unknown)}"
    assert all(plural in units for plural in SINGULAR), sorted(set(SINGULAR) - units)  # none left over
