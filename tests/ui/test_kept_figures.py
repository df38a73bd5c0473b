"""ui.kept_figures: a figure is built again exactly when what it is built from has changed."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from streamlit.testing.v1 import AppTest

from ui.kept_figures import _same, _snapshot


def _page():
    import streamlit as st

    from ui.kept_figures import kept_figure

    ss = st.session_state
    ss.setdefault("built", 0)
    ss.setdefault("results", [object(), object()])  # a lab's results: the same objects from run to run

    def build(results, titles, *, x="step"):
        ss["built"] += 1
        return {"figure": ss["built"], "x": x}

    build = ss.setdefault("build", build)  # the same builder every run, as a module's function is
    titles = {name: name.upper() for name in ("grid", "random")}  # a new, equal dict on every run
    ss["shown"] = kept_figure("fig", build, ss["results"], titles, x=ss.get("x", "step"))


def test_reruns_over_the_same_results_draw_the_kept_figure_and_a_change_builds_anew():
    at = AppTest.from_function(_page).run()
    at.run().run()
    assert at.session_state["built"] == 1  # three runs, one figure
    at.session_state["x"] = "seconds"  # another option
    at.run()
    assert at.session_state["built"] == 2 and at.session_state["shown"]["x"] == "seconds"
    at.run()
    assert at.session_state["built"] == 2
    at.session_state["results"].append(object())  # the same list, appended to
    at.run()
    assert at.session_state["built"] == 3
    at.session_state["results"] = list(at.session_state["results"])  # a new list of the same results
    at.run()
    assert at.session_state["built"] == 3
    at.session_state["results"] = [object(), object(), object()]  # a new search: new results
    at.run()
    assert at.session_state["built"] == 4
    assert not at.exception


def _two_builders_page():
    import streamlit as st

    from ui.kept_figures import kept_figure

    ss = st.session_state
    numbers = ss.setdefault("numbers", [1, 2, 3])
    ss["shown"] = kept_figure("fig", sum if ss.get("sum") else len, numbers)  # builders that stay the same objects


def test_another_builder_under_the_same_name_builds_its_own():
    """The GP's tab draws a 2-D or a 1-D figure under one name: the same arguments given to
    another builder are not the kept figure."""
    at = AppTest.from_function(_two_builders_page).run()
    assert at.session_state["shown"] == 3
    at.session_state["sum"] = True
    at.run()
    assert at.session_state["shown"] == 6


@dataclass(frozen=True)
class Space:
    names: tuple[str, ...]


@dataclass(frozen=True)
class WithArray:
    values: np.ndarray


@dataclass
class Mutable:
    n: int


def test_what_counts_as_the_same():
    one = object()
    assert _same(_snapshot(((one, Space(("C", "gamma"))), {"x": 1.5})), ((one, Space(("C", "gamma"))), {"x": 1.5}))
    assert not _same(Space(("C",)), Space(("gamma",)))
    assert not _same(object(), object())  # alike is not enough for an object
    assert not _same(Mutable(1), Mutable(1))  # nor for a dataclass that can change under the figure
    assert not _same(WithArray(np.arange(3)), WithArray(np.arange(3)))  # will not compare: built again
    assert not _same(1, 1.0) and not _same((1,), [1])  # a different kind of value is a different value
    kept = [one]
    snap = _snapshot(kept)
    kept.append(object())
    assert not _same(snap, kept)


def test_a_figure_sent_once_sends_what_plotly_would_and_makes_its_dict_once(monkeypatch):
    """``st.plotly_chart`` made the Optimizer lab's paths a dict again on every rerun (11 ms, the
    largest share of the server's time when many opened the lab at once)."""
    import plotly.graph_objects as go
    import plotly.io as pio
    from plotly.basedatatypes import BaseFigure

    from ui.kept_figures import sent_once

    def figure():
        fig = go.Figure(go.Scatter(x=np.arange(5.0), y=np.arange(5.0) ** 2, name="a"))
        fig.frames = [go.Frame(data=[go.Scatter(x=[0.0, float(i)])]) for i in range(3)]
        return fig

    made = []
    whole = BaseFigure.to_dict
    monkeypatch.setattr(BaseFigure, "to_dict", lambda self: made.append(1) or whole(self))
    sent = sent_once(figure())
    first, second = sent.to_dict(), sent.to_dict()
    assert first is second and len(made) == 1
    assert pio.to_json(first, validate=False) == pio.to_json(figure().to_dict(), validate=False)
    assert sent_once({"not": "a figure"}) == {"not": "a figure"}


def _chart_page():
    import plotly.graph_objects as go
    import streamlit as st

    from ui.kept_figures import kept_figure

    def build(n):
        return go.Figure(go.Scatter(x=list(range(n)), y=[v * v for v in range(n)]))

    st.plotly_chart(kept_figure("chart", build, st.session_state.get("n", 4)), key="chart")


def test_a_kept_figure_is_drawn_the_same_on_every_run_and_anew_when_it_changes():
    at = AppTest.from_function(_chart_page).run()
    spec = at.get("plotly_chart")[0].proto.spec
    at.run()
    assert at.get("plotly_chart")[0].proto.spec == spec  # st.plotly_chart left the sent dict as it was
    at.session_state["n"] = 5
    at.run()
    assert at.get("plotly_chart")[0].proto.spec != spec and not at.exception


def test_the_labs_shared_figures_are_sent_as_plotly_makes_them_and_made_into_a_dict_once():
    import plotly.io as pio

    from engine.content.lab_runs import lab_configs
    from engine.optim.schedules import ScheduleSpec
    from engine.optim.surfaces import get_surface
    from ui import optim_cache

    start = tuple(get_surface("quadratic").start)
    configs = lab_configs(["sgd", "adam"], [0.05], {}, ScheduleSpec(), start)
    args = ("quadratic", (), configs, 40, 0)
    for kind, builder in optim_cache.RUN_FIGURES.items():
        shared = optim_cache.run_figure(kind, *args)
        assert shared.to_dict() is shared.to_dict(), kind
        own = builder(get_surface("quadratic"), optim_cache.runs(*args), [c.label for c in configs], 40)
        assert pio.to_json(shared.to_dict(), validate=False) == pio.to_json(own.to_dict(), validate=False), kind
