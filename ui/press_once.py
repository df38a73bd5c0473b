"""A button whose press acts once, however a double click's two presses reach the server.

A double click sends two presses. Streamlit handles the second in a new run, and when the first
press's run is still going, it stops that run at its next Streamlit call and starts the new one at
once, in a new thread (``runner.fastReruns``): the two runs can overlap. So "Create the interview"
made two interviews per double click in Chromium (9 of 9, clicks 30 to 400 ms apart), and the page
showed the second one's links only.

Two guards, for the two ways the presses fall:

- the button's key counts the presses handled (:func:`button_key`, raised by :func:`handled`):
  a second press that arrives after the first one was handled is aimed at a button no longer
  drawn, and does nothing;
- a press that arrives while the first one is still being handled is the same request
  (:func:`request_id`), and :func:`once` gives it the first one's result instead of acting again.
"""

from __future__ import annotations

import secrets
import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Any, TypeVar

import streamlit as st

T = TypeVar("T")

#: results kept per request (this server process): enough for every press in flight
KEPT = 256
#: seconds a second press waits for the first one's action
WAIT_SECONDS = 60.0

_done: OrderedDict[str, Any] = OrderedDict()
_busy: dict[str, threading.Event] = {}
_lock = threading.Lock()


def _count(name: str) -> int:
    return int(st.session_state.get(f"{name}.handled", 0))


def button_key(name: str) -> str:
    """The key of the button ``name``: its name and how many of its presses were handled."""
    return f"{name}.{_count(name)}"


def request_id(name: str) -> str:
    """What a press of the button ``name`` asks for: this session's next unhandled press of it
    (the session named by a random word it keeps, unique on the server as its id is)."""
    session = st.session_state.setdefault("press.session", secrets.token_hex(12))
    return f"{session}:{name}:{_count(name)}"


def handled(name: str, request: str) -> None:
    """Count the press ``request`` of the button ``name`` as handled (from then on the button has a
    new key). The run that handled it and one that took its result may both say so: once counts."""
    st.session_state[f"{name}.handled"] = int(request.rsplit(":", 1)[1]) + 1


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
