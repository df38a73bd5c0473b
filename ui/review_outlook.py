"""The review schedule's three numbers, as Review and Progress both show them."""

from __future__ import annotations

import streamlit as st


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
