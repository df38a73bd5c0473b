"""The stored shape of a judged free-text answer: the machine's view and the candidate's word.

:func:`free_text_response` combines the judge's verdict (``Judgement.to_dict()``) with the key
points the candidate finally ticked. The grade (:func:`engine.content.grading.grade`) reads
``covered`` and ``contradicted``; ``judge`` and ``corrections`` keep both sides for later.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any


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
