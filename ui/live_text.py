"""A text area that saves while the candidate types (a Streamlit v2 component, inline JS).

Streamlit's own text area sends its value only when the field loses focus, so a reload in the
middle of an answer would lose it. This one reports the text 700 ms after typing pauses; the
page's callback saves it at once.
"""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

_HTML = '<textarea class="live" rows="7" placeholder="Type your answer; it is saved as you type."></textarea>' \
        '<div class="saved"></div>'
_CSS = """
.live { width: 100%; box-sizing: border-box; font: inherit; padding: 0.6rem; border-radius: 0.5rem;
        border: 1px solid var(--st-border-color, #d0d7de); background: var(--st-secondary-background-color);
        color: var(--st-text-color); resize: vertical; }
.saved { font-size: 0.8rem; opacity: 0.6; min-height: 1.2rem; }
"""
_JS = """
export default function(component) {
    const { parentElement, setStateValue, data } = component;
    const box = parentElement.querySelector('textarea.live');
    const note = parentElement.querySelector('.saved');
    if (!box.dataset.ready) {
        box.value = (data && data.initial) || '';
        box.dataset.ready = '1';
    }
    if (data && data.limit) { box.maxLength = data.limit; }
    box.disabled = !!(data && data.locked);
    let timer = null;
    box.oninput = () => {
        note.textContent = 'saving…';
        clearTimeout(timer);
        timer = setTimeout(() => { setStateValue('text', box.value); note.textContent = 'saved'; }, 700);
    };
    box.onblur = () => { clearTimeout(timer); setStateValue('text', box.value); };
    return () => clearTimeout(timer);
}
"""

_component = st.components.v2.component("tunelab.live_text", html=_HTML, css=_CSS, js=_JS)


def live_text(key: str, initial: str, on_change: Callable[[], None], limit: int | None = None,
              locked: bool = False) -> str:
    """Mount the live text area; returns the latest text (``initial`` until the first change).

    ``limit`` caps the characters the browser lets the candidate type; ``locked`` makes it
    read-only (time is up).
    """
    result = _component(key=key, data={"initial": initial or "", "limit": limit, "locked": locked},
                        default={"text": initial or ""}, on_text_change=on_change)
    return getattr(result, "text", initial) or ""
