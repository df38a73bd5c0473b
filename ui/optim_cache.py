"""Cached wrappers around the optimiser engine for the lab pages: the runs (st.cache_data) and
their figures (st.cache_resource, shared and never changed)."""

from __future__ import annotations

from typing import Any

import streamlit as st

from engine.optim.run import RunConfig, RunResult, run_many
from engine.optim.schedules import ScheduleSpec
from engine.optim.surfaces import get_surface
from engine.optim.sweep import SweepResult, log_lrs, lr_sweep
from ui import figures_optim
from ui.kept_figures import sent_once


@st.cache_data(max_entries=64, show_spinner=False)
def runs(surface: str, surface_params: tuple, configs: tuple[RunConfig, ...], steps: int,
         seed: int) -> list[RunResult]:
    return run_many(get_surface(surface, **dict(surface_params)), list(configs), steps, seed=seed)


@st.cache_data(max_entries=32, show_spinner=False)
def sweep(surface: str, surface_params: tuple, optimizers: tuple[str, ...], lr_min: float,
          lr_max: float, n: int, steps: int, hyper: tuple, start: tuple | None, seed: int,
          schedule: tuple = ("constant", ())) -> SweepResult:
    """``schedule``: the schedule's name and its parameters' items (hashable for the cache)."""
    return lr_sweep(get_surface(surface, **dict(surface_params)), list(optimizers),
                    log_lrs(lr_min, lr_max, n), steps, dict(hyper), start, seed,
                    schedule=ScheduleSpec(schedule[0], dict(schedule[1])))


def _paths(surface, results, labels, steps, **options):
    return figures_optim.trajectory_figure(surface, results, labels, **options)


def _loss(surface, results, labels, steps, **options):
    return figures_optim.loss_figure(surface, results, labels, steps=steps, **options)


def _lr(surface, results, labels, steps, **options):
    return figures_optim.lr_figure(results, labels, steps=steps, **options)


#: the figures of a set of runs a page may ask for: name -> builder(surface, results, labels, steps, **options)
RUN_FIGURES = {"paths": _paths, "loss": _loss, "lr": _lr}


#: figures kept at once, for everyone: a set of runs' three figures take 1.6 MB for the lab's
#: default (three runs of 200 steps) and up to 9 MB for the largest request (twelve runs of 1,000
#: steps, the paths 8.3 of it), a sweep's at most 0.3 MB: at most about 100 MB in all, however
#: many visitors ask for new runs
FIGURES_KEPT = 12


@st.cache_resource(max_entries=FIGURES_KEPT, show_spinner=False)
def run_figure(kind: str, surface: str, surface_params: tuple, configs: tuple[RunConfig, ...], steps: int,
               seed: int, toolbar_row: bool = False, **options: Any) -> Any:
    """The ``kind`` figure (:data:`RUN_FIGURES`) of the runs :func:`runs` makes for these settings,
    labelled with the configurations' labels; ``options`` go to its builder (height, font size...);
    ``toolbar_row``: with its top row kept for the chart's toolbar (:func:`ui.figures.keep_toolbar_row`).

    Built once per server and handed to every session that shows the same runs. The labs rerun on
    every press of an animation's controls and every change of tab, and a class opens one link
    together: building the Optimizer lab's four figures again took 0.2 s of the server's CPU per
    run, most of it plotly checking the sixty frames of the paths' animation (thirty visitors
    opening the lab at once waited 5 s at the median). A figure given out here is shared, and its
    dict is made once (:func:`ui.kept_figures.sent_once`), so nothing may change it.
    """
    results = runs(surface, surface_params, configs, steps, seed)
    labels = [c.label for c in configs]
    return sent_once(RUN_FIGURES[kind](get_surface(surface, **dict(surface_params)), results, labels, steps,
                                       **options), toolbar_row=toolbar_row)


@st.cache_resource(max_entries=FIGURES_KEPT, show_spinner=False)
def sweep_figure(titles: tuple, font_size: int | None, *sweep_args: Any, toolbar_row: bool = False) -> Any:
    """The figure of :func:`sweep` ``(*sweep_args)``, built once per server like :func:`run_figure`."""
    return sent_once(figures_optim.sweep_figure(sweep(*sweep_args), dict(titles), font_size=font_size),
                     toolbar_row=toolbar_row)
