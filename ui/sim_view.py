"""Predict, then run: the engine runs a question's scenario and says whether reality agreed.

Imported by the practice page only once a simulation-backed question has been answered, so
the page itself never loads the simulators (or torch and scikit-learn) to render.
"""

from __future__ import annotations

import logging
import time
from typing import Any

import streamlit as st

from engine.jobs import WorkerFailed
from engine.labels import measurement_label, readable, run_names
from engine.sim.measured import Measurements
from engine.sim.scenarios import SCENARIOS, Measurement
from engine.content.verdict import agrees_with, reality_answer
from ui.scroll import bring_into_view
from ui.text import inert, reason

_LOG = logging.getLogger(__name__)



@st.cache_resource(show_spinner=False)
def measurements() -> Measurements:
    """Measurements made on this server, by scenario and parameters (shared: they are seeded),
    each made once (:class:`engine.sim.measured.Measurements`; ``ui.warm.warm_figures`` makes the
    figures' ahead). Not a cached function: the progress bar drawn while a measurement runs must
    not be replayed from a cache, and a stopped run must leave nothing behind."""
    return Measurements()


def measure_simulation(sim: Any) -> Measurement:
    """The measurement of a question's simulation block, made once per server and kept."""
    store = measurements()
    if store.known(sim.scenario, sim.params) or not SCENARIOS[sim.scenario].in_worker:
        return store.get(sim.scenario, sim.params)  # made, or well under a second: no progress to show
    bar = st.progress(0.0, text="Running the experiment…")
    started = time.monotonic()

    def tick(event: Any) -> None:  # a redraw is where Stop can end the run (and its worker)
        bar.progress(0.0, text=f"Running the experiment… {time.monotonic() - started:.0f} s")

    try:
        return store.get(sim.scenario, sim.params, on_event=tick)
    finally:
        bar.empty()


def measure(question: Any) -> Measurement:
    return measure_simulation(question.simulation)


def _plot(m: Measurement, question: Any) -> None:
    """Every scenario draws what it measured (ui.sim_figures has one entry per scenario).

    The figures are read, not explored: no toolbar (eight tab stops each). An animated one gets
    Play, Pause and "Go to step" widgets under it, which Tab reaches (its own are SVG).
    """
    from ui.chart_controls import animation_controls
    from ui.chart_fit import fill_column, fit_to_width
    from ui.figures import READ_ONLY, chart_alt
    from ui.sim_figures import scenario_figures

    drawn = scenario_figures(m, question.simulation.params)
    side_by_side = bool(drawn.widths) and len(drawn.widths) == len(drawn.figures)
    places = st.columns(list(drawn.widths)) if side_by_side else [st.container() for _ in drawn.figures]
    for i, (place, fig) in enumerate(zip(places, drawn.figures)):
        with place:
            key = f"sim.fig.{question.id}.{i}"
            # a trajectory as tall as its width lets the surface be, and a chart beside it as tall as their row
            height = fit_to_width(key, fig)
            if side_by_side and height == "content":
                height = fill_column(key, int(fig.layout.height or 420))
            st.plotly_chart(fig, width="stretch", height=height, key=key, config=READ_ONLY,
                            alt=drawn.alt(i) or chart_alt(fig))
            if fig.frames:
                animation_controls(key, fig)
    if drawn.caption:
        st.caption(drawn.caption)


def show_simulation(question: Any, response: Any) -> None:
    """The "Run it" block under an answered, simulation-backed question."""
    sim = question.simulation
    st.header("Check it live", anchor=False)  # a section of the page, under its h1 (no level skipped)
    st.markdown(f"The engine can run this for real: {SCENARIOS[sim.scenario].title}.")
    shown_key = f"ran:{question.id}"
    if st.button("Run it", type="primary", key=f"run-it:{question.id}", icon=":material/play_arrow:"):
        st.session_state[shown_key] = True
        st.session_state["sim.runs"] = st.session_state.get("sim.runs", 0) + 1  # the verdict's marker (below)
    if not st.session_state.get(shown_key):  # stays open until the candidate moves on
        return
    try:
        m = measure(question)
        measured, reality = reality_answer(question, m)
    except ValueError as exc:
        st.error(f"The experiment could not run: {reason(exc)}")
        return
    except Exception as exc:  # a bug or a resource problem must not reach the candidate; the log says which
        # a worker's failure carries its reason (its traceback stayed in the worker); any other, its own
        _LOG.error("Run it on %s (%s) failed: %s", question.id, sim.scenario, exc,
                   exc_info=not isinstance(exc, WorkerFailed))
        st.error("The experiment failed unexpectedly; the rest of the page still works. Try again in a moment.")
        return
    you = agrees_with(question, reality, measured, response)
    names = run_names(sim.params)  # "SGD, lr 0.15" for the bank's "sgd"
    ranking = "ranking" in sim.check.metric or question.type == "ordering"  # an order; else a set
    shown = readable(measured, names, ordered=ranking)
    if st.session_state.get(f"logged:{question.id}") != repr(response):
        from ui.resources import log_run

        from textwrap import shorten

        # titled by its question as a person reads it; the id stays in the settings
        # the metric's id is a setting (Run history's row read "metric sgd.outcome; ..."); a list of
        # runs is kept by their names ("Adam → SGD"), a number as measured
        log_run("run_it", shorten(question.prompt, 100, placeholder=" …"),
                {"question": question.id, "scenario": sim.scenario, "params": sim.params, "metric": sim.check.metric},
                {"measured": measured if isinstance(measured, (int, float, bool, str)) else shown,
                 "reality": reality, "your_answer": response, "you_agree": you}, seed=sim.params.get("seed"))
        st.session_state[f"logged:{question.id}"] = repr(response)
    st.markdown(f"**Measured, {inert(measurement_label(sim.check.metric, names))}:** {inert(shown, None)}")
    if question.type == "multi_choice" and isinstance(reality, list):
        reality = [c for c in question.choices if c in reality]  # in the order the options are listed
    if question.type != "numeric" and reality is not None:
        st.markdown(f"**Reality's answer:** {inert(readable(reality, names, ordered=question.type == 'ordering'), None)}")
    with st.container(key="sim.verdict"):
        if you:
            st.success("Reality agrees with your answer.", icon=":material/science:")
        else:
            st.error("Reality disagrees with your answer.", icon=":material/science:")
    # the verdict takes the keyboard's focus after a press of Run it: the focus stayed on the button
    # and the verdict, drawn below it with its text already in, was not heard (the accessibility
    # audit). After the verdict, so that it is there when the marker's script looks for it.
    bring_into_view("sim.verdict.view", st.session_state.get("sim.runs", 0), above=False, focus="sim.verdict")
    if sim.note:
        st.caption(sim.note)
    _plot(m, question)
