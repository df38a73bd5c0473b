"""A table of banks whose rows open Practice: Home's list of the banks, Progress's "By bank"."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import streamlit as st

from ui.layout import table_height
from ui.practice_session import choose_bank


def bank_table(rows: Sequence[Mapping[str, Any]], slugs: Sequence[str], key: str, *,
               column_config: Mapping[str, Any], alt: str, max_rows: int | None = None) -> None:
    """One row per bank (``slugs[i]`` is row ``i``'s), with a box to tick: ticking it opens Practice
    on that bank (:func:`ui.practice_session.choose_bank`).

    The box is the way in: a click on a cell selects the cell, and the grid's keyboard reaches the
    box only as Shift+Space on a row (Practice's Bank filter is the other way); the caption above the
    table says both. The
    table takes a fresh key after each choice: the ticked row stays in the session, and the next
    visit of the page would be sent straight back to Practice. ``max_rows``: the rows shown
    before the table scrolls (all of them by default: no scroll bar of its own).
    """
    turn = st.session_state.get(f"{key}.turn", 0)
    shown = len(rows) if max_rows is None else min(len(rows), max_rows)
    chosen = st.dataframe(
        list(rows), hide_index=True, height=table_height(shown), key=f"{key}.{turn}",
        on_select="rerun", selection_mode="single-row", column_config=dict(column_config), alt=alt,
    )
    if chosen.selection.rows:
        st.session_state[f"{key}.turn"] = turn + 1
        # the filter set here, as the role buttons set theirs: a switch with the bank in the address
        # wrote it first into this page's own address, and leaving Practice took three presses of Back
        choose_bank(slugs[chosen.selection.rows[0]])
        st.switch_page("app_pages/practice.py")
