"""A candidate's answer as readable text: numbered steps, bulleted choices, never a Python list.

Used wherever an answer is shown back (the interviewer's live view, the scorecard in every
format, Practice's feedback). The text is the candidate's (or the bank's) words put on lines;
callers show it as plain text, or as a Markdown list with each item escaped (``item=``).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from engine.content.numbers import read_number
from engine.labels import plain_exponent
from engine.units import with_unit

#: what an answer that is empty or missing reads as
NO_ANSWER = "(no answer)"


def is_answered(answer: Any) -> bool:
    """True when ``answer`` holds something the candidate gave.

    None, blank text, an empty list and a derivation with no step and no result filled in are
    not answers: a question whose saved value is one of these is still waiting.
    """
    if answer is None:
        return False
    if isinstance(answer, str):
        return bool(answer.strip())
    if isinstance(answer, (list, tuple)):
        return any(is_answered(a) for a in answer)
    if isinstance(answer, dict):
        if "text" in answer:  # a free-text response as Practice stores it
            return is_answered(answer["text"])
        return any(is_answered(v) for v in [*(answer.get("steps") or []), answer.get("final")])
    return True  # a number


def is_partial(answer: Any) -> bool:
    """True when ``answer`` is a derivation with some parts filled in and some left empty (a step or
    the result): answered, as :func:`is_answered` counts, but not whole."""
    if not isinstance(answer, dict) or "text" in answer:
        return False
    filled = [is_answered(v) for v in [*(answer.get("steps") or []), answer.get("final")]]
    return any(filled) and not all(filled)


def readable_answer(qtype: str, answer: Any, unit: str | None = None, item: Callable[[str], str] = str) -> str:
    """``answer`` to a question of type ``qtype`` as plain text lines.

    An ordering reads "1. first step" per line, a multi-choice "- option" per line, a
    derivation "Step 1: ..." per step and then "Result: ...", a number with its unit.
    ``item`` writes each item of an ordering or a multi-choice (``ui.text.show_answer`` escapes
    them, to draw the lines as a Markdown list).
    """
    if not is_answered(answer):
        return NO_ANSWER
    if isinstance(answer, dict) and "text" in answer:
        return str(answer["text"]).strip()
    if isinstance(answer, dict):
        steps = answer.get("steps") or []
        lines = [f"Step {i}: {_one_line(s)}" for i, s in enumerate(steps, 1)]
        final = answer.get("final")
        lines.append(f"Result: {readable_answer(qtype, final, unit) if is_answered(final) else NO_ANSWER}")
        return "\n".join(lines)
    if isinstance(answer, (list, tuple)):
        items = [item(str(a)) for a in answer if is_answered(a)]
        if qtype == "ordering":
            return "\n".join(f"{i}. {item}" for i, item in enumerate(items, 1))
        return "\n".join(f"- {item}" for item in items)
    if isinstance(answer, (int, float)) and not isinstance(answer, bool):
        return with_unit(answer, unit)
    text = str(answer).strip()
    if qtype != "numeric" or not unit:
        return text
    try:
        read_number(text, unit)
    except ValueError:
        return text  # words typed in a number's box read "…compare validation loss. GB" with the unit after
    bare = unit.strip()
    if text.casefold().endswith(bare.casefold()) or text.startswith(bare):
        return text  # typed with its unit: "12 GB" read "12 GB GB"
    return with_unit(text, unit)


def _one_line(value: Any) -> str:
    if not is_answered(value):
        return NO_ANSWER
    if isinstance(value, (list, tuple)):
        return "; ".join(str(v) for v in value)
    return f"{value:g}" if isinstance(value, float) else str(value)


def key_number(value: Any, abs_tol: float | None = None, rel_tol: float | None = None,
               places: int | None = None) -> Any:
    """A numeric answer as the key shows it, written the way the banks' model answers write it:
    a whole number with thousands separators ("73,856"), any other to 4 significant digits
    ("0.5104"), or to as many more as the tolerance needs (1.49925 within 1e-5 relative reads
    "1.49925": at 4 digits it would read 1.499, outside the tolerance); with ``places``, that many
    decimals ("19.0" where the question asks for one). Anything else is returned as given.

    Parameters
    ----------
    value
        The computed or written answer.
    abs_tol, rel_tol
        The answer's tolerances; the shown number stays within half of them of ``value``.
    places
        The decimal places the question asks for, if it asks.

    Returns
    -------
    The text to show, or ``value`` itself when it is not a finite number.
    """
    from engine.content.grading import numeric_matches  # it imports this module: read when called

    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        return value
    if places is not None:
        return f"{value:,.{places}f}"
    if float(value).is_integer() and abs(value) < 1e15:
        return f"{int(value):,}"
    half = (abs_tol / 2 if abs_tol is not None else None, rel_tol / 2 if rel_tol is not None else None)
    # from 1,000 up, four digits stand before the point already: whole, or the decimals the tolerance needs
    large = 1000 <= abs(value) < 1e15
    for shown in (f"{value:.{d}f}" for d in range(7)) if large else (f"{value:.{d}g}" for d in range(4, 13)):
        if numeric_matches(float(shown), value, *half):
            break
    if large:
        whole, dot, fraction = shown.partition(".")
        return f"{int(whole):,}{dot}{fraction}"
    return plain_exponent(shown)


def numeric_key(answer: Any) -> str:
    """A numeric answer's key (a :class:`~engine.content.schema.NumericAnswer` with its value) as
    text, unit included: the one way Practice's verdict, the interviewer's key and the scorecard
    write it."""
    number = key_number(answer.value, answer.abs_tol, answer.rel_tol, answer.places)
    return with_unit(number, answer.unit)


def step_key(step: Any) -> str:
    """A derivation step's right answer as text: a number as :func:`numeric_key` writes it, a
    choice as it stands."""
    return numeric_key(step.answer) if step.type == "numeric" else step.answer


__all__ = ["NO_ANSWER", "is_answered", "key_number", "numeric_key", "readable_answer", "step_key"]
