"""ui.jobs: one lab job at a time per owner, and a slot is never kept by a run that has ended.

The hostile visitor's walk-through pressed Train three times in 0.3 s: a run Streamlit stopped in
its write just after taking the slot never reached the ``finally`` that gives it back, so every
later press of that tab waited a minute ("Ending the previous run first…") and was refused ("you
already have a run going") until the server restarted; for a signed-in person, on every tab."""

from __future__ import annotations

import threading
import time

import pytest
import streamlit as st
from streamlit.runtime.scriptrunner_utils.exceptions import StopException

import ui.jobs as jobs

OWNER = "session:someone"


@pytest.fixture(autouse=True)
def empty_slots(monkeypatch):
    monkeypatch.setattr(jobs, "_running", {})
    monkeypatch.setattr(jobs, "_holders", {})
    monkeypatch.setattr(jobs, "_session", lambda: "tab")


class Box:
    """An ``st.empty()`` whose writes Streamlit stops: ``stop_on`` names the call that raises."""

    def __init__(self, stop_on: str, after: int = 0):
        self.stop_on, self.after, self.calls = stop_on, after, []

    def caption(self, _text):
        self.calls.append("caption")
        if self.stop_on == "caption" and self.calls.count("caption") > self.after:
            raise StopException()

    def empty(self):
        self.calls.append("empty")
        if self.stop_on == "empty":
            raise StopException()


def _held_by_this_tab_for(seconds: float) -> None:
    """This tab's previous run holds the slot and lets go after ``seconds``."""
    jobs._running[OWNER] = "tab"
    jobs._holders[OWNER] = threading.current_thread()
    threading.Timer(seconds, lambda: jobs._give_back(OWNER, "tab")).start()


def test_a_run_stopped_just_after_taking_the_slot_gives_it_back(monkeypatch):
    box = Box("empty")
    monkeypatch.setattr(st, "empty", lambda: box)
    _held_by_this_tab_for(0.2)
    with pytest.raises(StopException):
        jobs._take_slot(OWNER)
    assert box.calls[-1] == "empty" and OWNER not in jobs._running and OWNER not in jobs._holders
    assert jobs._take_slot(OWNER)  # the next press takes it at once


def test_a_run_stopped_while_it_waits_ends_at_once_and_takes_nothing(monkeypatch):
    monkeypatch.setattr(st, "empty", lambda: Box("caption", after=2))
    _held_by_this_tab_for(5.0)
    started = time.monotonic()
    with pytest.raises(StopException):
        jobs._take_slot(OWNER)
    assert time.monotonic() - started < 1.0  # not the minute's handover
    assert jobs._running == {OWNER: "tab"}  # still the previous run's, which gives it back itself


def test_a_slot_whose_run_has_ended_is_taken_by_this_tabs_next_run():
    gone = threading.Thread(target=lambda: None)
    gone.start()
    gone.join()
    jobs._running[OWNER], jobs._holders[OWNER] = "tab", gone  # kept by a run that no longer exists
    started = time.monotonic()
    assert jobs._take_slot(OWNER)
    assert time.monotonic() - started < 0.5 and jobs._holders[OWNER] is threading.current_thread()


def test_another_tabs_run_keeps_its_slot_and_this_one_is_refused():
    jobs._running[OWNER], jobs._holders[OWNER] = "other-tab", threading.current_thread()
    assert not jobs._take_slot(OWNER)
    assert jobs._running == {OWNER: "other-tab"}
    jobs._give_back(OWNER, "tab")  # not this tab's to give back
    assert jobs._running == {OWNER: "other-tab"}
