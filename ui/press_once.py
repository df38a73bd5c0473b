"""A button whose press acts once, however a double click's two presses reach the server.

A double click sends two presses. Streamlit handles the second in a new run, and when the first
press's run is still going, it stops that run at its next Streamlit call and starts the new one at
once, in a new thread (``runner.fastReruns``): the two runs can overlap. So "Create the interview"
made two interviews per double click in Chromium (9 of 9, clicks 30 to 400 ms apart), and the page
showed the second one's links only.

Two guards, for the two ways the presses fall:

- a press that arrives while the first one is still being handled is the same request
  (:func:`request_id`), and :func:`once` gives it the first one's result instead of acting again;
- a press that asks for the same as the one just handled (:func:`handled`), sooner than two
  clicks of a double click can be apart (:data:`DOUBLE_CLICK_SECONDS`), is its second press
  (:func:`repeat`). The server cannot tell it from a new press any other way: by then the page
  shows the same button again (a key that changed with each press left the button on screen one
  press behind, so the next real press did nothing).

The browser drops such a second click itself where it can (:data:`CLICK_GUARD`, on every page):
its clock is the person's, while the server sees a press only when it arrives. It reads a click's
time from the event (``event.timeStamp``: when the browser received it), not from when the page
handles it: in Chromium a second click that came 160 ms after the first was handled 830 ms after
it while the page was busy for 800 ms, and a full run of the browser tests once let both
clicks of a double click on "Create the interview" through.

"Sooner" is counted to the press's arrival, not to the moment the page reaches its button: the
button's callback notes the time (:func:`_arrived`), and Streamlit calls it first thing in the run
the press starts. Counted at the button, a busy server made a double click two interviews: the
page's work above the button took the second press past half a second (a full run of the browser
tests beside other work).
"""

from __future__ import annotations

import json
import secrets
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

import streamlit as st

from ui.element_keys import element_class

T = TypeVar("T")

#: results kept per request (this server process): enough for every press in flight
KEPT = 256
#: seconds a second press waits for the first one's action
WAIT_SECONDS = 60.0
#: a press this soon after the last one was handled is a double click's second (desktops allow
#: up to half a second between its two clicks)
DOUBLE_CLICK_SECONDS = 0.5

#: every button drawn with :func:`pressed`, by key: the browser's guard knows them by these
GUARDED = ("iv.setup.create", "tl.train", "tl.rt.go", "sl.run", "sl.truth.go", "sl.seeds.go", "sl.ot.go")

#: A constant script (its one list is the keys above) that drops, in the browser, a click on one of
#: these buttons sooner than DOUBLE_CLICK_SECONDS after the last click on it that went through, before
#: Streamlit's own handler sees it. Installed once per tab; the marker's ``tl-top-`` id gives its
#: element no room on the page (app.py's style).
CLICK_GUARD = """<div id="tl-top-press-once"></div><script>
(() => {
  if (window.__tunelabPressOnce) return;
  window.__tunelabPressOnce = true;
  const BOXES = __BOXES__, SOONER_MS = __MS__, last = new Map();
  window.addEventListener("click", (event) => {
    const button = event.target instanceof Element ? event.target.closest("button") : null;
    const box = button && BOXES.find((c) => button.closest("." + c));
    if (!box) return;
    // the click's own time, when the person made it: a page busy drawing the first click's
    // result handles the second later, and counted then it passed for a new press
    const now = event.timeStamp;
    if (now - (last.get(box) ?? -Infinity) < SOONER_MS) {
      event.stopImmediatePropagation();
      event.preventDefault();
      return;
    }
    last.set(box, now);
  }, true);
})();
</script>""".replace("__BOXES__", json.dumps([element_class(k) for k in GUARDED])).replace(
    "__MS__", str(int(DOUBLE_CLICK_SECONDS * 1000)))

_done: OrderedDict[str, Any] = OrderedDict()
_busy: dict[str, threading.Event] = {}
_lock = threading.Lock()


def request_id(name: str) -> str:
    """What a press of the button ``name`` asks for: this session's next unhandled press of it
    (the session named by a random word it keeps, unique on the server as its id is)."""
    ss = st.session_state
    session = ss.setdefault("press.session", secrets.token_hex(12))
    return f"{session}:{name}:{int(ss.get(f'{name}.handled', 0))}"


def repeat(name: str, what: str, now: float | None = None) -> bool:
    """Whether a press of the button ``name`` asking for ``what`` (the settings it acts on, as a
    string), arrived at ``now``, is the second of a double click whose first press was handled
    already: the same settings, sooner than :data:`DOUBLE_CLICK_SECONDS` after (or before: two
    overlapping runs, the first handling its press after the second arrived)."""
    last = st.session_state.get(f"{name}.handled_at")
    return (last is not None and last[1] == what
            and (time.monotonic() if now is None else now) - last[0] < DOUBLE_CLICK_SECONDS)


@dataclass(frozen=True)
class Press:
    """A press to handle: of the button ``key``, the request it makes (:func:`request_id`) and
    what it asks for (the settings it acts on, as a string)."""

    key: str
    request: str
    what: str


def handled(press: Press) -> None:
    """Count ``press`` as handled, now. The run that handled it and one that took its result
    (:func:`once`) may both say so: once counts."""
    ss = st.session_state
    ss[f"{press.key}.handled"] = int(press.request.rsplit(":", 1)[1]) + 1
    ss[f"{press.key}.handled_at"] = (time.monotonic(), press.what)


def _arrived(key: str) -> None:
    # a button's callback: it runs before the page's own work in the run the press starts
    st.session_state[f"{key}.arrived"] = time.monotonic()


def pressed(label: str, key: str, what: Callable[[], str], **button: Any) -> Press | None:
    """``st.button(label, key=key, **button)`` as a press to handle, or None when the button was
    not pressed or this press is a double click's second (:func:`repeat`, from the press's
    arrival). ``what`` gives the settings the press acts on, as a string (called only on a press).
    Once the press is handled, pass it to :func:`handled`."""
    if key not in GUARDED:
        raise ValueError(f"a button that acts once must be in press_once.GUARDED, got {key!r}")
    if not st.button(label, key=key, on_click=_arrived, args=(key,), **button):
        return None
    # None when Streamlit cut the callback short (a newer request waiting): then the time is now
    arrived = st.session_state.pop(f"{key}.arrived", None)
    asked = what()
    return None if repeat(key, asked, arrived) else Press(key, request_id(key), asked)


def once(request: str, action: Callable[[], T]) -> T:
    """``action()``'s result, computed once for ``request``: a call for a request whose action is
    running waits for it and returns its result; one for a request already done returns the kept
    result. An action that raises keeps nothing, so the next call for the request acts again."""
    while True:
        with _lock:
            if request in _done:
                return _done[request]
            running = _busy.get(request)
            if running is None:
                running = _busy[request] = threading.Event()
                break
        if not running.wait(WAIT_SECONDS):
            raise TimeoutError("the first press is still being handled; try again in a moment")
    try:
        result = action()
    except BaseException:
        with _lock:
            _busy.pop(request, None)
        running.set()
        raise
    with _lock:
        _done[request] = result
        while len(_done) > KEPT:
            _done.popitem(last=False)
        _busy.pop(request, None)
    running.set()
    return result
