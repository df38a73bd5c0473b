"""Sidebar controls shared by the optimiser pages: they return plain values for the engine."""

from __future__ import annotations

import streamlit as st

from engine.content.labs import CONDITION_CHOICES, NOISE_RANGE
from engine.optim.schedules import SCHEDULES, ScheduleSpec
from engine.optim.surfaces import SURFACES, get_surface


def surface_controls(prefix: str) -> tuple[str, tuple]:
    """Surface choice and its parameters, as (name, sorted parameter items)."""
    name = st.selectbox("Loss surface", list(SURFACES), format_func=lambda n: SURFACES[n].title, key=f"{prefix}.surface")
    params: dict[str, float] = {}
    if name in ("quadratic", "noisy_quadratic"):
        params["condition"] = float(st.select_slider(
            "Condition number", list(CONDITION_CHOICES), value=10, key=f"{prefix}.condition",
            help="How much steeper the y direction is than x.",
        ))
    if name == "noisy_quadratic":
        params["noise"] = st.slider("Gradient noise σ", *NOISE_RANGE, 1.0, 0.1, key=f"{prefix}.noise")
    get_surface(name, **params)  # fail here, with the surface's own message, if invalid
    return name, tuple(sorted(params.items()))


def schedule_controls(prefix: str, steps: int) -> ScheduleSpec:
    """Schedule choice and parameters; counts are in steps."""
    name = st.selectbox("Schedule", list(SCHEDULES), format_func=lambda n: SCHEDULES[n].title,
                        key=f"{prefix}.schedule")
    p: dict[str, float] = {}
    if name == "step":
        p["step_size"] = st.number_input("step_size (steps)", 1, 10_000, max(1, steps // 4), key=f"{prefix}.ss")
        p["gamma"] = st.number_input("gamma", 0.01, 1.0, 0.5, 0.05, key=f"{prefix}.sg")
    elif name == "exponential":
        p["gamma"] = st.number_input("gamma", 0.5, 1.0, 0.99, 0.001, format="%.3f", key=f"{prefix}.eg")
    elif name == "inverse_time":
        p["k"] = st.number_input("k", 0.0, 10.0, 0.05, 0.01, key=f"{prefix}.k")
    elif name == "cosine":
        p["T_max"] = st.number_input("T_max (steps)", 1, 100_000, steps, key=f"{prefix}.tmax")
    elif name == "warmup_cosine":
        p["warmup"] = st.number_input("warmup (steps)", 1, 10_000, max(1, steps // 10), key=f"{prefix}.wu")
    elif name == "one_cycle":
        p["pct_start"] = st.slider("pct_start", 0.05, 0.95, 0.3, 0.05, key=f"{prefix}.pct")
    return ScheduleSpec(name, {k: float(v) for k, v in p.items()})


def parse_lrs(text: str) -> list[float]:
    """Learning rates typed as '0.01, 0.1, 1e-3'.

    Raises
    ------
    ValueError
        For an empty list, a non-number, or a rate that is not > 0.
    """
    values = []
    if len(text) > 1000:
        raise ValueError("the list of learning rates is too long: give a few rates, separated by commas")
    for part in text.replace(";", ",").split(","):
        part = part.strip()
        if not part:
            continue
        try:
            v = float(part)
        except ValueError:
            raise ValueError(f"'{part}' is not a number") from None
        if not (v > 0 and v < float("inf")):
            raise ValueError(f"learning rate must be > 0, got {part}")
        values.append(v)
    if not values:
        raise ValueError("type at least one learning rate")
    return list(dict.fromkeys(values))
