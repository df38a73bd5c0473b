"""Layout rules shared by pages: style only, drawn nowhere on the page."""

from __future__ import annotations

import streamlit as st

#: a table's height: its header and each row (Streamlit's default row), and the border
TABLE_ROW_PX, TABLE_BORDER_PX = 35, 3


def table_height(rows: int) -> int:
    """The height in pixels of a table (``st.dataframe``) showing ``rows`` rows and its header, no scroll bar."""
    return (rows + 1) * TABLE_ROW_PX + TABLE_BORDER_PX

#: A card in a row (``st.container(horizontal=True)``) is at least 11.5 rem wide: four to a row at
#: the usual text size (the 820 px beside the sidebar), one to a row with the text at 200%.
#: Streamlit starts a row's containers at 128 px whatever the text size; rem grows with the text.
#: Columns of fixed shares kept cards side by side at 200%, a word or less to a line.
CARD_ROW_STYLE = """<style>
[data-testid="stHorizontalBlock"] > [data-testid="stLayoutWrapper"] { flex: 1 1 11.5rem; }
</style>"""


def card_rows() -> None:
    """Give this page's rows of cards :data:`CARD_ROW_STYLE` (Home's start cards, Progress's weakest topics)."""
    st.html(CARD_ROW_STYLE)
