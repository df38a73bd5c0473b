"""Boxes that save while the candidate types, and a clock that keeps counting between server
updates (Streamlit v2 components, inline JS).

Streamlit's own text area and text input send their value only on Enter or when the field
loses focus, so a reload in the middle of an answer lost it. :func:`live_text` reports the text
700 ms after typing pauses, and at once when the box loses focus or the tab is hidden or left
(``blur``, ``visibilitychange``, ``pagehide``); the page's callback saves it at once.

"saved" means saved: every run hands the box back the text the server holds (``stored``) and
the number of the last report it handled (``ack``); the box says "saved" only when the server's
text is the text in the box. A report the server has not answered within a few seconds reads
"not saved yet — reconnecting…" and is sent again (the server may have restarted: a new session
runs no callback for a state it never saw); one the server answered but could not store (the
database refused it: ``failed``) is sent again every 8 s until it is stored. Text not yet saved is kept in the tab
(``sessionStorage``, under ``slot``: a digest the page makes, never a question's id) and sent
again when the box is drawn anew (a reload, a reconnect), if the server still holds the text
the draft was typed over and the question is open; a text the server changed meanwhile (another
tab) wins over the draft. When the page refuses a change because another tab saved a newer
answer, it raises the box's ``reset`` number: the box then shows the server's text instead of its
own, forgets its draft, and a report it sent before that is not saved (it was typed over the
older text).

:func:`countdown` draws a question's clock from the seconds left that the server measured at
draw time and counts down in the browser between draws; each draw resets it (the server's time
wins). When no draw has come for more than 4 s (the page redraws it every second), it says the
connection is lost and the typing is kept in the tab.

The JS and HTML are constants: a visitor's text reaches the browser only through ``data`` and is
put into the page as a value (``textContent``, ``value``), never as markup.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import streamlit as st

_NOTE = '<div class="saved" aria-live="off"></div>'
_AREA = '<textarea class="live" rows="7"></textarea>' + _NOTE
_LINE = '<input class="live line" type="text" autocomplete="off" spellcheck="false">' + _NOTE
_CSS = """
.live { width: 100%; box-sizing: border-box; font: inherit; padding: 0.6rem; border-radius: 0.5rem;
        border: 1px solid var(--st-border-color, #d0d7de); background: var(--st-secondary-background-color);
        color: var(--st-text-color); resize: vertical; }
.live.line { padding: 0.45rem 0.6rem; resize: none; }
.live:disabled { opacity: 0.6; }
.saved { font-size: 0.8rem; opacity: 0.7; min-height: 1.2rem; }
.saved[data-state="offline"], .saved[data-state="refused"] { opacity: 1; color: var(--st-red-color, #c62828);
                                                             font-weight: 600; }
"""
_JS = """
const BOXES = new WeakMap();
const PAUSE_MS = 700;    // a report after typing pauses this long
const ACK_MS = 3000;     // unanswered this long: "not saved yet"
const RETRY_MS = 8000;   // the longest wait between two tries of an unanswered report

function drafts() { try { return window.sessionStorage; } catch (e) { return null; } }
function readDraft(slot) {
    const s = drafts();
    if (!s || !slot) return null;
    try { const d = JSON.parse(s.getItem('tunelab.draft.' + slot) || 'null');
          return d && typeof d.text === 'string' ? d : null; } catch (e) { return null; }
}
function writeDraft(slot, draft) {
    const s = drafts();
    if (!s || !slot) return;
    try { if (draft) s.setItem('tunelab.draft.' + slot, JSON.stringify(draft));
          else s.removeItem('tunelab.draft.' + slot); } catch (e) { /* full or refused: the box still has it */ }
}

function mount(root, d) {
    const box = root.querySelector('.live');
    const note = root.querySelector('.saved');
    const s = { slot: d.slot || '', box, note, stored: d.stored || '', sent: null, acked: true, since: 0,
                tried: 0, wait: ACK_MS, timer: null, touched: false, set: null, data: d, restore: false,
                reset: Number(d.reset || 0) };
    box.value = s.stored;
    const draft = readDraft(s.slot);
    if (draft) {
        if (!d.locked && draft.text !== s.stored && draft.base === s.stored) {
            box.value = draft.text;  // typed here, never stored: shown, and sent once the box is ready
            s.restore = true;
        } else {
            writeDraft(s.slot, null);  // stored meanwhile, or the server's text changed since (it wins)
        }
    }
    s.pending = () => !!(s.sent && !s.acked);
    s.show = () => {
        const v = box.value;
        let text = '', state = '';
        if (v === s.stored) { text = (v || s.touched) ? 'saved' : ''; state = 'saved'; }
        else if (s.data.locked) { text = 'not saved: time is up for this question'; state = 'refused'; }
        else if (s.timer) { text = 'saving…'; state = 'typing'; }
        else if (s.sent && s.acked && s.sent.text === v && s.data.failed) {
            text = 'not saved yet: the server could not store it; trying again… (your text is kept in this tab)';
            state = 'offline';
        }
        else if (s.sent && s.acked && s.sent.text === v) { text = 'not saved (the page says why)'; state = 'refused'; }
        else if (s.pending()) {
            if (Date.now() - s.since > ACK_MS) {
                text = 'not saved yet — reconnecting… (your text is kept in this tab)'; state = 'offline';
            } else { text = 'saving…'; state = 'saving'; }
        } else {  // nothing of this box's is on its way, and the server holds another text: another tab's
            // (a change typed here would be refused as made over an older answer: reloading shows the newer one)
            text = 'not saved: another tab or window saved a newer answer; reload this page to see it';
            state = 'refused';
        }
        // a screen reader hears a failure, not "saving… saved" after every pause in typing
        note.setAttribute('aria-live', state === 'offline' || state === 'refused' ? 'polite' : 'off');
        note.textContent = text;
        note.dataset.state = state;
    };
    s.send = (again) => {
        clearTimeout(s.timer);
        s.timer = null;
        const text = box.value;
        if (s.data.locked || !s.set) { s.show(); return; }
        if (!again && (s.pending() ? s.sent.text === text : text === s.stored)) { s.show(); return; }
        if (!s.pending()) { s.since = Date.now(); s.wait = ACK_MS; }
        s.rev = Math.max(Date.now(), (s.rev || 0) + 1);
        s.sent = { text, rev: s.rev };
        s.acked = false;
        s.tried = Date.now();
        // reset: the page's last replacement of this box's text that it had seen (a report made before
        // the latest one was typed over a text the server no longer holds, and is not saved)
        s.set('text', { text, rev: s.rev, reset: s.reset });
        s.show();
    };
    s.keep = () => {
        if (box.value === s.stored) writeDraft(s.slot, null);
        else writeDraft(s.slot, { text: box.value, base: s.stored });
    };
    s.onInput = () => {
        s.touched = true;
        s.keep();
        clearTimeout(s.timer);
        s.timer = setTimeout(() => s.send(false), PAUSE_MS);
        s.show();
    };
    s.flush = () => { if (s.timer || box.value !== s.stored) s.send(false); };
    s.onHide = () => { if (document.visibilityState === 'hidden') s.flush(); };
    s.onKey = (e) => { if (e.key === 'Enter' && box.tagName === 'INPUT') s.flush(); };
    box.addEventListener('input', s.onInput);
    box.addEventListener('blur', s.flush);
    box.addEventListener('keydown', s.onKey);
    window.addEventListener('pagehide', s.flush);
    document.addEventListener('visibilitychange', s.onHide);
    s.tick = setInterval(() => {
        if (s.pending() && Date.now() - s.tried > s.wait) {  // unanswered: try again, less and less often
            s.wait = Math.min(s.wait * 2, RETRY_MS);
            s.send(true);
        } else if (s.data.failed && !s.pending() && !s.data.locked && box.value !== s.stored
                   && Date.now() - s.tried > RETRY_MS) {  // answered, but the database refused it: again
            s.send(true);
        }
        s.show();
    }, 1000);
    s.stop = () => {
        clearTimeout(s.timer);
        clearInterval(s.tick);
        box.removeEventListener('input', s.onInput);
        box.removeEventListener('blur', s.flush);
        box.removeEventListener('keydown', s.onKey);
        window.removeEventListener('pagehide', s.flush);
        document.removeEventListener('visibilitychange', s.onHide);
    };
    return s;
}

export default function(component) {
    const { parentElement, setStateValue } = component;
    const d = component.data || {};
    let s = BOXES.get(parentElement);
    if (!s || s.slot !== (d.slot || '')) {  // a new box, or this element now holds another question's
        if (s) s.stop();
        s = mount(parentElement, d);
        BOXES.set(parentElement, s);
    }
    const box = s.box;
    s.data = d;
    s.set = setStateValue;
    if (d.limit) box.maxLength = d.limit;
    box.disabled = !!d.locked;
    box.setAttribute('aria-label', d.label || 'Your answer');
    box.placeholder = d.placeholder || '';
    s.stored = typeof d.stored === 'string' ? d.stored : '';
    if (s.sent && Number(d.ack || 0) >= s.sent.rev) s.acked = true;  // the server handled the last report
    if (Number(d.reset || 0) > s.reset) {  // another tab's newer answer won: show it, drop this box's text
        s.reset = Number(d.reset);
        clearTimeout(s.timer);
        s.timer = null;
        s.sent = null;
        s.acked = true;
        s.restore = false;
        s.touched = false;
        box.value = s.stored;
    }
    if (box.value === s.stored) writeDraft(s.slot, null);  // stored: nothing to keep in the tab
    if (s.restore) { s.restore = false; s.send(false); }
    s.show();
    return s.stop;
}
"""

_CLOCK_HTML = ('<div class="clock"><div class="text"></div>'
               '<div class="bar" role="progressbar" aria-label="Time used for this question" aria-valuemin="0" '
               'aria-valuemax="100" aria-valuenow="0"><div class="fill"></div></div>'
               '<div class="offline" role="status" aria-live="polite" hidden></div></div>')
_CLOCK_CSS = """
.clock { font: inherit; color: var(--st-text-color); }
.text { font-size: 0.875rem; margin-bottom: 0.35rem; }
.bar { height: 0.5rem; border-radius: 0.25rem; background: var(--st-secondary-background-color, #f0f2f6);
       overflow: hidden; }
.fill { height: 100%; width: 0; background: var(--st-primary-color, #ff4b4b); transition: width 0.25s linear; }
.offline { margin-top: 0.5rem; padding: 0.5rem 0.75rem; border-radius: 0.5rem; font-size: 0.875rem;
           background: rgba(255, 193, 7, 0.18); border: 1px solid rgba(255, 160, 0, 0.6); }
"""
_CLOCK_JS = """
const CLOCKS = new WeakMap();
const STALE_MS = 4000;  // the page redraws the clock every second: no draw for this long, the line is down
const LOST = 'Connection lost: the clock keeps running. Your typing is kept in this tab and is sent ' +
             'when the connection is back; keep this tab open. If a "Connection error" box covers the ' +
             'page, close it (×) to go on typing.';

function mmss(n) { return Math.floor(n / 60) + ':' + String(n % 60).padStart(2, '0'); }

function draw(s) {
    const d = s.data;
    const total = Math.max(1, Math.round(Number(d.total) || 1));
    const now = performance.now();
    const left = Math.min(total, Math.max(0, Math.floor((s.end - now) / 1000)));
    s.text.textContent = (d.head ? d.head + ' · ' : '')
        + (left > 0 ? mmss(left) + ' left of ' + mmss(total) : 'time is up for this question');
    const used = Math.round((total - left) / total * 100);
    s.fill.style.width = used + '%';
    s.bar.setAttribute('aria-valuenow', String(used));
    const lost = now - s.fresh > STALE_MS;
    if (lost !== !s.note.hidden) {
        s.note.hidden = !lost;
        s.note.textContent = lost ? LOST : '';
        s.clock.dataset.connection = lost ? 'lost' : 'ok';
    }
}

export default function(component) {
    const { parentElement } = component;
    let s = CLOCKS.get(parentElement);
    if (!s) {
        const q = (c) => parentElement.querySelector(c);
        s = { clock: q('.clock'), text: q('.text'), bar: q('.bar'), fill: q('.fill'), note: q('.offline') };
        s.onShow = () => { if (document.visibilityState === 'visible') s.fresh = performance.now(); };
        document.addEventListener('visibilitychange', s.onShow);  // a background tab's timers were slowed
        s.tick = setInterval(() => draw(s), 250);
        s.stop = () => { clearInterval(s.tick); document.removeEventListener('visibilitychange', s.onShow); };
        CLOCKS.set(parentElement, s);
    }
    s.data = component.data || {};
    s.fresh = performance.now();
    s.end = s.fresh + (Number(s.data.left) || 0) * 1000;  // the server's measure wins at every draw
    draw(s);
    return s.stop;
}
"""

_area = st.components.v2.component("tunelab.live_text", html=_AREA, css=_CSS, js=_JS)
_line = st.components.v2.component("tunelab.live_line", html=_LINE, css=_CSS, js=_JS)
_clock = st.components.v2.component("tunelab.countdown", html=_CLOCK_HTML, css=_CLOCK_CSS, js=_CLOCK_JS)


def reported(key: str) -> tuple[str | None, int, int | None]:
    """The last text the box under ``key`` reported, the report's number and the ``reset`` number
    the box had when it sent it (None, 0, None before any; None for a report that gave none)."""
    state = st.session_state.get(key)
    value = state.get("text") if isinstance(state, dict) else getattr(state, "text", None)
    if isinstance(value, dict):
        text, rev, reset = value.get("text"), value.get("rev"), value.get("reset")
        return ((text if isinstance(text, str) else None), (int(rev) if isinstance(rev, (int, float)) else 0),
                (int(reset) if isinstance(reset, (int, float)) else None))
    return (value if isinstance(value, str) else None), 0, None


def live_text(key: str, stored: str | None, on_save: Callable[[str], None], *, limit: int | None = None,
              locked: bool = False, slot: str = "", label: str = "Your answer", placeholder: str = "",
              one_line: bool = False, width: int | str = "stretch", reset_key: str | None = None,
              failed: bool = False) -> str:
    """Mount a box that saves while the candidate types; returns the latest text in it.

    Parameters
    ----------
    key : str
        The widget key (it reaches the browser as a CSS class: a position, never a question's id).
    stored : str or None
        The text the server holds now: the box starts with it and says "saved" only when its
        own text is this one.
    on_save : callable
        Called with the text each time the box reports one (a callback: before the page's run);
        it stores the text or shows why not. Whatever it does, the report counts as answered.
    limit : int, optional
        The characters the browser lets the candidate type.
    locked : bool
        Read-only (time is up); a draft kept in the tab is not sent again.
    slot : str
        Where the tab keeps text not yet saved (``sessionStorage``); an opaque digest.
    label : str
        The box's accessible name (``aria-label``).
    one_line : bool
        A one-line input (numbers, a derivation's steps) instead of a seven-row text area.
    failed : bool
        The page's last save of this tab failed (the database refused it): the box sends its text
        again every few seconds until the server holds it.
    reset_key : str, optional
        The session-state key of a number the page raises when ``stored`` must replace the box's
        own text: another tab saved a newer answer, over which this box's change was not made.
        The box then shows ``stored`` and drops the draft it kept in the tab, and a report it
        sent before it learnt of the raise is not passed to ``on_save`` (it is read at report
        time, not at draw time: a run cut short by the next report drew no box).

    Returns
    -------
    str
        The box's latest report, or ``stored`` before any (or when the report was made over a
        text the page has since replaced).
    """
    ss = st.session_state
    acked = f"{key}.ack"

    def made_before_reset(seen: int | None) -> bool:
        return seen is not None and reset_key is not None and seen < int(ss.get(reset_key, 0))

    def report() -> None:
        text, rev, seen = reported(key)
        try:
            if text is not None and not made_before_reset(seen):
                on_save(text)
        finally:
            ss[acked] = max(rev, int(ss.get(acked, 0)))

    data: dict[str, Any] = {"stored": stored or "", "ack": int(ss.get(acked, 0)), "limit": limit,
                            "locked": bool(locked), "slot": slot, "label": label, "placeholder": placeholder,
                            "reset": int(ss.get(reset_key, 0)) if reset_key else 0, "failed": bool(failed)}
    (_line if one_line else _area)(key=key, data=data, default={"text": None}, on_text_change=report,
                                   width=width)
    text, _, seen = reported(key)
    return (stored or "") if text is None or made_before_reset(seen) else text


def countdown(key: str, left: float, total: int, head: str) -> None:
    """A question's clock: ``head`` ("Question 2 of 5"), then what is left of ``total`` seconds,
    counted from ``left`` (seconds left when the server drew it) in the browser until the next
    draw; a bar that fills as the time is used."""
    _clock(key=key, data={"left": round(float(left), 1), "total": int(total), "head": head})
