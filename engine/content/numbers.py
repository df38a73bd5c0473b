"""A number as a person types it: :func:`read_number`, one rule for every numeric answer.

Practice's answer box, a derivation's numeric steps and the interview's auto-grade all read
typed text through here, so an answer means the same wherever it is given. A comma is read as
a thousands separator only where it groups digits in threes ("1,000", "12,345.5"); a decimal
comma ("0,24", "3,5") is refused with a sentence naming the number meant, never read as 24 or
35, which would grade a right answer wrong without saying why. Digits grouped in threes by
spaces ("1 200") are read alike. An amount may start with its currency sign ("$1,200") and an
answer may end with its own unit ("1200 dollars", "5 GB" in a box asking for GB): a manager typed
"$1,200" and was told to write "$1.200". A power of ten may be written as the banks print it
("2 × 10⁻⁴", "2x10^-4", "10⁻⁴"), as well as "2e-4".
"""

from __future__ import annotations

import math
import re

from engine.text import quoted

#: digits grouped in threes by commas: the first group 1-3 digits not starting with 0
_THOUSANDS = re.compile(r"^[+-]?[1-9]\d{0,2}(,\d{3})+(\.\d*)?([eE][+-]?\d+)?$")
#: digits grouped in threes by spaces (a no-break or thin space too), as many style guides write them
_SPACED = re.compile(r"^[+-]?[1-9]\d{0,2}([ \u00a0\u202f]\d{3})+(\.\d*)?$")
#: a power of ten as the banks print it and a person copies it: "2 × 10⁻⁴", "2x10^-4", "10⁻⁴", "1.5·10^3"
_POWER_OF_TEN = re.compile(r"^(?:([+-]?(?:\d[\d,]*\.?\d*|\.\d+))\s*[×x*·]\s*)?10\s*\^\s*\(?([+-]?\d{1,4})\)?$")
_SUPERSCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺", "0123456789-+")
#: a hint for text that is no number at all
EXAMPLE = "try e.g. 0.015 or 1.5e-2"
#: what an empty number box shows: a whole number first, so a question asking for a count or whole
#: dollars does not look as if it wanted decimals (the same for every question: it says nothing of the answer)
PLACEHOLDER = "e.g. 12, 0.015 or 1.5e-2"
#: the box's hint where the question asks for a whole number (it says no more than the prompt does)
WHOLE_PLACEHOLDER = "a whole number, e.g. 12"
#: currency signs an amount may start with (after its minus)
CURRENCY_SIGNS = "$€£"
#: the names an amount in dollars may be typed with, after the number
DOLLARS = frozenset({"$", "dollar", "dollars", "usd", "us$"})


#: units that mean "in per cent": a trailing "%" then names the unit, it does not divide by 100
PERCENT_UNITS = frozenset({"%", "percent", "per cent"})


def placeholder(whole: bool) -> str:
    """What an empty number box shows: :data:`WHOLE_PLACEHOLDER` where ``whole``, else :data:`PLACEHOLDER`."""
    return WHOLE_PLACEHOLDER if whole else PLACEHOLDER


def _units(unit: str | None) -> set[str]:
    """What may follow the number for an answer in ``unit``: the unit as written, and for dollars
    their other names."""
    if unit is None or not unit.strip():
        return set()
    own = unit.strip().lower()
    return {own} | (set(DOLLARS) if own in DOLLARS else set())


def _bare(body: str, unit: str | None) -> str:
    """``body`` without a currency sign after its minus, nor the answer's unit at its end."""
    sign = body[0] if body[:1] in "+-" else ""
    rest = body[len(sign):].lstrip()
    if rest[:1] and rest[0] in CURRENCY_SIGNS:
        rest = rest[1:].lstrip()
    lowered = rest.lower()
    for name in sorted(_units(unit), key=len, reverse=True):  # "dollars" before "dollar"
        kept = rest[: -len(name)].rstrip() if lowered.endswith(name) else ""
        if kept[-1:].isdigit() or kept[-1:] == ".":  # a unit after a number, not a word that ends alike
            rest = kept
            break
    return sign + rest


def _as_e_notation(body: str) -> str:
    """``2 × 10⁻⁴`` (or ``2x10^-4``, ``10⁻⁴``) as ``2e-4``; anything else as it is."""
    sup = re.sub("[⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺]+", lambda m: "^" + m.group(0).translate(_SUPERSCRIPTS), body)
    m = _POWER_OF_TEN.match(sup.strip())
    return f"{m.group(1) or '1'}e{m.group(2)}" if m else body


class NotWhole(ValueError):
    """A number where the question asks for a whole one: read, but not an answer to it."""


def read_number(text: str, unit: str | None = None, whole: bool = False) -> float:
    """``text`` as a finite float; a trailing ``%`` divides by 100, unless the answer's ``unit`` is
    per cent (:data:`PERCENT_UNITS`): in a box labelled "(%)", "75%" is 75, as the box asks. A
    leading currency sign and a trailing ``unit`` (for dollars, any of :data:`DOLLARS`) are let be.
    With ``whole`` (the question asks for a whole number: its answer's ``places`` is 0), a number
    with a fraction is refused: "458.2" for "Give a whole number" was graded wrong without a word
    of why, where the question only asked it be rounded.

    Raises
    ------
    ValueError
        With one sentence for the person who typed it: empty, a decimal comma, not a number,
        or not finite; :class:`NotWhole` for a fraction where a whole number is asked for.
    """
    raw = str(text).strip().replace("\u2212", "-")  # a typographic minus pasted from a page
    if not raw:
        raise ValueError("Type a number before submitting.")
    percent = raw.endswith("%")
    body = _bare(raw[:-1].strip() if percent else raw, unit)
    if _SPACED.match(body):
        body = re.sub(r"[ \u00a0\u202f]", "", body)
    body = _as_e_notation(body)
    # a whole number's example is whole: "e.g. 12 or 1.5e-2" under "Give a whole number" suggested decimals
    alone = "e.g. 12" if whole else "e.g. 12 or 1.5e-2"
    example = f"type the number alone (in {unit.strip()}), {alone}" if _units(unit) else \
        ("try a whole number, e.g. 12" if whole else EXAMPLE)
    if "," in body:
        if not _THOUSANDS.match(body):
            if body.count(",") == 1 and "." not in body:
                raise ValueError(f"Write decimals with a point, not a comma: {quoted(body.replace(',', '.'))}"
                                 f"{'%' if percent else ''} rather than {quoted(raw)}.")
            raise ValueError(f"'{quoted(raw)}' is not a number; {example}.")
        body = body.replace(",", "")
    try:
        value = float(body)
    except ValueError:
        raise ValueError(f"'{quoted(raw)}' is not a number; {example}.") from None
    if not math.isfinite(value):
        raise ValueError("Type a finite number.")
    in_percent = unit is not None and unit.strip().lower() in PERCENT_UNITS
    value = value / 100 if percent and not in_percent else value
    if whole and not value.is_integer():
        raise NotWhole(f"The question asks for a whole number, and {quoted(raw)} is not one.")
    return value
