"""A number as a person types it: :func:`read_number`, one rule for every numeric answer.

Practice's answer box, a derivation's numeric steps and the interview's auto-grade all read
typed text through here, so an answer means the same wherever it is given. A comma is read as
a thousands separator only where it groups digits in threes ("1,000", "12,345.5"); a decimal
comma ("0,24", "3,5") is refused with a sentence naming the number meant, never read as 24 or
35, which would grade a right answer wrong without saying why.
"""

from __future__ import annotations

import math
import re

#: digits grouped in threes by commas: the first group 1-3 digits not starting with 0
_THOUSANDS = re.compile(r"^[+-]?[1-9]\d{0,2}(,\d{3})+(\.\d*)?([eE][+-]?\d+)?$")
#: a hint for text that is no number at all
EXAMPLE = "try e.g. 0.015 or 1.5e-2"


#: units that mean "in per cent": a trailing "%" then names the unit, it does not divide by 100
PERCENT_UNITS = frozenset({"%", "percent", "per cent"})


def _quoted(raw: str, limit: int = 40) -> str:
    """What a refusal quotes of the text typed: all of it, or its first ``limit`` characters and "…"
    (cut silently, the quote read as the whole answer)."""
    return raw if len(raw) <= limit else raw[:limit] + "…"


def read_number(text: str, unit: str | None = None) -> float:
    """``text`` as a finite float; a trailing ``%`` divides by 100, unless the answer's ``unit`` is
    per cent (:data:`PERCENT_UNITS`): in a box labelled "(%)", "75%" is 75, as the box asks.

    Raises
    ------
    ValueError
        With one sentence for the person who typed it: empty, a decimal comma, not a number,
        or not finite.
    """
    raw = str(text).strip().replace("\u2212", "-")  # a typographic minus pasted from a page
    if not raw:
        raise ValueError("Type a number before submitting.")
    percent = raw.endswith("%")
    body = raw[:-1].strip() if percent else raw
    if "," in body:
        if not _THOUSANDS.match(body):
            if body.count(",") == 1 and "." not in body:
                raise ValueError(f"Write decimals with a point, not a comma: {body.replace(',', '.')}"
                                 f"{'%' if percent else ''} rather than {raw}.")
            raise ValueError(f"'{_quoted(raw)}' is not a number; {EXAMPLE}.")
        body = body.replace(",", "")
    try:
        value = float(body)
    except ValueError:
        raise ValueError(f"'{_quoted(raw)}' is not a number; {EXAMPLE}.") from None
    if not math.isfinite(value):
        raise ValueError("Type a finite number.")
    in_percent = unit is not None and unit.strip().lower() in PERCENT_UNITS
    return value / 100 if percent and not in_percent else value
