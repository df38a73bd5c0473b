"""The stored shape of a judged free-text answer: the machine's view and the candidate's word.

:func:`free_text_response` combines the judge's verdict (``Judgement.to_dict()``) with the key
points the candidate finally ticked. The grade (:func:`engine.content.grading.grade`) reads
``covered`` and ``contradicted``; ``judge`` and ``corrections`` keep both sides for later.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

#: a covered point below this confidence is shown as "possibly covered", with no figure: between the
#: rule's threshold (``engine.judge.judge.COVERED_AT``, 0.35) and here its calls are close to a coin
#: toss (an answer made of a listed mistake "covered" two points at 54 % and 59 %: the hiring team's
#: walk), and a percentage read as a measurement. Display only: the decision, the pre-ticks and the
#: labelled sets' numbers are the rule's
SURE_AT = 0.65


def unsure(point: dict[str, Any]) -> bool:
    """Whether a point of a verdict (``PointVerdict.to_dict()``) is covered below :data:`SURE_AT`:
    shown as "possibly covered", without its confidence."""
    confidence = float(point.get("confidence", 0))
    return bool(point.get("covered")) and not point.get("contradicted") and confidence < SURE_AT


def machine_covered(judgement: dict[str, Any] | None) -> list[str]:
    """The key points the judge found covered (none when it did not judge the answer)."""
    if not judgement or judgement.get("status") != "judged":
        return []
    return [p["text"] for p in judgement.get("key_points", []) if p.get("covered")]


def machine_contradicted(judgement: dict[str, Any] | None) -> list[str]:
    if not judgement or judgement.get("status") != "judged":
        return []
    return [p["text"] for p in judgement.get("key_points", []) if p.get("contradicted")]


def free_text_response(text: str, judgement: dict[str, Any] | None, ticked: Sequence[str]) -> dict[str, Any]:
    """The attempt's answer: the text, the final coverage, the judge's verdict and the corrections.

    Parameters
    ----------
    text
        The candidate's answer.
    judgement
        ``Judgement.to_dict()``, or None when no judge ran.
    ticked
        The key points the candidate confirmed: the final word.
    """
    ticked = list(dict.fromkeys(ticked))
    machine = machine_covered(judgement)
    return {
        "text": text,
        "covered": ticked,
        # a contradiction stands only while the candidate has not ticked the point
        "contradicted": [c for c in machine_contradicted(judgement) if c not in ticked],
        "judge": judgement,
        "corrections": {
            "added": [c for c in ticked if c not in machine],
            "removed": [c for c in machine if c not in ticked],
        },
    }
