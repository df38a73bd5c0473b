"""Optimizer lab: optimisers on loss surfaces, animated, with loss, learning rate and a sweep."""

from __future__ import annotations

import streamlit as st

from engine.content.labs import LAB_HYPER, LAB_MAX_RUNS, LAB_STEPS, OPTIMIZER_QUERY_KEYS, optimizer_lab_link
from engine.optim.optimizers import MAX_LR, OPTIMIZERS, parse_lrs
from engine.content.lab_runs import lab_configs, optimizer_hyper
from engine.optim.run import MAX_START
from engine.optim.schedules import SCHEDULE_TITLES
from engine.labels import first_upper
from engine.optim.surfaces import get_surface
from engine.run_summaries import diverged_text, optimizer_runs
from ui import optim_cache
from ui.figures import LOSS_ALT, LR_ALT, PATHS_ALT, has_toolbar, projected
from ui.figures_optim import coinciding_note
from ui.chart_controls import animation_controls
from ui.chart_fit import ScreenTall, fit_to_width
from ui.lab_query import apply_optimizer_query, lab_link
from ui.optim_controls import large_text_toggle, lab_number, schedule_controls, surface_controls
from ui.resources import log_run
from ui.site_links import app_page, back_to_question
from ui.text import inert, reason

#: the picture of the paths where the width is not the limit: its figure's 560 px, or the window's height
#: less the 420 px the page's title, tabs and the Play row under it take (1920 x 1080: 660 px), so a
#: projector's large screen gets a larger picture with its controls still on screen
PATHS_TALLEST = ScreenTall(less=420, most=900)

st.title("Optimizer lab", anchor=False)
back_to_question()  # when a question's link opened the lab
st.caption(
    "Real runs of SGD, momentum, Nesterov, Adagrad, RMSprop, Adam and AdamW (torch.optim's "
    "algorithms and defaults, vectorised) on surfaces with known minima."
)
apply_optimizer_query("ol")  # a link (e.g. "Try it in the lab" from a question) sets the controls once

with st.sidebar:
    st.header("Surface", anchor=False)
    surface_name, surface_params = surface_controls("ol")
    st.header("Runs", anchor=False)
    optimizers = st.multiselect(
        "Optimizers", list(OPTIMIZERS), default=["sgd", "momentum", "adam"],
        format_func=lambda n: OPTIMIZERS[n].title, key="ol.optimizers",
    )
    lr_text = st.text_input(
        "Learning rates", "0.01", key="ol.lrs",
        help=f"One or more, separated by commas, each above 0 and at most {MAX_LR:,.0f}; every optimizer runs at "
             f"every rate, at most {LAB_MAX_RUNS} runs in all.",
    )
    try:  # said under the box too: on a phone the open sidebar covers the page's own message
        parse_lrs(lr_text)
    except ValueError as exc:
        st.error(first_upper(reason(exc)), icon=":material/error:")
    only = None
    if linked := st.session_state.get("ol.only_pairs"):  # a question's link: its own runs, not every pair
        if st.checkbox(f"Only the link's {len(linked)} runs", key="ol.only",
                       help="The question ran these pairs of optimizer and rate, not every optimizer at every rate. "
                            "An optimizer or a rate you add still runs; untick for every optimizer at every rate."):
            only = linked
    steps = st.slider("Steps", LAB_STEPS[0], LAB_STEPS[1], 200, step=LAB_STEPS[2], key="ol.steps")
    with st.expander("Momentum and betas"):
        hyper = {name: lab_number("ol", f, steps) for name, (f, _) in LAB_HYPER.items()}
    schedule = schedule_controls("ol", steps)
    surface_obj = get_surface(surface_name, **dict(surface_params))
    st.header("Start point", anchor=False)
    c1, c2 = st.columns(2)
    sx = c1.number_input("x", -MAX_START, MAX_START, float(surface_obj.start[0]), 0.1, key=f"ol.sx.{surface_name}")
    sy = c2.number_input("y", -MAX_START, MAX_START, float(surface_obj.start[1]), 0.1, key=f"ol.sy.{surface_name}")
    if (outside := surface_obj.outside_note((sx, sy))) is not None:
        st.caption(outside)
    seed = st.number_input("Seed (noise)", 0, 10_000, 0, key="ol.seed") if surface_obj.noise else 0
    font = large_text_toggle("ol")
    charts = projected(font)  # every chart's config; with a toolbar, its row is kept for it
    row = has_toolbar(charts)

HYPER = optimizer_hyper(hyper)

if not optimizers:
    st.info("Choose at least one optimizer in the sidebar.")
    st.stop()
# A refused set of runs leaves the sweep tab working: it does not use the rates typed here, and it
# is where the message below sends anyone asking for many rates.
results = None
try:
    lrs = parse_lrs(lr_text)
    configs = lab_configs(optimizers, lrs, hyper, schedule, (sx, sy), only)
    results = optim_cache.runs(surface_name, surface_params, configs, steps, int(seed))
except ValueError as exc:
    st.error(f"Cannot run these settings: {reason(exc)}")

st.markdown(f"**{surface_obj.title}.** {surface_obj.description}")
tab_paths, tab_loss, tab_sweep = st.tabs(["Trajectories", "Loss and learning rate", "Learning-rate sweep"],
                                         key="ol.tab", on_change="rerun")
if results is None:
    for tab in (tab_paths, tab_loss):
        tab.info("Fix the setting the message above names to draw these runs; the Learning-rate sweep tab "
                 "works meanwhile.")
else:
    labels = [c.label for c in configs]
    the_runs = (surface_name, surface_params, configs, steps, int(seed))  # their figures are shared
    with tab_paths:
        # the widgets under the chart are its controls, for mouse and keyboard (its own are out of Tab's reach)
        paths = optim_cache.run_figure("paths", *the_runs, toolbar_row=row, own_controls=False, font_size=font)
        # as tall as the column's width lets the surface be (a phone's was a strip between blank bands),
        # taller on a tall screen, and no wider than the plot (ui.chart_fit)
        st.plotly_chart(paths, width="stretch", height=fit_to_width("ol.paths", paths, tallest=PATHS_TALLEST),
                        key="ol.paths", config=charts, alt=PATHS_ALT)
        animation_controls("ol.paths", paths)
        if (note := coinciding_note(results, labels)) is not None:
            st.caption(note)
    with tab_loss:
        st.plotly_chart(optim_cache.run_figure("loss", *the_runs, toolbar_row=row, font_size=font), width="stretch",
                        key="ol.loss", config=charts, alt=LOSS_ALT)
        st.markdown("**Learning rate at each step**")
        st.plotly_chart(optim_cache.run_figure("lr", *the_runs, toolbar_row=row, font_size=font), width="stretch",
                        key="ol.lr", config=charts, alt=LR_ALT)

    st.header("Summary", anchor=False)
    st.dataframe(
        [
            {
                "Run": label,
                "Outcome": r.outcome + (f" {diverged_text(r.diverged_at)}" if r.diverged_at else ""),
                "Final loss": r.final_loss,
                # text, so a run that never gets there says so (a number column shows a grey "None")
                "Steps to threshold": "not reached" if r.steps_to_threshold is None else str(r.steps_to_threshold),
                "End point": f"({r.trajectory[-1][0]:.4g}, {r.trajectory[-1][1]:.4g})",
            }
            for label, r in zip(labels, results)
        ],
        hide_index=True, width="stretch",
        column_config={"Final loss": st.column_config.NumberColumn(
                           format="%.4g", help="The last loss drawn: for a run that diverged, that of the step "
                                               "before it left the range (its height above the minimum past "
                                               "10,000 times the start's, or a coordinate past a million)."),
                       "Steps to threshold": st.column_config.TextColumn(
                           help="The first step whose loss is within the threshold of the minimum (1e-4 of the "
                                "starting gap, at least 1e-6); not reached: not within this run.")},
    )
    st.caption(inert(optimizer_runs(labels, results), None))  # the table's numbers, read in a sentence
    # The lab redraws on every change of a control; a run joins the history only when it is kept.
    if st.button("Keep these runs in the run history", key="ol.keep", icon=":material/bookmark_add:"):
        kept = log_run("optimizer_lab", f"{surface_obj.title}: " + ", ".join(labels),
                       {"surface": surface_name, "surface_params": dict(surface_params), "steps": steps,
                        "runs": [c.to_dict() for c in configs]},
                       {c.label: {"outcome": r.outcome, "final_loss": r.final_loss,
                                  "steps_to_threshold": r.steps_to_threshold, "diverged_at": r.diverged_at}
                        for c, r in zip(configs, results)},
                       seed=int(seed), once=True)
        if kept:  # a refused save says so itself; it once said both
            st.toast("Kept in the run history.", icon=":material/bookmark_added:")
            # and the way to it, under the button: the toast faded, and nothing on the page had changed
            st.page_link(app_page("history", "app_pages/history.py"), label="Kept: open the Run history",
                         icon=":material/bookmark_added:")
    st.caption(
        f"Threshold: loss within max(1e-6, 1e-4 × initial gap) of the minimum "
        f"({results[0].threshold:.3g} here). Outcome rules: converged (the last fifth of the run "
        "averages within the threshold), diverged (non-finite, or the gap grew 10,000-fold), "
        "oscillating (most recent updates reverse direction), stalled (the loss stopped moving short of the "
        "minimum, as at a saddle), still descending (otherwise)."
    )
    link = optimizer_lab_link(surface_name, surface_params, optimizers, lrs, steps, (sx, sy), schedule.name,
                              int(seed), hyper, schedule.params, only)
    lab_link("ol", OPTIMIZER_QUERY_KEYS, "/optimizer-lab", link,
             "Link to these runs: it reopens them on any screen, with every setting in the sidebar.")

with tab_sweep:
    # built only while open (its tab reruns the page when chosen): each change of the sidebar's runs
    # swept 100 rates again (30-100 ms) for a tab most visits never open. Its settings outlive it
    # (persist_state: Streamlit drops an undrawn widget's value otherwise).
    if tab_sweep.open:
        c1, c2, c3 = st.columns(3)
        # steps of the boxes' own size: Streamlit's 0.01 took 1.0e-04 to 1.0e-02 with one press of +
        # (the lecturer's walk-through), and to a negative rate with one press of -
        lo = c1.number_input("Smallest rate", value=1e-4, step=1e-4, format="%.1e", key="ol.sw.lo",
                             persist_state="session")
        hi = c2.number_input("Largest rate", value=10.0, step=1.0, format="%.1e", key="ol.sw.hi",
                             persist_state="session")
        n = c3.slider("Rates", 20, 200, 100, key="ol.sw.n", persist_state="session")
        try:
            asked = (surface_name, surface_params, tuple(optimizers), lo, hi, n, steps,
                     tuple((k, tuple(v.items())) for k, v in HYPER.items() if k in optimizers), (sx, sy),
                     int(seed), (schedule.name, tuple(sorted(schedule.params.items()))))  # the sidebar's schedule
            sw = optim_cache.sweep(*asked)
        except ValueError as exc:
            st.error(f"Cannot sweep: {reason(exc)}")
        else:
            titles = tuple((k, v.title) for k, v in OPTIMIZERS.items())
            st.plotly_chart(optim_cache.sweep_figure(titles, font, *asked, toolbar_row=row), width="stretch",
                            key="ol.sweep", config=charts,
                            alt="Learning-rate sweep: each optimiser's final loss against the learning rate, on a "
                                "log scale; the table under it gives the numbers")
            st.dataframe(sw.table_rows({k: v.title for k, v in OPTIMIZERS.items()}), hide_index=True,
                         width="stretch")
            st.caption(
                f"{n} log-spaced rates × {len(optimizers)} optimizers × {steps} steps, each rate following the "
                f"{SCHEDULE_TITLES[schedule.name].lower()} schedule. Good: converged. Fastest: the good rate "
                "that reached the threshold first. "
                "Too high: above the largest good rate, or between good rates where the run diverged or "
                "oscillated. Too low: below the smallest, or between good rates where it did not. "
                "Marker shapes: ● converged, ▶ still descending, ◆ oscillating, ■ stalled, ✕ diverged."
            )

