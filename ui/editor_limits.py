"""Bounds on what a visitor's browser may ask an ``st.data_editor`` to apply, checked before Streamlit applies it.

Why: the browser sends a data editor's edits as one JSON string ({"edited_rows", "added_rows",
"deleted_rows"}), and ``st.data_editor`` applies them to its dataframe before the page can look at
the result. Streamlit (1.67, with pandas 3) adds each added row with its own ``df.loc[label] = row``,
which copies the whole frame and, for the pyarrow-backed string columns, makes one more arrow chunk
that every later append walks again: the cost grows with the square of the rows. One hand-made
message of 16,000 rows (1.2 MB, far under ``server.maxMessageSize``) held a server core for 419 s,
and closing the tab does not stop it. A row or cell position the table does not have (an edit to
row 10**9, a delete of row 99) or a column it does not have raises inside Streamlit instead: the
visitor gets Streamlit's error box. So a page reads the edit state first (what
``st.session_state[key]`` holds before the widget call is the state the browser just sent) and, if
the editor could not have sent it, gives the editor a fresh key, which starts it from the page's
data in the browser and on the server alike (a data editor's state cannot be assigned).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any, Literal

import streamlit as st

#: the longest text a cell may hold; a longer one would only be echoed back in an error message
MAX_CELL_CHARS = 1_000

Fault = Literal["rows", "edit"]


def edit_state_fault(state: Any, *, rows: int, columns: Collection[str], max_rows: int) -> Fault | None:
    """What is wrong with a data editor's edit ``state`` for a table of ``rows`` rows and these ``columns``.

    ``"rows"``: the edited table would have more than ``max_rows`` rows; ``"edit"``: the state is not
    one the editor could have sent (a row position the table does not have, an unknown column, a
    cell that is not a short value); None: nothing, Streamlit may apply it. Cheap whatever the
    size of ``state``: the counts are compared before any row is looked at.
    """
    if not isinstance(state, Mapping):
        return "edit"
    edited, added, deleted = (state.get(k, d) for k, d in (("edited_rows", {}), ("added_rows", []),
                                                           ("deleted_rows", [])))
    if not isinstance(edited, Mapping) or not isinstance(added, list) or not isinstance(deleted, list):
        return "edit"
    if len(added) > max_rows:  # the deleted rows are among the table's own, so the table keeps every added row
        return "rows"
    if len(edited) > rows or len(deleted) > rows:  # positions are distinct, so there cannot be more than rows
        return "edit"
    if not all(_position(i, rows) is not None for i in deleted):
        return "edit"
    if rows - len(set(deleted)) + len(added) > max_rows:
        return "rows"
    cells = [*edited.values(), *added]
    if not all(_position(i, rows) is not None for i in edited) or not all(_cells_ok(c, columns) for c in cells):
        return "edit"
    return None


def guarded_editor_key(base: str, *, rows: int, columns: Collection[str], max_rows: int) -> tuple[str, Fault | None]:
    """The key to give this run's data editor (``base`` until a reset), and what was wrong with its edit state.

    Call it just before the ``st.data_editor`` call. If the edit state the browser sent has a
    fault (see :func:`edit_state_fault`), the editor gets a new key (``base.1``, ``base.2``, …;
    the count is kept in ``st.session_state[base + ".reset"]``), so Streamlit never applies that
    state and the browser shows the page's table again; the caller says so.
    """
    resets = st.session_state.get(f"{base}.reset", 0)
    key = base if not resets else f"{base}.{resets}"
    # Streamlit has parsed the browser's JSON already (before the page runs, to see which widgets
    # changed: text that is not an edit state fails there, outside the page's reach); this is that value.
    state = st.session_state.get(key)
    fault = None if state is None else edit_state_fault(state, rows=rows, columns=columns, max_rows=max_rows)
    if fault is not None:
        st.session_state[f"{base}.reset"] = resets + 1
        key = f"{base}.{resets + 1}"
    return key, fault


def _position(value: Any, rows: int) -> int | None:
    """``value`` as a row position of a table of ``rows`` rows (as Streamlit reads it: int()), or None."""
    if isinstance(value, bool):
        return None
    try:
        pos = int(value)
    except (TypeError, ValueError, OverflowError):
        return None
    return pos if 0 <= pos < rows else None


def _cells_ok(row: Any, columns: Collection[str]) -> bool:
    """A row's cells (column -> value) name only the table's columns (or its index, which the browser
    calls "_index") and hold short plain values."""
    return isinstance(row, Mapping) and all(
        (col in columns or col == "_index") and (v is None or isinstance(v, (bool, int, float))
                            or (isinstance(v, str) and len(v) <= MAX_CELL_CHARS))
        for col, v in row.items())
