"""A figure kept in the visitor's session while what it shows is unchanged: built once, drawn on
every run.

The Search and Training labs draw their results (kept in session state) on every run of the
page: each change of tab, each slider in a result tab, each edit of the settings above them. With
a search's results on screen a run took about 90 ms, most of it plotly building and checking the
same figures again (the Gaussian process's alone about half). :func:`kept_figure` builds a figure
again only when what it is built from has changed.

A kept figure is sent again on each of those runs, and ``st.plotly_chart`` makes it a dict each
time (plotly copies every trace, frame and array: 11 ms for the Optimizer lab's paths and their
sixty frames, on every rerun, and the largest share of the server's time when many visitors open
the lab at once). :func:`sent_once` makes that dict once per figure.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any, TypeVar

import streamlit as st

from ui.figures import has_toolbar, keep_toolbar_row

T = TypeVar("T")

#: session state: figure name -> (its builder, the arguments it was built from, the figure)
_KEPT = "figures.kept"


def kept_figure(name: str, build: Callable[..., T], *args: Any, toolbar_row: bool = False, **kwargs: Any) -> T:
    """``build(*args, **kwargs)``, or the figure kept under ``name`` when ``build`` made it from the same;
    ``toolbar_row``: with its top row kept for the chart's toolbar (:func:`ui.figures.keep_toolbar_row`).

    "The same", argument by argument: the same object (results kept in session state are, from
    run to run), or an equal plain value (a number, a text, a flag, a frozen dataclass such as a
    search space); lists, tuples and dicts item by item, as they were when the figure was built
    (a list appended to since is not the same). Any other object is the same only when it is the
    same object, so a figure is never kept for data that merely looks alike. ``build`` must be
    the same object from run to run (a module's function, not one defined in the page), and the
    figure kept is shared between runs and sent as it was first sent (:func:`sent_once`), so
    nothing may change it.
    """
    kept = st.session_state.get(_KEPT)
    if not isinstance(kept, dict):
        kept = st.session_state[_KEPT] = {}
    held = kept.get(name)
    if held is not None and held[0] is build and _same(held[1], (args, kwargs, toolbar_row)):
        return held[2]
    figure = sent_once(build(*args, **kwargs), toolbar_row=toolbar_row)
    # the arguments as they are now, and held: an object kept alive cannot lend its id to another
    kept[name] = (build, _snapshot((args, kwargs, toolbar_row)), figure)
    return figure


def kept_chart(where: Any, key: str, build: Callable[..., Any], *args: Any, config: dict, alt: str,
               **kwargs: Any) -> None:
    """Draw in ``where`` (``st`` or a column) the figure :func:`kept_figure` keeps under ``key``, its
    element's key too, with ``config``; a config that shows a toolbar gets the row kept for it."""
    figure = kept_figure(key, build, *args, toolbar_row=has_toolbar(config), **kwargs)
    where.plotly_chart(figure, width="stretch", key=key, config=config, alt=alt)


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


def sent_once(figure: T, toolbar_row: bool = False) -> T:
    """``figure`` (a plotly figure), whose ``to_dict`` (what ``st.plotly_chart`` sends) is made on
    its first call and then given again, the same dict each time; ``toolbar_row``: its top row kept
    for the chart's toolbar first (:func:`ui.figures.keep_toolbar_row`), as nothing changes it after.

    For a figure that is drawn on many runs and never changed (kept in a session, or cached for
    every visitor): a change after it was first drawn would not be sent. ``st.plotly_chart`` only
    reads the dict (it writes it as JSON); nothing else may change it either.
    """
    from plotly.basedatatypes import BaseFigure

    if not isinstance(figure, BaseFigure):  # a builder may return something else (a tested stand-in)
        return figure
    if toolbar_row:
        keep_toolbar_row(figure)
    made: list[Any] = []
    whole = figure.to_dict  # plotly's own, bound before it is shadowed below

    def to_dict() -> Any:
        if not made:
            made.append(whole())
        return made[0]

    figure.to_dict = to_dict  # an attribute plotly lets through: the figure has a to_dict
    return figure
