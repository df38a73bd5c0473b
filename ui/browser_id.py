"""A browser's own id, reported once a session (a Streamlit v2 component, inline JS).

The candidate's page of an interview records each browser that opens its link
(:mod:`engine.interview_browsers`), so that the interviewer learns when a second browser holds
it. A Streamlit session ends with its tab, so the id must outlive it: the browser keeps a random
id of 32 hex digits in ``localStorage`` (made on its first visit to this server) and reports it
once per session; the server then tells it the report is in (``known``), and it reports nothing
more. A browser that cannot keep the id (storage blocked) reports nothing: a new id on each
visit would read as a new browser each time.

The JS is a constant and takes nothing from the page but ``known``.
"""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

_JS = """
const KEY = 'tunelab.browser';

function keptId() {
    try {
        const store = window.localStorage;
        let id = store.getItem(KEY);
        if (!id || !/^[0-9a-f]{32}$/.test(id)) {
            const bytes = new Uint8Array(16);
            crypto.getRandomValues(bytes);
            id = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
            store.setItem(KEY, id);
            if (store.getItem(KEY) !== id) return null;  // not kept: it would be new on every visit
        }
        return id;
    } catch (e) {
        return null;
    }
}

export default function(component) {
    if (component.data && component.data.known) return;
    const id = keptId();
    if (id) component.setStateValue('id', id);
}
"""

_report = st.components.v2.component("tunelab.browser_id", html="<span hidden></span>", js=_JS)


#: the reporter's element key; its class (``st-key-tl-silent-…``) takes the element out of the page's
#: flow (app.py's CSS): drawing nothing, it still took a row and put a second gap under the title
KEY = "tl.silent.browser"


def report_browser(on_report: Callable[[str], None]) -> None:
    """Mount the reporter; ``on_report(browser_id)`` is called (a callback, before the page's run)
    with the id the browser keeps, once a session. Whatever it does, the report counts as made:
    recording a browser is a note for the interviewer, never a reason to stop the page, so
    ``on_report`` handles its own failures."""
    ss = st.session_state
    key, done = KEY, f"{KEY}.done"

    def reported() -> None:
        state = ss.get(key)
        value = state.get("id") if isinstance(state, dict) else getattr(state, "id", None)
        try:
            if isinstance(value, str):
                on_report(value)
        finally:
            ss[done] = True

    _report(key=key, data={"known": bool(ss.get(done))}, default={"id": None}, on_id_change=reported)
