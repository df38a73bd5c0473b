"""The order a question's options and steps are shown in.

Stable per question (a reload, a retry and the interviewer's copy show the same order), and
telling nothing: the right choice is not always first, and an ordering question's steps are never
shown (nearly) in the right order or its reverse, where numbering them as shown would score.
"""

from __future__ import annotations

import random
from collections.abc import Sequence

from engine.content.grading import pairs_in_order

#: the share of an ordering's pairs its steps may show already in the right order: a candidate
#: who numbers them top to bottom (or bottom to top) then earns about half, as by chance
SHOWN_PAIRS_RIGHT = (0.2, 0.6)


def _lettered(items: Sequence[str]) -> bool:
    return list(items) == [chr(65 + i) for i in range(len(items))]


def display_order(question_id: str, items: Sequence[str]) -> list[str]:
    """A stable shuffle per question, so the right answer is not always first.

    Lettered curves (A, B, C, ...) keep their order: which run got which letter is already
    shuffled by the question's seed.
    """
    order = list(items)
    if _lettered(order):
        return order
    random.Random(f"tunelab:{question_id}").shuffle(order)
    return order


def steps_order(question_id: str, items: Sequence[str], answer: Sequence[str] | None) -> list[str]:
    """The order an ordering question's steps are shown in: the first of the question's stable
    shuffles (:func:`display_order`'s, then reseeded) that keeps 20% to 60% of the answer's pairs
    in order. A plain shuffle showed 4 of 52 shipped questions at 80-100%.

    Lettered curves keep their letter order, and without its answer (``None``) a list is shown
    as :func:`display_order` would.
    """
    order = display_order(question_id, items)
    if _lettered(items) or answer is None or sorted(answer) != sorted(items):
        return order
    low, high = SHOWN_PAIRS_RIGHT
    for attempt in range(1, 200):
        kept, n_pairs = pairs_in_order(order, answer)
        if low <= kept / n_pairs <= high:
            return order
        order = list(items)
        random.Random(f"tunelab:{question_id}:{attempt}").shuffle(order)
    return display_order(question_id, items)  # only two steps can miss the band (0% or 100%)
