"""ui.press_once.once: one action per request, whichever of two overlapping runs asks first."""

from __future__ import annotations

import threading
import time

import pytest

from ui import press_once


def test_two_overlapping_calls_for_one_request_act_once_and_both_get_the_result():
    calls, results = [], []

    def action():
        calls.append(1)
        time.sleep(0.3)  # the first press's run is still creating when the second asks
        return object()

    threads = [threading.Thread(target=lambda: results.append(press_once.once("s:create:0", action)))
               for _ in range(2)]
    for t in threads:
        t.start()
        time.sleep(0.05)
    for t in threads:
        t.join()
    assert len(calls) == 1 and len(results) == 2 and results[0] is results[1]
    assert press_once.once("s:create:0", action) is results[0] and len(calls) == 1  # kept
    assert press_once.once("s:create:1", action) is not results[0] and len(calls) == 2  # a new press acts


def test_an_action_that_fails_keeps_nothing_and_the_next_call_acts_again():
    def refuse():
        raise ValueError("no questions chosen")

    with pytest.raises(ValueError):
        press_once.once("s:fail:0", refuse)
    assert press_once.once("s:fail:0", lambda: "made") == "made"


def test_only_the_latest_results_are_kept():
    for n in range(press_once.KEPT + 10):
        press_once.once(f"s:many:{n}", lambda n=n: n)
    assert len(press_once._done) == press_once.KEPT and "s:many:0" not in press_once._done


def test_a_press_within_half_a_second_of_the_last_one_handled_is_a_repeat(monkeypatch):
    from streamlit.testing.v1 import AppTest

    def page():
        import streamlit as st

        from ui import press_once

        request = press_once.request_id("b")
        st.write(request.rsplit(":", 2)[1:])
        if st.session_state.get("now") is not None:
            st.text(str(press_once.repeat("b", st.session_state.get("what", "same"), now=st.session_state["now"])))
        if st.session_state.get("handle"):
            press_once.handled(press_once.Press("b", request, "same"))

    at = AppTest.from_function(page).run()
    at.session_state["handle"] = True
    at.run()
    at.session_state["handle"] = False
    at_handled = at.session_state["b.handled_at"][0]
    assert at.session_state["b.handled"] == 1
    for later, what, repeated in ((0.1, "same", True), (0.49, "same", True), (0.1, "other settings", False),
                                  (0.6, "same", False), (30, "same", False)):
        at.session_state["now"], at.session_state["what"] = at_handled + later, what
        at.run()
        assert not at.exception, at.exception
        assert at.text[-1].value == str(repeated), (later, what)


def test_a_double_clicks_second_press_is_a_repeat_however_long_the_page_takes_to_reach_the_button(monkeypatch):
    """A full run of the browser tests beside other work made two interviews of one double click:
    the second press came well within half a second of the first being handled, but the page's
    work above the button took it past half a second by the time the button was read."""
    from streamlit.testing.v1 import AppTest

    def page():
        import time

        import streamlit as st

        from ui import press_once

        time.sleep(st.session_state.get("slow", 0.0))  # the page's work above the button, on a busy server
        if press := press_once.pressed("Create", "b.create", lambda: "same settings"):
            st.session_state["made"] = st.session_state.get("made", 0) + 1
            press_once.handled(press)
        st.text(f"made {st.session_state.get('made', 0)}")

    monkeypatch.setattr(press_once, "GUARDED", (*press_once.GUARDED, "b.create"))
    at = AppTest.from_function(page, default_timeout=10).run()
    at.button(key="b.create").click().run()
    assert at.text[-1].value == "made 1"
    at.session_state["slow"] = 0.7
    at.button(key="b.create").click().run()  # at once: a double click's second press
    assert not at.exception, at.exception
    assert at.text[-1].value == "made 1"
    at.session_state["slow"] = 0.0
    time.sleep(press_once.DOUBLE_CLICK_SECONDS)
    at.button(key="b.create").click().run()  # a press of its own, later
    assert at.text[-1].value == "made 2"


def test_a_button_that_acts_once_must_be_known_to_the_browsers_guard():
    with pytest.raises(ValueError, match="must be in press_once.GUARDED"):
        press_once.pressed("Go", "b.unknown", lambda: "")


def test_every_guarded_key_is_a_button_some_page_draws_with_pressed():
    """The guard's list and the pages agree: each key in it is drawn by a call of ``pressed``."""
    import re

    from tests.conftest import ROOT

    drawn = set()
    for path in [*ROOT.glob("app_pages/*.py"), *ROOT.glob("ui/*.py")]:
        drawn |= set(re.findall(r'press_once\.pressed\(\s*(?:f?"[^"]*"|\S+),\s*"([^"]+)"', path.read_text()))
    assert drawn == set(press_once.GUARDED)
