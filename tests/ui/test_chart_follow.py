""""Go to step" follows the frame the chart reports it stopped at (``ui.chart_controls``): a frame
of the figure moves the slider to a new widget there; anything else the browser sends is ignored;
a stop where the slider stands already leaves it (and a keyboard user's focus) alone; the replaced
slider's last report is no press."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest


def page():
    import streamlit as st

    from ui.chart_controls import _followed, _moved, step_key

    names = ("1", "2", "3")
    key = step_key("c")
    st.session_state.setdefault(key, "3")
    if "report" in st.session_state:  # what the chart's component sent, as its callback finds it
        st.session_state["c.follow"] = {"frame": st.session_state.pop("report")}
        _followed("c", names)
    if "old_slider" in st.session_state:  # the replaced slider's value, sent once more by the browser
        _moved("c", st.session_state.pop("old_slider"))
    st.text(f"{step_key('c')}={st.session_state.get(step_key('c'))} moved={st.session_state.pop('c.moved', None)}")


def shown(at: AppTest) -> str:
    assert not at.exception, at.exception
    return at.text[-1].value


def test_a_reported_frame_of_the_figure_moves_the_slider_to_a_new_widget_there():
    at = AppTest.from_function(page).run()
    assert shown(at) == "c.step=3 moved=None"
    at.session_state["report"] = "2"
    assert shown(at.run()) == "c.step.1=2 moved=None"
    at.session_state["old_slider"] = "c.step"  # the old slider's last report: no press
    assert shown(at.run()) == "c.step.1=2 moved=None"
    at.session_state["report"] = "2"  # a stop where the slider stands (a step it asked for)
    assert shown(at.run()) == "c.step.1=2 moved=None"
    at.session_state["old_slider"] = "c.step.1"  # the slider on screen: a press
    assert shown(at.run()) == "c.step.1=2 moved=2"


@pytest.mark.parametrize("report", ["7", "", None, 2, "<b>1</b>", ["1"], {"frame": "1"}])
def test_anything_but_one_of_the_figures_frames_is_ignored(report):
    at = AppTest.from_function(page).run()
    at.session_state["report"] = report
    assert shown(at.run()) == "c.step=3 moved=None"
