"""Every session-state key the pages use, with its default, in one place; and the pages' clock."""

from __future__ import annotations

import datetime as dt
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
    "practice.review": None,  # "due" or "weakest" while the queue is a review handed over by Review
    "practice.url_applied": False,
    "practice.seeds": None,  # {"<qid>:<nonce>": seed}: the variant drawn for each showing of a question
    "practice.url_seed_used": False,  # a ?seed= in the link applies to the first question shown only
}


def now() -> dt.datetime:
    """The pages' clock (UTC): the day of "today's score", "due today" and retention.

    Pages call ``ui.state.now()`` through the module, so a test can set the clock with
    ``monkeypatch.setattr(ui.state, "now", ...)``.
    """
    from engine.store import utcnow

    return utcnow()


def init_state() -> None:
    """Set every key to its default once per browser session."""
    st.session_state.setdefault("session_id", uuid.uuid4().hex)
    for key, value in DEFAULTS.items():
        st.session_state.setdefault(key, value)
