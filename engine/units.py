"""Numbers with their units, written the way people read them: "$150", "20%", "12 minutes"."""

from __future__ import annotations

import re

from engine.labels import plain_exponent

#: units written before the number, without a space
PREFIX_UNITS = frozenset({"$", "US$", "€", "£", "¥"})
#: a unit the banks write in the plural -> how one of it reads ("you gave 1 epochs": the learner walk-through);
#: a unit that reads the same for one ("GB", "ms", "million parameters", "× the first step") is not here
SINGULAR = {
    "GPU-hours": "GPU-hour", "CPU-hours": "CPU-hour", "hours": "hour", "minutes": "minute", "days": "day",
    "months": "month", "steps": "step", "epochs": "epoch", "parameters": "parameter", "trials": "trial",
    "images": "image", "configurations": "configuration", "points": "point", "percentage points": "percentage point",
    "dollars": "dollar", "wins": "win", "calls": "call", "fits": "fit", "strengths": "strength",
    "seed sets": "seed set", "renders": "render", "bits per character": "bit per character",
    "seeds per prompt": "seed per prompt", "cells": "cell", "bits": "bit", "tokens": "token",
    "boosting stages": "boosting stage", "requests per second": "request per second", "alerts a day": "alert a day",
    "projects": "project", "ratings": "rating", "trials a month": "trial a month", "updates": "update", "runs": "run",
    "illustrations": "illustration", "rows": "row",
}


def with_unit(value: float | str, unit: str | None) -> str:
    """``value`` (a number, or a number already formatted) followed or preceded by ``unit``.

    >>> with_unit(150, "$"), with_unit(0.5, "%"), with_unit(12, "minutes"), with_unit(-3, "$")
    ('$150', '0.5%', '12 minutes', '−$3')
    >>> with_unit(7.5e-5, None)  # as a learner types it, not Python's "7.5e-05"
    '7.5e-5'
    >>> with_unit(1, "epochs"), with_unit("1", "GPU-hours"), with_unit(1, "GB")  # one of it (:data:`SINGULAR`)
    ('1 epoch', '1 GPU-hour', '1 GB')
    """
    text = plain_exponent(f"{value:g}") if isinstance(value, (int, float)) else str(value)
    if not unit:
        return text
    unit = unit.strip()
    if text.lstrip("-\u2212") == "1":
        unit = SINGULAR.get(unit, unit)
    if unit in PREFIX_UNITS:
        return f"−{unit}{text[1:]}" if text.startswith("-") else f"{unit}{text}"
    if unit == "%":
        return f"{text}%"
    return f"{text} {unit}"


_MONEY = re.compile(r"(?<!\\)([$])(?=[\d.])")


def escape_money(markdown: str) -> str:
    """``markdown`` with every "$" that starts an amount ("$150") escaped, so that two amounts in
    one line are not read as a LaTeX formula between them. Other "$" (a bank's $\\alpha$) stay.

    >>> escape_money("the answer is $150, you gave $140")
    'the answer is \\\\$150, you gave \\\\$140'
    """
    return _MONEY.sub(r"\\\1", markdown)
