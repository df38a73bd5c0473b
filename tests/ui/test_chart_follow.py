""""Go to step" follows the frame the chart reports it stopped at (``ui.chart_controls``): a frame
of the figure draws the slider anew, standing there; anything else the browser sends is ignored;
a stop where the slider stands already leaves it (and a keyboard user's focus) alone; the replaced
slider's last report is no press; a new figure starts a new slider at its last frame."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest


def page():
    import plotly.graph_objects as go
    import streamlit as st

    from ui.chart_controls import _moved, animation_controls, follow, step_key

    frames = st.session_state.get("frames", ("1", "2", "3"))
    fig = go.Figure(go.Scatter(x=[0], y=[len(frames)]), frames=[go.Frame(name=f) for f in frames])
    fig.update_layout(
        updatemenus=[dict(type="buttons", buttons=[dict(label="Play", method="animate", args=[None, {}]),
                                                    dict(label="Pause", method="animate", args=[[None], {}])])],
        sliders=[dict(steps=[dict(label=str(int(f) - 1), method="animate", args=[[f], {}]) for f in frames])])
    if "report" in st.session_state:  # what the chart's component sent (its callback runs before the page)
        follow("c", frames, st.session_state.pop("report"))
    if "old_slider" in st.session_state:  # a slider's value, sent again by the browser
        _moved("c", st.session_state.pop("old_slider"))
    moved = st.session_state.get("c.controls", {}).get("moved")
    if st.session_state.get("away"):  # another page: the controls are not drawn
        st.text("another page")
        return
    animation_controls("c", fig)
    st.text(f"{step_key('c')} moved={moved}")


def shown(at: AppTest) -> str:
    """The slider's key and value, and the step it asked the chart for on this run."""
    assert not at.exception, at.exception
    slider = at.select_slider[0]
    return f"{at.text[-1].value.split()[0]}={slider.value} {at.text[-1].value.split()[1]}"


def test_a_reported_frame_of_the_figure_draws_the_slider_anew_there():
    at = AppTest.from_function(page).run()
    assert shown(at) == "c.step=3 moved=None"
    at.session_state["report"] = "2"
    assert shown(at.run()) == "c.step.1=2 moved=None"
    at.session_state["old_slider"] = "c.step"  # the replaced slider's last report: no press
    assert shown(at.run()) == "c.step.1=2 moved=None"
    at.session_state["report"] = "2"  # a stop where the slider stands (a step it asked for)
    assert shown(at.run()) == "c.step.1=2 moved=None"
    at.select_slider[0].set_value("1")  # the slider on screen: a press
    assert shown(at.run()) == "c.step.1=1 moved=1"
    at.session_state["frames"] = ("1", "2", "3", "4")  # other settings: a new figure, at its last frame
    assert shown(at.run()) == "c.step.2=4 moved=None"


@pytest.mark.parametrize("report", ["7", "", None, 2, "<b>1</b>", ["1"], {"frame": "1"}])
def test_anything_but_one_of_the_figures_frames_is_ignored(report):
    at = AppTest.from_function(page).run()
    at.session_state["report"] = report
    assert shown(at.run()) == "c.step=3 moved=None"


def test_back_on_the_page_after_another_the_slider_stands_where_the_new_chart_is_drawn():
    """The second review's find: a chart that stopped at step 1, left for another page and come
    back to, is drawn anew at its last frame; the slider stood at step 1."""
    at = AppTest.from_function(page)
    at.session_state["app.visit"] = 1  # app.py counts the visits of a page
    at.run()
    at.session_state["report"] = "2"
    assert shown(at.run()) == "c.step.1=2 moved=None"
    at.session_state["away"] = True
    at.run()
    assert not at.select_slider
    at.session_state["away"], at.session_state["app.visit"] = False, 2
    assert shown(at.run()) == "c.step.1=3 moved=None"
    # later runs of the same visit (a fragment's, a setting's) follow the chart as before
    at.session_state["report"] = "1"
    assert shown(at.run()) == "c.step.2=1 moved=None"
    assert shown(at.run()) == "c.step.2=1 moved=None"


def test_app_counts_a_visit_each_time_another_page_is_opened():
    from tests.conftest import ROOT

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    assert not at.exception, at.exception
    first = at.session_state["app.visit"]
    assert at.run().session_state["app.visit"] == first  # a rerun of the same page
    at.switch_page("app_pages/history.py")
    assert at.run().session_state["app.visit"] == first + 1
    at.switch_page("app_pages/home.py")
    assert at.run().session_state["app.visit"] == first + 2


def test_the_follower_marks_the_slider_it_is_given_with_the_class_the_page_styles():
    """While the chart plays, the follower puts :data:`FOLLOWING` on the slider whose class the page
    passes it (dimmed, its value hidden by the page's style); the script and the style name one class."""
    from ui.chart_controls import _FOLLOW_JS, _FOLLOWING_STYLE, FOLLOWING

    assert f"classList.toggle('{FOLLOWING}', on)" in _FOLLOW_JS and "data.slider" in _FOLLOW_JS
    assert "'plotly_animating'" in _FOLLOW_JS
    assert f".{FOLLOWING} [data-testid='stSliderThumbValue'] {{ visibility: hidden; }}" in _FOLLOWING_STYLE


def test_a_press_acts_on_the_chart_at_once():
    """The press's script tries the chart as soon as it lands (it retries while the chart draws):
    a 300 ms wait before the first try was most of the time from a click on Play to the first frame
    (``benchmarks/bench_play_latency.py``: 380 ms before, 86 ms after)."""
    from ui.chart_controls import SCRIPT

    assert SCRIPT.rstrip().endswith("act();\n})();\n</script>")
    assert "setTimeout(act, 200)" in SCRIPT  # the retries while the chart is not ready yet
