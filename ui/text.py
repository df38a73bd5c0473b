"""Showing text a visitor controls: as text, never as Markdown or HTML.

URL parameters, answers, notes, names, titles and uploaded banks are data. Where a Streamlit
element renders Markdown (``st.markdown``, alerts, captions, titles, expander and tab labels,
radio options, checkbox labels, progress text, metric labels), such text goes through
:func:`inert` first (see :func:`engine.text.markdown_inert`); where it stands alone it is drawn
with :func:`show_text` (``st.text``, which interprets nothing).
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from engine.content.answers import is_answered, readable_answer
from engine.text import markdown_inert, plain


def inert(text: object, limit: int | None = 200) -> str:
    """One line of visitor text, safe inside any Markdown-rendering element."""
    return markdown_inert(text, limit)


def reason(exc: object) -> str:
    """An engine's refusal as the end of a page's sentence ("Cannot run these settings: <reason>."):
    inert, since it may quote what the visitor typed, and ending with a full stop (the engine's
    clauses have none; a whole sentence of its own keeps its own)."""
    said = inert(exc, None)
    return said if said.endswith((".", "?", "!")) else said + "."  # escaped ("\\.") ends with "." too


def show_text(text: object, limit: int = 20_000) -> None:
    """A block of visitor text, drawn as plain text (line breaks kept), cut at ``limit``."""
    s = plain(text)  # a direction control would turn the text around, and what follows it
    if len(s) > limit:
        s = s[:limit] + f"… ({len(s) - limit:,} more characters not shown)"
    st.text(s)


def show_bank_text(text: str, trusted: bool) -> None:
    """Question text: Markdown for the banks shipped with the app, plain text for uploaded ones."""
    if trusted:
        st.markdown(text)
    else:
        show_text(text)


#: an answer longer than this (characters) is drawn in a box that scrolls (:func:`show_answer`)
LONG_ANSWER = 1_500
#: that box's height in pixels: about 15 lines
LONG_ANSWER_HEIGHT = 360


def show_answer(qtype: str, answer: Any, unit: str | None = None) -> None:
    """An answer as the interviewer reads it, a candidate's or the key's: several choices as a
    bulleted list and an ordering as a numbered one, like the key points drawn beside them, each
    item inert (an uploaded bank's option, a candidate's pick: words, never Markdown); any other
    answer as plain text lines (:func:`engine.content.answers.readable_answer`)."""
    if isinstance(answer, (list, tuple)) and any(is_answered(a) for a in answer):
        st.markdown(readable_answer(qtype, answer, unit, item=lambda text: inert(text, None)))
        return
    text = readable_answer(qtype, answer, unit)
    if len(text) <= LONG_ANSWER:
        show_text(text)
        return
    # in a box of its own height that scrolls: a pasted 20,000 characters drawn whole made the live
    # view 12,000 px tall, the rubric far below it (a hiring team's walk)
    st.caption(f"{len(text):,} characters; the box scrolls.")
    with st.container(height=LONG_ANSWER_HEIGHT):
        show_text(text)

