"""Cached wrappers around the optimiser engine for the lab pages (st.cache_data)."""

from __future__ import annotations

import streamlit as st

from engine.optim.run import RunConfig, RunResult, run_many
from engine.optim.schedules import ScheduleSpec
from engine.optim.surfaces import get_surface
from engine.optim.sweep import SweepResult, log_lrs, lr_sweep


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
