"""Every session-state key the pages use, with its default, in one place."""

from __future__ import annotations

import uuid
from typing import Any

import streamlit as st

DEFAULTS: dict[str, Any] = {
    # practice
    "practice.queue": None,  # list[str] of question ids, or None until built
    "practice.queue_filters": None,  # the filters the queue was built from
    "practice.index": 0,
    "practice.result": None,  # dict for the current question once answered
    "practice.free_text_stage": None,  # {"qid": ..., "text": ...} while self-assessing
    "practice.form_nonce": 0,  # bumped to reset the answer widgets (retry)
    "practice.shown_at": None,  # time.time() when the current question appeared
    "practice.session": None,  # {"answered": n, "correct": n, "points": x, "missed": [...]}
    "practice.url_applied": False,
    "practice.seeds": None,  # {"<qid>:<nonce>": seed}: the variant drawn for each showing of a question
    "practice.url_seed_used": False,  # a ?seed= in the link applies to the first question shown only
}


def init_state() -> None:
    """Set every key to its default once per browser session."""
    st.session_state.setdefault("session_id", uuid.uuid4().hex)
    for key, value in DEFAULTS.items():
        st.session_state.setdefault(key, value)
    if st.session_state["practice.session"] is None:
        st.session_state["practice.session"] = {
            "answered": 0,
            "correct": 0,
            "points": 0.0,
            "skipped": 0,
            "missed": [],
        }
