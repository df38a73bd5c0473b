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
