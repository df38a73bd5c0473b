"""A figure kept in the visitor's session while what it shows is unchanged: built once, drawn on
every run.

The Search and Training labs draw their results (kept in session state) on every run of the
page: each change of tab, each slider in a result tab, each edit of the settings above them. With
a search's results on screen a run took about 90 ms, most of it plotly building and checking the
same figures again (the Gaussian process's alone about half). :func:`kept_figure` builds a figure
again only when what it is built from has changed.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any, TypeVar

import streamlit as st

T = TypeVar("T")

#: session state: figure name -> (its builder, the arguments it was built from, the figure)
_KEPT = "figures.kept"


def kept_figure(name: str, build: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """``build(*args, **kwargs)``, or the figure kept under ``name`` when ``build`` made it from the same.

    "The same", argument by argument: the same object (results kept in session state are, from
    run to run), or an equal plain value (a number, a text, a flag, a frozen dataclass such as a
    search space); lists, tuples and dicts item by item, as they were when the figure was built
    (a list appended to since is not the same). Any other object is the same only when it is the
    same object, so a figure is never kept for data that merely looks alike. ``build`` must be
    the same object from run to run (a module's function, not one defined in the page), and the
    figure kept is shared between runs, so nothing may change it (``st.plotly_chart`` copies what
    it sends).
    """
    kept = st.session_state.get(_KEPT)
    if not isinstance(kept, dict):
        kept = st.session_state[_KEPT] = {}
    held = kept.get(name)
    if held is not None and held[0] is build and _same(held[1], (args, kwargs)):
        return held[2]
    figure = build(*args, **kwargs)
    # the arguments as they are now, and held: an object kept alive cannot lend its id to another
    kept[name] = (build, _snapshot((args, kwargs)), figure)
    return figure


def _snapshot(value: Any) -> Any:
    if isinstance(value, (list, tuple)):
        return type(value)(_snapshot(v) for v in value) if type(value) in (list, tuple) else value
    if type(value) is dict:
        return {k: _snapshot(v) for k, v in value.items()}
    return value


def _same(a: Any, b: Any) -> bool:
    if type(a) is not type(b):
        return False
    if type(a) in (list, tuple):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
    if type(a) is dict:
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    if a is b:
        return True
    plain = isinstance(a, (str, int, float, bool, bytes)) or (
        dataclasses.is_dataclass(a) and type(a).__dataclass_params__.frozen)
    if not plain:
        return False
    try:
        return bool(a == b)
    except (TypeError, ValueError):  # a field that will not compare (an array): not the same
        return False
