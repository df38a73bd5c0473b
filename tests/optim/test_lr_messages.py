"""The learning-rate and hyperparameter messages say what is wrong with the value, and echo it
the way a visitor typed it ("got -1", not Python's "got -1.0")."""

from __future__ import annotations

import pytest

from engine.optim.optimizers import check_hyper, check_lr, get_optimizer, parse_lrs


@pytest.mark.parametrize(
    "value, message",
    [
        (float("inf"), "learning rate must be a finite number, got inf"),
        (float("-inf"), "learning rate must be a finite number, got -inf"),
        (float("nan"), "learning rate must be a finite number, got nan"),
        (float("1e400"), "learning rate must be a finite number, got inf"),  # what float('1e400') is
        (-1.0, "learning rate must be > 0, got -1"),
        (0.0, "learning rate must be > 0, got 0"),
        (-0.1, "learning rate must be > 0, got -0.1"),
        (2000.0, "learning rate must be at most 1,000, got 2000"),
        (True, "learning rate must be a number, got True"),
    ],
)
def test_check_lr_says_what_is_wrong(value, message):
    with pytest.raises(ValueError) as exc:
        check_lr(value)
    assert str(exc.value) == message


@pytest.mark.parametrize(
    "text, message",
    [
        ("1e400", "learning rate must be a finite number, got inf"),
        ("inf", "learning rate must be a finite number, got inf"),
        ("nan", "learning rate must be a finite number, got nan"),
        ("0.01, -1", "learning rate must be > 0, got -1"),
        ("0", "learning rate must be > 0, got 0"),
        ("0,1", "write decimals with a point, 0.1 rather than 0,1: commas separate the rates"),
        ("0.01, 0,001", "write decimals with a point, 0.001 rather than 0,001: commas separate the rates"),
    ],
)
def test_typed_rates_get_the_engines_message(text, message):
    with pytest.raises(ValueError) as exc:
        parse_lrs(text)
    assert str(exc.value) == message


def test_a_refusal_quotes_at_most_40_characters_of_what_was_typed():
    # a 900-character word, or a decimal comma before 900 digits, came back whole (twice for the comma)
    with pytest.raises(ValueError) as exc:
        parse_lrs("x" * 900)
    assert str(exc.value) == f"'{'x' * 40}…' is not a number"
    with pytest.raises(ValueError) as exc:
        parse_lrs("0," + "5" * 900)
    assert str(exc.value) == (f"write decimals with a point, 0.{'5' * 38}… rather than 0,{'5' * 38}…: "
                              "commas separate the rates")


def test_typed_rates_still_parse():
    assert parse_lrs("0.01, 0.1; 1e-3, 0.01") == [0.01, 0.1, 0.001]
    assert parse_lrs("1,2") == [1.0, 2.0] and parse_lrs("0.1,0.2") == [0.1, 0.2]  # commas between rates
    assert parse_lrs("1e0,1") == [1.0]


@pytest.mark.parametrize(
    "key, value, message",
    [
        ("momentum", 1.0, "momentum must be >= 0 and < 1, got 1"),
        ("dampening", -1.0, "dampening must be >= 0 and <= 1, got -1"),
        ("eps", -2.0, "eps must be >= 0 and < infinity, got -2"),
        ("beta2", float("nan"), "beta2 must be a finite number, got nan"),
        ("weight_decay", float("inf"), "weight_decay must be a finite number, got inf"),
    ],
)
def test_check_hyper_echoes_the_value_as_typed(key, value, message):
    with pytest.raises(ValueError) as exc:
        check_hyper(key, value)
    assert str(exc.value) == message


def test_an_optimizers_hyperparameters_echo_whole_numbers_whole():
    with pytest.raises(ValueError) as exc:
        get_optimizer("momentum").hyper(momentum=1)
    assert str(exc.value) == "momentum must be >= 0 and < 1, got 1"
