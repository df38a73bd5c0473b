"""ui.state.timezone: the learner's time zone from the browser, UTC for anything else; and the run
Streamlit marks as asked for by Back or Forward."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from ui.state import _zone


@pytest.mark.parametrize("name", ["Australia/Sydney", "America/Los_Angeles", "Etc/GMT+8"])
def test_a_zone_the_browser_names_is_used(name):
    assert _zone(name) == ZoneInfo(name)


@pytest.mark.parametrize("name", [None, "", "Nowhere/City", "../../etc/passwd", "/etc/passwd", "x" * 500, "\x00",
                                  "Europe/../../../etc/passwd"])
def test_anything_else_a_browser_sends_is_utc(name):
    """The name is the visitor's to send: a path, a long or broken string is no zone, and no error."""
    assert _zone(name) == dt.timezone.utc


def test_streamlit_still_marks_a_run_asked_for_by_back_or_forward():
    """ui.state.history_navigation reads a field of Streamlit's run context (not a public API): a
    Streamlit without it would quietly bring back the presses of Back that change nothing."""
    import dataclasses

    from streamlit.runtime.scriptrunner_utils.script_run_context import ScriptRunContext

    from ui.state import history_navigation

    assert "is_history_navigation" in {f.name for f in dataclasses.fields(ScriptRunContext)}
    assert history_navigation() is False  # outside a run
