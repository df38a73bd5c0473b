"""Presenter links: restored exactly, or clamped with a plain note."""

from __future__ import annotations

import pytest

from engine.links import LR_MAX, LR_MIN, PresenterLink, lr_options, parse_presenter_link, step_options
from engine.optim.presets import LR_CHOICES, PRESETS


def test_the_readme_link_opens_exactly_as_written():
    link = parse_presenter_link({"preset": "ravine", "lr": "0.018", "steps": "150"})
    assert link == PresenterLink("ravine", 0.018, 150)
    assert link.query() == {"preset": "ravine", "lr": "0.018", "steps": "150"}


def test_no_parameters_open_the_first_preset_at_its_defaults():
    first = next(iter(PRESETS.values()))
    assert parse_presenter_link({}) == PresenterLink(first.key, first.lr, first.steps)


@pytest.mark.parametrize("raw", ["1", "1.0", "0.95", "2", "0.0001", "0.0123456"])
def test_any_rate_in_range_is_kept(raw):
    link = parse_presenter_link({"preset": "lr-regimes", "lr": raw})
    assert link.lr == float(raw) and not link.notes


def test_one_is_on_the_slider():
    assert 1.0 in LR_CHOICES and LR_MIN <= 1.0 <= LR_MAX


@pytest.mark.parametrize("raw, lr, words", [
    ("10", LR_MAX, "above the slider's largest"),
    ("0", PRESETS["lr-regimes"].lr, "(0) must be greater than 0; using the demo's 0.1"),
    ("-0.5", PRESETS["lr-regimes"].lr, "(-0.5) must be greater than 0"),
    ("0.00001", LR_MIN, "below the slider's smallest"),
    ("abc", PRESETS["lr-regimes"].lr, "not a number"),
    ("nan", PRESETS["lr-regimes"].lr, "not a number"),
    ("inf", LR_MAX, "(inf) is above the slider's largest"),  # too large, not "not a number"
    ("1e400", LR_MAX, "(inf) is above the slider's largest"),
    ("-inf", PRESETS["lr-regimes"].lr, "(-inf) must be greater than 0"),
])
def test_a_rate_out_of_range_is_clamped_with_a_note(raw, lr, words):
    # a rate of 0 or less is a slip, not a small rate: the demo keeps its own (a lecturer's walk)
    link = parse_presenter_link({"preset": "lr-regimes", "lr": raw})
    assert link.lr == lr
    assert len(link.notes) == 1 and words in link.notes[0]


@pytest.mark.parametrize("raw, lr, said", [
    ("0,05", 0.05, ["written with a decimal comma: read as 0.05"]),
    (" 0,3 ", 0.3, ["written with a decimal comma: read as 0.3"]),
    ("50,0", LR_MAX, ["read as 50", "above the slider's largest"]),  # then clamped as any rate
    ("0,05,1", PRESETS["lr-regimes"].lr, ["not a number"]),  # a list is no rate
])
def test_a_decimal_comma_in_a_link_is_read_as_the_one_rate_it_can_mean(raw, lr, said):
    # the demo fell back to its default rate, 0.01 where the link meant 0.05 (a lecturer's walk-through)
    link = parse_presenter_link({"preset": "lr-regimes", "lr": raw})
    assert link.lr == lr
    assert len(link.notes) == len(said) and all(words in note for words, note in zip(said, link.notes))


@pytest.mark.parametrize("raw, steps, words", [
    ("5", 20, "outside"), ("100000", 500, "outside"), ("12.5", 40, "not a whole number"),
    ("many", 40, "not a whole number"), ("1e308", 500, "(1e308) is outside"), ("-1e308", 20, "(-1e308) is outside"),
    ("99999999", 500, "(99999999) is outside"),
])
def test_steps_out_of_range_are_clamped_with_a_note(raw, steps, words):
    link = parse_presenter_link({"preset": "lr-regimes", "steps": raw})
    assert link.steps == steps and words in link.notes[0]


def test_an_unknown_demo_says_so_without_repeating_the_visitor_text():
    link = parse_presenter_link({"preset": "<b>evil</b>", "lr": "0.3"})
    assert link.preset == next(iter(PRESETS))
    assert link.lr == 0.3
    assert "does not exist" in link.notes[0] and "evil" not in link.notes[0]


def test_the_slider_offers_the_links_own_values():
    assert 0.018 in lr_options(0.018) and set(LR_CHOICES) <= set(lr_options(0.018))
    assert 123 in step_options(123)
