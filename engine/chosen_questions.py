"""How an interview's set-up names the questions chosen for it.

The set-up chooses questions in a multiselect, whose chips are short (a chip is cut at the box's
width: about 35 characters on a phone) and whose box shows about five rows before it scrolls. An
interviewer checking the interview before sending the link needs each question whole enough to
recognise, in order: :func:`chosen_rows` gives that list, :func:`chip_label` a chip's text.
"""

from __future__ import annotations

import textwrap
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Any

from engine.content.topics import topics_text
from engine.forms.instance import preview_prompt
from engine.labels import and_list

#: a chip's prompt, cut at a word: the chips wrap onto rows, each as wide as its text
CHIP_CHARS = 58
#: a listed question's prompt, cut at a word: two or three lines on a phone, recognisable
LIST_CHARS = 220


@dataclass(frozen=True)
class ChosenQuestion:
    """One chosen question as the set-up lists it (plain text: an uploaded bank's is a visitor's)."""

    position: int  # from 1, the candidate's order
    difficulty: str
    topics: str  # titles, joined
    private: bool  # served only in interviews; a public one a candidate could have practised
    prompt: str  # cut at a word, a generated question's seed-0 values filled in


def _shortened(question: Any, width: int) -> str:
    return textwrap.shorten(preview_prompt(question), width, placeholder=" …", break_on_hyphens=False)


def chip_label(question: Any, public: Collection[str]) -> str:
    """A chip's text: "private" only where it applies (most questions are public), the
    difficulty, and the prompt shortened at a word."""
    private = "" if question.id in public else "private · "
    return f"{private}{question.difficulty} · {_shortened(question, CHIP_CHARS)}"


def chosen_rows(chosen: Sequence[str], by_id: dict[str, Any], public: Collection[str]) -> list[ChosenQuestion]:
    """The ``chosen`` ids that name a question of ``by_id``, in order, as the set-up lists them."""
    rows = []
    for i in chosen:
        q = by_id.get(i)
        if q is None:
            continue
        rows.append(ChosenQuestion(len(rows) + 1, q.difficulty, topics_text(q.topics),
                                   i not in public, _shortened(q, LIST_CHARS)))
    return rows


def public_positions(rows: Sequence[ChosenQuestion]) -> str | None:
    """Which chosen questions a candidate could have studied, by position, when some are private
    too: "question 2", "questions 1, 3 and 4" (None when all or none are public: the counts say it).
    The chips mark the private ones only, so the public ones were known by the absence of a tag
    (a hiring team's walk)."""
    public = [r.position for r in rows if not r.private]
    if not public or len(public) == len(rows):
        return None
    return f"question {public[0]}" if len(public) == 1 else "questions " + and_list([str(n) for n in public])


__all__ = ["CHIP_CHARS", "ChosenQuestion", "LIST_CHARS", "chip_label", "chosen_rows", "public_positions"]
