"""The review schedule's three numbers, as Review and Progress both show them, and Review's table of what is due."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import streamlit as st

from ui.layout import table_height
from ui.site_links import practice_column

#: the due questions' rows in view before their table scrolls (on a phone, ten fill a screen)
DUE_ROWS = 10


def outlook_metrics(due_label: str, due_today: int, due_week: int, retention: float | None) -> None:
    """Due today, due within a week and the estimated retention, in a row that wraps (with the text
    at 200%, three columns cut the labels short). ``retention`` None: nothing reviewed yet ("–")."""
    with st.container(horizontal=True):
        st.metric(due_label, f"{due_today:,}")
        st.metric("Due within a week (today's included)", f"{due_week:,}",  # "7 today, 8 in a week": the 8 held the 7
                  help="Questions due by the end of the day a week from today, counting those due today.")
        st.metric("Estimated retention now", f"{retention:.0%}" if retention is not None else "–",
                  help="The average FSRS probability that you would recall each reviewed question right now; a "
                       "question whose latest answer was wrong counts as 0 until you answer it right.")


def due_table(rows: Sequence[Mapping[str, Any]]) -> None:
    """Every question due (:func:`engine.review.due_rows`), a row each, under a caption that says how to
    open one and, past :data:`DUE_ROWS`, that the table scrolls.

    All of them, in a table that scrolls inside itself: a list of eight ended "…and 4 more.", the four
    named nowhere, and no item opened its question (a learner's walk-through). At most one row a
    question the banks serve (their hundreds, virtualised by the grid), so no page of its own.
    """
    more = (f" All {len(rows):,} are in the table: it scrolls past the first {DUE_ROWS}."
            if len(rows) > DUE_ROWS else "")
    st.caption(f"Open shows a question alone in Practice, in a new tab; Start the review asks them all in turn.{more}")
    st.dataframe(
        list(rows), hide_index=True, width="stretch", height=table_height(min(len(rows), DUE_ROWS)),
        column_config={
            # the prompt first, as text: a row is known by its question. 270 px, as Progress's Recent attempts:
            # with its link beside it, it fits a phone's 358 px (a wider question pushed "Open" off the screen)
            "Question": st.column_config.TextColumn("Question", width=270),
            "Practice": practice_column(),
            # a question's topics joined: three of them need 330 px
            "Topic": st.column_config.TextColumn("Topic", width=330),
            "Difficulty": st.column_config.TextColumn("Difficulty", width=90),
        },
        alt="The questions due for review today, the most overdue first: each question, a link that opens it in "
            "Practice, its topics and its difficulty",
    )
