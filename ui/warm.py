"""Import the reference libraries in the server process in the background, once per server.

A generated question computes its answer with torch or scikit-learn in the server process
(engine.forms.reference), so the first such question a server shows used to wait for those
imports (torch, torch._dynamo that torch.optim loads on first use, scikit-learn: 5 to 30 s on
a loaded 2-core machine), and so did whichever visitor's page or filter change landed on it
(benchmarks/bench_practice_filter.py). Importing them in a low-priority thread at start moves
that wait out of every request: a page that needs a module meanwhile waits only for the rest
of its import (Python's import lock), never imports it twice.

Except where a library looks a module up without importing it: plotly checks whether a value
is a pandas Series through ``sys.modules`` (``get_module(..., should_load=False)``), so a figure
drawn while the thread was half-way through importing pandas (scikit-learn imports it) failed
with "partially initialized module 'pandas'". Those modules are imported before the thread
starts, in the first run's own thread (about 0.2 s, once per server).
"""

from __future__ import annotations

import importlib
import logging
import os
import threading

import streamlit as st

from engine.server_log import shutting_down
from ui.gc_freeze import freeze_long_lived

_LOG = logging.getLogger(__name__)

#: modules other code reads from ``sys.modules`` without importing (plotly's optional pandas and
#: numpy): imported completely before the background thread can leave one half-imported
IMPORTED_FIRST = ("numpy", "pandas")
#: what engine.forms.reference and the "Check it live" figures import on first use
REFERENCE_MODULES = ("torch", "torch._dynamo", "sklearn.model_selection", "sklearn.metrics", "plotly.graph_objects")


def _lower_priority() -> None:
    """A background helper must not take CPU from the requests it is there to speed up."""
    try:
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), 10)
    except (AttributeError, OSError):
        pass


def _import_all() -> None:
    _lower_priority()
    for name in REFERENCE_MODULES:
        try:
            importlib.import_module(name)
        except Exception as exc:  # the page that needs it will report the problem itself
            if shutting_down():  # the process is exiting under a half-done import: nothing to report
                return
            _LOG.warning("could not preload %s: %s", name, exc)
    freeze_long_lived("the reference libraries' imports")


@st.cache_resource(show_spinner=False)
def warm_reference_libraries() -> bool:
    """Start the background imports (once per server process)."""
    for name in IMPORTED_FIRST:
        importlib.import_module(name)
    threading.Thread(target=_import_all, name="tunelab-warm-reference", daemon=True).start()
    return True


@st.cache_resource(show_spinner=False)
def warm_figures(_library: object) -> bool:
    """Make every figure's run of the banks (public and interview-only) in the background, once
    per server, so no visitor waits for one on a question (:mod:`engine.sim.measured`).

    One at a time, in the workers' background lane (a visitor's figure or "Run it" never queues
    behind them; on 2 cores they share the CPU for the ten seconds or so it takes); a run a page
    is already making is waited for, not made twice, and one made here is waited for by a page.
    Off with ``TUNELAB_WARM_FIGURES=0``. The library is read once: banks changed later are
    measured when a page needs them, as before.
    """
    from engine.settings import warm_figures as wanted

    if not wanted():
        return False
    from engine.sim.measured import figure_measurements
    from ui.sim_view import measurements

    store = measurements()
    todo = figure_measurements(_library.interview_questions)

    def prepare() -> None:
        _lower_priority()
        made = store.prepare(todo, should_stop=shutting_down)  # logs each failure, never raises
        _LOG.info("made %d of %d figure runs ahead", made, len(todo))
        freeze_long_lived("the figures' runs")  # kept for the server's life, like the libraries

    threading.Thread(target=prepare, name="tunelab-warm-figures", daemon=True).start()
    return True
