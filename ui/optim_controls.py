"""Sidebar controls shared by the optimiser pages: they return plain values for the engine."""

from __future__ import annotations

import streamlit as st

from engine.content.labs import CONDITION_CHOICES, LAB_SCHEDULE_FIELDS, NOISE_RANGE, LabField
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


def lab_number(prefix: str, f: LabField, steps: int) -> float:
    """One of the lab's numbers (key ``{prefix}.{name}``, or with the schedule's name for its
    settings), drawn as its registry entry says: bounds, step, default, format."""
    default = f.default_for(steps)
    if f.slider:
        return float(st.slider(f.label, f.low, f.high, default, f.step, key=f"{prefix}.{f.name}"))
    if f.whole:
        return float(st.number_input(f.label, int(f.low), int(f.high), int(default), int(f.step),
                                     key=f"{prefix}.{f.name}"))
    return float(st.number_input(f.label, f.low, f.high, default, f.step, format=f.fmt or "%.2f",
                                 key=f"{prefix}.{f.name}"))


def schedule_controls(prefix: str, steps: int) -> ScheduleSpec:
    """Schedule choice and its settings (engine.content.labs.LAB_SCHEDULE_FIELDS); counts are in steps."""
    name = st.selectbox("Schedule", list(SCHEDULES), format_func=lambda n: SCHEDULES[n].title,
                        key=f"{prefix}.schedule")
    params = {f.name: lab_number(f"{prefix}.{name}", f, steps) for f in LAB_SCHEDULE_FIELDS.get(name, ())}
    return ScheduleSpec(name, params)


#: the visitor's choice of "Large text, for a projector", kept for every lab of the session
#: (a widget's own key is forgotten on a page that does not draw it)
LARGE_TEXT = "labs.large_text"
#: the address's parameter that keeps the choice across a reload
LARGE_TEXT_QUERY = "large"


#: the page's own text at a projector's size, beside the plots' (:func:`large_text_toggle`): the toggle
#: enlarged the plots only, and the captions, tab names, Play and Pause and "Go to step" stayed at
#: 14-16 px (the lecturer's walk-through). A table is drawn on a canvas that no font size reaches, and
#: zoomed it overflowed its column (the grid sizes its canvas itself): tables keep Streamlit's size
LARGE_PAGE_CSS = ("<style>[data-testid='stMain'] [data-testid='stMarkdownContainer'] :is(p, li),"
                  "[data-testid='stMain'] [data-testid='stCaptionContainer'],"
                  "[data-testid='stMain'] [data-testid='stCaptionContainer'] p,"
                  "[data-testid='stMain'] [data-testid='stWidgetLabel'] p,"
                  "[data-testid='stMain'] [data-testid='stTab'] p,"
                  "[data-testid='stMain'] button p { font-size: 1.25rem; }"
                  "[data-testid='stMain'] [data-testid='stSliderThumbValue'] { font-size: 1.1rem; }</style>")


def large_text_toggle(prefix: str) -> int | None:
    """The sidebar's "Large text, for a projector" on a lab whose widgets' keys start with
    ``prefix``: the plots' font size in px (:data:`ui.figures_optim.PROJECTOR_FONT`, the
    Presenter's), or None for Streamlit's own. One choice for both labs: a lecturer sets it once."""
    from ui.figures_optim import PROJECTOR_FONT

    ss = st.session_state
    key = f"{prefix}.large"
    if LARGE_TEXT not in ss:  # a reload is a new session: the address keeps the choice (below)
        ss[LARGE_TEXT] = st.query_params.get(LARGE_TEXT_QUERY) == "1"

    def keep() -> None:
        ss[LARGE_TEXT] = bool(ss[key])

    st.header("Display", anchor=False)
    on = st.toggle("Large text, for a projector", value=bool(ss[LARGE_TEXT]), key=key, on_change=keep,
                   help=f"The plots' labels, legends and ticks at {PROJECTOR_FONT} px, as the Presenter draws them, "
                        "and the page's text larger too: readable from the back of a room.")
    # In the address bar, so a reload mid-talk keeps it (it was lost: the lecturer's walk-through); not in
    # the "link to these runs" box, whose readers open it on their own screens
    if on and st.query_params.get(LARGE_TEXT_QUERY) != "1":
        st.query_params[LARGE_TEXT_QUERY] = "1"
    elif not on and LARGE_TEXT_QUERY in st.query_params:
        del st.query_params[LARGE_TEXT_QUERY]
    if on:
        st.html(LARGE_PAGE_CSS)  # style only: it takes no room
    return PROJECTOR_FONT if on else None
