"""Controls for an animated Plotly chart: Play, Pause and "Go to step" as Streamlit widgets.

Plotly draws a figure's play / pause buttons and its step slider in SVG, with no tab stop: a
keyboard user could not start, stop or scrub an animation (the accessibility audit's blocker).
These widgets are the chart's controls instead, for the mouse and the keyboard alike; the figure
is built with its own controls hidden (``trajectory_figure(own_controls=False)``: its buttons
kept, hidden, as the record of how to play; its step slider a readout of the current step), so
the page shows one set of controls, not three (the lecturer's audit). A press writes a marker
(which chart, which action, which frame, all values this module validates) and :data:`SCRIPT`,
one constant script that reads the marker and has plotly (``Plotly.animate``) do what the
chart's first (Play) or second (Pause) button or its slider's step for that frame would do,
with that button's or step's own arguments. Nothing a visitor typed reaches the page: the
chart's key is the page's own, a frame is one of the figure's frame names, and the script never
changes (the press count in the marker makes each press new HTML, so a second press runs the
script again).

The chart is found by the class Streamlit gives an element with a key (``st-key-`` + the key,
every character but letters, digits, ``-`` and ``_`` turned into ``-``).
"""

from __future__ import annotations

import functools
import hashlib
import html
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import streamlit as st

from ui.element_keys import element_class
from ui.state import carried, first_run_of_visit

if TYPE_CHECKING:
    import plotly.graph_objects as go

#: what a press asks of the chart; "restart" is Play from the first step (Presenter's Play)
ACTIONS = ("play", "restart", "pause", "step")

SCRIPT = """<script>
(function () {
  // The marker beside this script says what to do; its values were checked on the server.
  const mark = document.currentScript && document.currentScript.parentNode.querySelector("span[data-chart]");
  if (!mark) return;
  const chart = mark.dataset.chart, action = mark.dataset.action, frame = mark.dataset.frame;
  const deadline = Date.now() + 15000;
  function act() {
    const box = document.getElementsByClassName(chart)[0];
    const gd = box && box.querySelector(".js-plotly-plot");
    const menu = gd && gd.layout && gd.layout.updatemenus && gd.layout.updatemenus[0];
    const known = gd && gd._transitionData && gd._transitionData._frameHash;
    // the chart may still be drawing (a rerun sends it again): try for a while
    if (!window.Plotly || !gd || !gd._fullLayout || !known || !Object.keys(known).length
        || !menu || !menu.buttons || menu.buttons.length < 2) {
      if (Date.now() < deadline) setTimeout(act, 200);
      return;
    }
    // what the chart's own button or slider step does, with its own arguments (shown or hidden)
    const run = (args) => { window.Plotly.animate(gd, args[0], args[1]).catch(() => {}); };
    if (action === "pause") { run(menu.buttons[1].args); return; }
    if (action === "step") {
      const slider = gd.layout.sliders && gd.layout.sliders[0];
      const step = slider && slider.steps.find((s) => s.args[0][0] === frame);
      if (step && known[frame]) run(step.args);
      return;
    }
    // Play goes on from the step the chart stands at (plotly starts again from the first when it
    // stands at the last); "restart" starts from the first whatever the chart shows
    if (action === "restart") gd._fullLayout._currentFrame = null;
    run(menu.buttons[0].args);
  }
  // at once: a press reruns the controls' fragment alone, so the chart is not being drawn anew
  // (it waited 300 ms first, two thirds of the time from a click on Play to the first frame)
  act();
})();
</script>"""


#: the class "Go to step" carries while its chart plays (see :data:`_FOLLOW_JS`)
FOLLOWING = "tl-following"

#: Reports the step the chart stands at when an animation stops (it ends, or Pause or a step
#: interrupts it), so "Go to step" shows that step and moves on from it: it stood at the step
#: chosen before Play while the picture had moved on (plotly's "plotly_animated" and
#: "plotly_animationinterrupted" events; the frame plotly keeps in ``_currentFrame``). While the
#: chart plays ("plotly_animating" until it stops), "Go to step" carries the class
#: :data:`FOLLOWING`: it is dimmed and its value hidden, since it cannot say the step the picture
#: moves through (a report per frame would be a rerun per frame), and reading "step 200" beside a
#: chart at step 61 told a room two different things. Constant, like :data:`SCRIPT`; the chart's
#: and the slider's classes come in ``data``, and the server takes a reported frame only when it
#: is one of the figure's (:func:`_followed`).
_FOLLOW_JS = """
const WATCHERS = new WeakMap();
export default function(component) {
    const { parentElement, data, setStateValue } = component;
    let s = WATCHERS.get(parentElement);
    if (!s) { s = {}; WATCHERS.set(parentElement, s); }
    s.report = setStateValue;
    s.chart = (data && data.chart) || '';
    s.slider = (data && data.slider) || '';
    s.dim = (data && data.dim) || [];
    const deadline = Date.now() + 15000;
    function attach() {
        const box = document.getElementsByClassName(s.chart)[0];
        const gd = box && box.querySelector('.js-plotly-plot');
        if (!gd || typeof gd.on !== 'function') {  // the chart may still be drawing
            if (Date.now() < deadline) s.timer = setTimeout(attach, 200);
            return;
        }
        if (s.gd === gd) return;
        s.gd = gd;
        // the slider drawn now (a new one, under a new class, after each stop): looked up each time
        const playing = (on) => {
            const box = s.slider && document.getElementsByClassName(s.slider)[0];
            if (box) box.classList.toggle('__FOLLOWING__', on);
            for (const name of s.dim) {
                for (const el of document.getElementsByClassName(name)) el.classList.toggle('__FOLLOWING__', on);
            }
        };
        const stopped = () => {
            playing(false);
            const frame = gd._fullLayout && gd._fullLayout._currentFrame;
            if (frame !== null && frame !== undefined) s.report('frame', String(frame));
        };
        gd.on('plotly_animating', () => playing(true));
        gd.on('plotly_animated', stopped);
        gd.on('plotly_animationinterrupted', stopped);
    }
    clearTimeout(s.timer);
    attach();
    return () => clearTimeout(s.timer);
}
""".replace("__FOLLOWING__", FOLLOWING)

_follow = st.components.v2.component("tunelab.chart_step", html="<span hidden></span>", js=_FOLLOW_JS)
_FOLLOWING_STYLE = (f"<style>.{FOLLOWING} {{ opacity: 0.45; }} "
                    f".{FOLLOWING} [data-testid='stSliderThumbValue'] {{ visibility: hidden; }}</style>")


def frame_steps(fig: go.Figure) -> list[tuple[str, str]]:
    """(frame name, step label) of each position of ``fig``'s step slider, in order; empty for a
    figure without one. The labels are the figure's own, so the widget says what the chart says."""
    if not fig.layout.sliders:
        return []
    # one copy of the slider as plain data: plotly's objects took 11 ms to read sixty steps' two
    # properties, on every run of a page with an animation
    steps = fig.layout.sliders[0].to_plotly_json().get("steps", [])
    return [(str(s["args"][0][0]), str(s["label"])) for s in steps]


@dataclass(frozen=True)
class PagePlay:
    """A page's own ▶ Play, first in the controls' row: a primary button with the page's ``key``
    that calls ``on_press`` (Presenter's logs the run) and plays from the first step, whatever
    step the chart shows."""

    key: str
    on_press: Callable[[], None]


def readout_only(fig: go.Figure) -> bool:
    """Whether ``fig``'s own play / pause buttons are hidden, its slider a readout of the step
    (``trajectory_figure(own_controls=False)``): the widgets here are its only controls."""
    return bool(fig.layout.updatemenus) and fig.layout.updatemenus[0].visible is False


def press(chart_key: str, action: str, frame: str | None = None) -> None:
    """Have the chart with element key ``chart_key`` play, restart, pause or show ``frame``,
    once it is on the page (plotly does it with the chart's own arguments; see the module's note)."""
    if action not in ACTIONS:
        raise ValueError(f"action must be one of {', '.join(ACTIONS)}, got {action!r}")
    if action == "step" and not (frame and frame.isdigit()):
        raise ValueError(f"a step's frame is a frame name of digits, got {frame!r}")
    kept = _kept(chart_key)
    count = kept["presses"] = kept["presses"] + 1
    marker = (f'<span hidden data-chart="{html.escape(element_class(chart_key))}" data-action="{action}" '
              f'data-frame="{html.escape(frame or "")}" data-press="{count}"></span>')
    st.html(marker + SCRIPT, unsafe_allow_javascript=True)


@st.fragment
def _controls(chart_key: str, steps: tuple[tuple[str, str], ...], drawn: str, play: bool | PagePlay,
              pause: bool, dim: tuple[str, ...] = ()) -> None:
    # a fragment: a press reruns these widgets alone, not the page, and so not the chart
    # (a whole-page rerun sends the figure again while it animates)
    action = None
    with st.container(horizontal=True, vertical_alignment="bottom"):
        if isinstance(play, PagePlay):
            # no tooltip: one stays over the projected picture after the click
            if st.button("▶ Play", key=play.key, type="primary", on_click=play.on_press):
                action = "restart"
        elif play and st.button("▶ Play", key=f"{chart_key}.play"):
            action = "play"
        if pause and st.button("❚❚ Pause", key=f"{chart_key}.pause"):
            action = "pause"
        if steps:
            names = [name for name, _ in steps]
            label = dict(steps)
            shown = st.session_state.get(step_key(chart_key))
            kept = _kept(chart_key)
            # a new figure (other settings) is drawn at its last frame, every path in full: the
            # slider starts there again, not at the step chosen on the figure before
            if kept["drawn"] != drawn or (shown is not None and shown not in names):
                kept["drawn"] = drawn
                if shown is not None:
                    _new_slider(chart_key, names[-1])
            key, start = step_key(chart_key), kept["at"]
            st.select_slider("Go to step", names, value=start if start in names else names[-1], key=key,
                             format_func=lambda n: f"step {label[n]}", on_change=_moved, args=(chart_key, key),
                             width=260)
    # the follower and the press's script after the row, not in it: in the row they took a place
    # and pushed the widgets apart
    if steps:
        _follow(key=f"{chart_key}.follow", data={"chart": element_class(chart_key), "slider": element_class(key),
                                                 "dim": [element_class(k) for k in dim]},
                default={"frame": None},
                on_frame_change=functools.partial(_followed, chart_key, tuple(name for name, _ in steps)))
    if action is not None:
        press(chart_key, action)
    kept = _kept(chart_key)
    frame, kept["moved"] = kept["moved"], None
    if frame is not None:
        press(chart_key, "step", frame)


#: what a chart's controls carry from run to run, one dict under ``<chart key>.controls``
#: (:func:`ui.state.carried`): the presses sent to the chart (``presses``: each a new
#: element, so its script runs), the figure the slider was drawn for (``drawn``), how many times
#: it was drawn anew (``count``: its widget key's suffix, :func:`step_key`) and at which frame
#: (``at``), the frame the visitor moved it to, taken by the next run (``moved``); and the visit
#: of the page they were drawn in (``visit``, :func:`ui.state.first_run_of_visit`, absent at first)
CONTROLS: dict[str, Any] = {"presses": 0, "drawn": None, "count": 0, "at": None, "moved": None}


def _kept(chart_key: str) -> dict[str, Any]:
    """The chart's :data:`CONTROLS` state (keys built from the chart's take its namespace)."""
    return carried(f"{chart_key}.controls", CONTROLS)


def step_key(chart_key: str) -> str:
    """The widget key of the chart's "Go to step" now: a new one each time the slider is drawn
    anew (:func:`_new_slider`)."""
    count = _kept(chart_key)["count"]
    return f"{chart_key}.step" + (f".{count}" if count else "")


def _new_slider(chart_key: str, at: str) -> None:
    """Draw "Go to step" anew, as a new widget standing at the frame ``at``.

    Never a new value for the slider on screen: given one through the session state, Streamlit's
    slider sent its old value back first (or, under load, the first option), which stepped the
    chart there; a new widget given its ``value`` has nothing of its own to send back, and the
    replaced one's last report is dropped (:func:`_moved`)."""
    kept = _kept(chart_key)
    kept["count"], kept["at"] = kept["count"] + 1, at


def _moved(chart_key: str, key: str) -> None:
    # a slider replaced by a new one (:func:`_new_slider`) still reports its old value once, on
    # the browser's next request: that is no press
    if key == step_key(chart_key):
        _kept(chart_key)["moved"] = st.session_state[key]


def _followed(chart_key: str, names: tuple[str, ...]) -> None:
    """"Go to step" to the frame the chart stopped at, as its component reported it (a callback:
    before the controls are drawn). A report is the browser's word: only one of the figure's own
    frame names is taken. A stop where the slider stands already (a step it asked for) changes
    nothing, so a keyboard user moving it keeps their place and focus."""
    state = st.session_state.get(f"{chart_key}.follow")
    follow(chart_key, names, state.get("frame") if isinstance(state, dict) else getattr(state, "frame", None))


def follow(chart_key: str, names: tuple[str, ...], frame: object) -> None:
    """:func:`_followed` for the report ``frame``, whatever the browser sent."""
    if isinstance(frame, str) and frame in names and st.session_state.get(step_key(chart_key)) != frame:
        _new_slider(chart_key, frame)


def animation_controls(chart_key: str, fig: go.Figure | None = None, *, play: bool | PagePlay = True,
                       pause: bool = True, dim: Sequence[str] = ()) -> None:
    """Play, Pause and, given a figure with a step slider, "Go to step" for the animated chart
    drawn with ``key=chart_key``: widgets reached with Tab, in one row that wraps.

    ``play`` a :class:`PagePlay` puts the page's own Play in the row (Presenter's logs a run);
    ``play=False`` leaves out Play, for a page that calls :func:`press` itself;
    ``pause=False`` leaves out Pause, to put it elsewhere;
    ``dim``: the keys of elements dimmed, as "Go to step" is, while the chart plays (what they say
    holds at the last step, not at the step the picture passes).
    A figure whose own buttons are hidden (``own_controls=False``) keeps its step slider as a
    readout only: the pointer passes through it, so the chart has no second, invisible control.
    """
    # Back on the page after another: the browser draws the chart anew, at its last frame, and
    # Streamlit has dropped the slider's state; the frame the chart last stopped at (kept outside
    # the widget) would put the new slider there, away from the picture. Once per visit, so a
    # fragment's later reruns (Practice's card) keep following the chart.
    if first_run_of_visit(kept := _kept(chart_key)):
        kept["at"] = None
    drawn = ""
    if fig is not None:  # which figure: its traces (the last frame), not its frames, a few kB to hash
        from plotly.utils import PlotlyJSONEncoder

        # each trace copied alone: the figure's to_plotly_json() copies its sixty frames too, on every run
        traces = [trace.to_plotly_json() for trace in fig.data]
        drawn = hashlib.sha1(json.dumps(traces, cls=PlotlyJSONEncoder).encode()).hexdigest()
        if readout_only(fig):  # a style alone takes no room on the page
            box = element_class(chart_key)
            st.html(f"<style>.{box} .slider-container, .{box} .slider-container * "
                    "{ pointer-events: none !important; }</style>")
    steps = tuple(frame_steps(fig)) if fig is not None else ()
    if steps:  # with the page, not the controls' fragment: a press reruns the fragment alone
        st.html(_FOLLOWING_STYLE)
    _controls(chart_key, steps, drawn, play, pause, tuple(dim))
