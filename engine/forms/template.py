"""Drawn variables and safe templates for generated questions.

A generated question declares its variables (``choices`` to pick from, or a ``low``-``high``
range on a grid of ``step`` or to ``digits`` significant digits, optionally log-uniform).
:func:`draw_values` draws them from a seed; the same question and seed always give the same
values. :func:`fill` puts values into text: a placeholder is ``{name}`` or ``{name:.3g}``
where ``name`` is a plain lower-case identifier, replaced by a dictionary look-up and
``format(value, spec)`` with a numeric spec only. Nothing is evaluated, no attribute or item
is reached through a placeholder, and a brace pair that is not a known name (``\\hat{m}``,
``x^{t}``) is left as written.
"""

from __future__ import annotations

import math
import random
import re
from collections.abc import Mapping
from typing import Any

#: ``{name}`` or ``{name:spec}`` not glued to a word, a backslash, ``^``, ``_`` or another brace
PLACEHOLDER = re.compile(r"(?<![\\\w^_{])\{([a-z][a-z0-9_]*)(?::(\.?\d{0,2}[fgeE%]))?\}(?!\})")
IDENTIFIER = re.compile(r"^[a-z][a-z0-9_]*$")
#: ``$name`` in a compute argument refers to a drawn variable
REFERENCE = re.compile(r"^\$([a-z][a-z0-9_]*)$")


#: ``{name:anything}``, placed as a placeholder is: one whose format :data:`PLACEHOLDER` does not take
_ANY_FORMAT = re.compile(r"(?<![\\\w^_{])\{([a-z][a-z0-9_]*):([^{}]*)\}(?!\})")


def placeholders(text: str) -> list[str]:
    """The names of every placeholder in ``text``, in order."""
    return [m.group(1) for m in PLACEHOLDER.finditer(text)]


def unfilled_formats(text: str, names: set[str] | frozenset[str]) -> list[str]:
    """Placeholders of ``names`` written with a format :func:`fill` does not take (``{answer:d}``,
    ``{n:,}``, ``{x:.3}``): left as written, the learner would read the braces."""
    return [m.group(0) for m in _ANY_FORMAT.finditer(text)
            if m.group(1) in names and not PLACEHOLDER.fullmatch(m.group(0))]


def format_value(value: Any, spec: str | None = None) -> str:
    """How a value is written into text: ``spec`` if given, else whole numbers as integers and
    other floats with up to 6 significant digits."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return str(value)
    if spec:
        return format(value, spec)
    if isinstance(value, int) or (math.isfinite(value) and value == int(value) and abs(value) < 1e15):
        return str(int(value))
    return format(value, ".6g")


def fill(text: str, values: Mapping[str, Any]) -> str:
    """Replace every placeholder whose name is in ``values``; leave anything else as written."""

    def sub(m: re.Match) -> str:
        name, spec = m.group(1), m.group(2)
        return format_value(values[name], spec) if name in values else m.group(0)

    return PLACEHOLDER.sub(sub, text)


def _round_sig(x: float, digits: int) -> float:
    if x == 0:
        return 0.0
    return round(x, digits - 1 - int(math.floor(math.log10(abs(x)))))


def _decimals(step: float) -> int:
    text = format(step, "f").rstrip("0")
    return len(text.split(".")[1]) if "." in text else 0


def draw_value(spec: Any, rng: random.Random) -> Any:
    """One value of a variable spec (see :class:`engine.content.form_blocks.Variable`)."""
    if spec.choices is not None:
        return rng.choice(list(spec.choices))
    low, high = spec.low, spec.high
    if spec.step is not None:
        n = int(math.floor((high - low) / spec.step + 1e-9))
        value = low + rng.randint(0, n) * spec.step
        if all(isinstance(v, int) and not isinstance(v, bool) for v in (low, high, spec.step)):
            return int(value)
        return round(value, _decimals(spec.step))
    if spec.log:
        value = 10 ** rng.uniform(math.log10(low), math.log10(high))
    else:
        value = rng.uniform(low, high)
    return _round_sig(value, spec.digits)


def extremes(spec: Any) -> list[Any]:
    """The values of a variable spec at the ends of its range, as :func:`draw_value` can draw them
    (every choice, for a list of choices): where a computation breaks, if anywhere, it mostly
    breaks there (a rate of 0, more folds than rows)."""
    if spec.choices is not None:
        return list(dict.fromkeys(spec.choices))
    low, high = spec.low, spec.high
    if spec.step is not None:
        n = int(math.floor((high - low) / spec.step + 1e-9))
        ends = [low, low + n * spec.step]
        if all(isinstance(v, int) and not isinstance(v, bool) for v in (low, high, spec.step)):
            return list(dict.fromkeys(int(v) for v in ends))
        return list(dict.fromkeys(round(v, _decimals(spec.step)) for v in ends))
    return list(dict.fromkeys(_round_sig(v, spec.digits) for v in (low, high)))


def draw_values(question_id: str, variables: Mapping[str, Any], seed: int) -> dict[str, Any]:
    """Every variable of a question, drawn in the order declared, from ``(question_id, seed)``."""
    rng = random.Random(f"tunelab-variant:{question_id}:{int(seed)}")
    return {name: draw_value(spec, rng) for name, spec in variables.items()}


def bind_args(args: Mapping[str, Any], values: Mapping[str, Any]) -> dict[str, Any]:
    """Compute arguments with every ``$name`` (alone, or as a list item) replaced by its drawn value."""

    def one(v: Any) -> Any:
        if isinstance(v, str):
            m = REFERENCE.match(v)
            return values[m.group(1)] if m else v
        if isinstance(v, list):
            return [one(x) for x in v]
        return v

    return {k: one(v) for k, v in args.items()}


def references(args: Mapping[str, Any]) -> list[str]:
    """Every variable name a compute block's arguments refer to."""
    out: list[str] = []
    for v in args.values():
        for x in v if isinstance(v, list) else [v]:
            if isinstance(x, str) and REFERENCE.match(x):
                out.append(REFERENCE.match(x).group(1))
    return out
