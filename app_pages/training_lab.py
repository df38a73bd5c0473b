"""Training lab: small torch networks trained side by side, and the learning-rate range test."""

from __future__ import annotations

import streamlit as st

from engine.link_query import number_text
from engine.optim.optimizers import OPTIMIZERS
from engine.optim.schedules import SCHEDULE_TITLES
from engine.optim.training import (DATASETS, MAX_RUNS, TrainConfig, TrainSetup, check_range_test, check_request,
                                   lr_range_test, run_record, train_many)
from engine.optim.training_link import (DEPTHS, EPOCHS, RANGE_TEST_DEFAULTS, RANGE_TEST_ITERS, SEEDS,
                                        TRAINING_QUERY_KEYS, WIDTHS, lab_settings, training_lab_query)
from engine.optim.training_presets import DEFAULT, DEFAULT_RUNS, TABS, configs_from_rows
from ui import press_once
from ui.figures import TRAINING_ALT, projected
from ui.figures_optim import range_test_figure, training_figure
from engine.limits import CEILINGS, allowance
from engine.run_summaries import training_runs
from ui.editor_limits import guarded_editor_key
from ui.jobs import StopButton, run_with_progress, stopped_without_results
from ui.kept_figures import kept_chart
from ui.lab_query import apply_training_query, lab_link
from ui.optim_controls import large_text_toggle
from ui.resources import log_run
from ui.scroll import bring_into_view, count_shown
from ui.site_links import back_to_question
from ui.training_table import show_results_table
from ui.text import inert, reason

#: the range test's mini-batch (torch-lr-finder's usual)
RANGE_TEST_BATCH = 32

st.title("Training lab", anchor=False)
back_to_question()  # when a question's link opened the lab
st.caption(
    "A multilayer perceptron trained for real with torch.optim and torch.optim.lr_scheduler. "
    "Every run starts from the same weights and sees the same mini-batches."
)

apply_training_query()  # a link (a preset, or "Link to these settings" below) sets the controls once

with st.sidebar:
    st.header("Network and data", anchor=False)
    dataset = st.selectbox("Dataset", list(DATASETS), format_func=lambda d: d.capitalize(), key="tl.dataset",
                           help="\n\n".join(f"**{k}**: {v.title}" for k, v in DATASETS.items()))
    width = st.select_slider("Hidden units", WIDTHS, value=DEFAULT.width, key="tl.width")
    depth = st.radio("Hidden layers", DEPTHS, horizontal=True, key="tl.depth")
    epochs = st.slider("Epochs", *EPOCHS, DEFAULT.epochs, key="tl.epochs")
    seed = st.number_input("Seed", *SEEDS, 0, key="tl.seed")
    font = large_text_toggle("tl")
    charts = projected(font)  # every chart's config

setup = TrainSetup(dataset=dataset, hidden=(width,) * depth, epochs=epochs, seed=int(seed))

tab_compare, tab_range = st.tabs([TABS["compare"], TABS["range-test"]], key="tl.tab", on_change="rerun")

with tab_compare:
    st.markdown("Edit the runs (add or delete rows). A schedule is sized to its run's mini-batch steps: step decay "
                "halves the rate every quarter of the run, cosine reaches its floor at the last step, warmup takes "
                "the first tenth.")
    # a link's, or the lab's; the rate as text, as the visitor will type it (see the column below)
    start_runs = [dict(r) | {"lr": number_text(r["lr"])} for r in st.session_state.get("tl.start_runs") or DEFAULT_RUNS]
    # Look at the edits the browser sent before st.data_editor applies them: Streamlit adds rows one
    # df.loc append at a time, quadratic in their number (16,000 rows in one 1.2 MB message held a
    # server core for 419 s), and a row position the table does not have raises inside it. Twice
    # MAX_RUNS rows leaves room to add a run too many and see check_request's "at most 8 runs"; past
    # that, or for an edit the editor could not have sent, the table starts again (ui/editor_limits.py).
    runs_key, runs_fault = guarded_editor_key("tl.runs", rows=len(start_runs), columns=set().union(*start_runs),
                                              max_rows=2 * MAX_RUNS)
    if runs_fault == "rows":
        st.warning(f"The runs table takes at most {MAX_RUNS} runs; the extra rows were dropped and the table "
                   "shows its starting runs again.")
    elif runs_fault == "edit":
        st.warning("The runs table got an edit it cannot apply (a row or column it does not have); "
                   "it shows its starting runs again.")
    edited = st.data_editor(
        start_runs,
        num_rows="dynamic",
        key=runs_key,
        width="stretch",
        column_config={
            # the cells hold the ids (what the engine reads) and show the titles the results use
            "optimizer": st.column_config.SelectboxColumn("Optimizer", options=list(OPTIMIZERS), required=True,
                                                          format_func=lambda n: OPTIMIZERS[n].title),
            # text, read by the engine (row_rate): the number cell read a typed "1e-3" as 3, "-1" as 1
            # and "abc" as 0, each silently
            "lr": st.column_config.TextColumn("Learning rate", required=True, max_chars=40,
                                              help="A positive number, such as 0.01 or 1e-3."),
            "schedule": st.column_config.SelectboxColumn("Schedule", options=list(SCHEDULE_TITLES), required=True,
                                                         format_func=SCHEDULE_TITLES.get),
            "batch_size": st.column_config.NumberColumn("Batch size", min_value=1, step=1, required=True),
        },
    )
    try:
        configs = configs_from_rows(edited)
        estimate, refusal = check_request(setup, configs), None
    except ValueError as exc:
        configs, estimate, refusal = (), None, str(exc)
    # one row that wraps (a column of fixed share clipped "Train" with the text at 200%)
    with st.container(horizontal=True, vertical_alignment="center"):
        # what a press trains: a double click's second asks for the same
        press = press_once.pressed("Train", "tl.train", lambda: repr((setup, configs)), type="primary",
                                   disabled=refusal is not None)
        # a press reruns the page, which ends the training's run and its worker (ui.jobs)
        # live in the run that trains, greyed out otherwise
        stop = StopButton("tl.stop", "Stops a training that is running; the results shown before stay.",
                          running=bool(press))
        if refusal is not None:
            st.error(inert(f"Cannot train these runs: {refusal}", None))  # a row may hold what a visitor sent
        else:
            st.caption(CEILINGS["training"].estimated(estimate))
    if st.session_state.get("tl.training") and not press:
        # the last Train did not end (Stop, another click, a visit to another page): say so, or the
        # results below would pass for the runs asked for; the runs it finished are kept
        st.session_state["tl.training"] = False
        finished = st.session_state.pop("tl.finished", None) or []
        if finished:
            st.session_state["tl.results"] = finished
            n, asked = len(finished), st.session_state.get("tl.asked", len(finished))
            st.warning(f"The training was stopped before it finished: {n} of its {asked} runs had finished; "
                       + ("it is" if n == 1 else "they are") + " shown below.")
            # in the run history too, said to be stopped (it had nothing of it: a lecturer's walk-through)
            ran = st.session_state.get("tl.asked_setup", setup)  # as pressed: a change of a setting also stops it
            log_run("training_lab", *run_record(ran, finished, asked), seed=ran.seed, once=True)
        else:
            st.warning(stopped_without_results("training", "before it finished",
                                               bool(st.session_state.get("tl.results"))))
    if press:
        st.session_state["tl.training"], st.session_state["tl.asked"] = True, len(configs)
        st.session_state["tl.asked_setup"] = setup
        st.session_state["tl.finished"] = []

        def on_train(event):
            if len(event) > 2:  # a run has finished: kept should the training be stopped
                st.session_state["tl.finished"].append(event[2])
            return event[0], event[1]

        results = run_with_progress("Starting the workers…", train_many, setup, configs, progress_kw="on_progress",
                                    progress=on_train, error="Cannot train these runs",
                                    cpu_seconds=allowance(estimate, "training"))
        if results is not None:
            st.session_state["tl.results"] = results
            log_run("training_lab", *run_record(setup, results), seed=setup.seed, once=True)
        st.session_state["tl.training"] = False  # it ended: with results, or with its reason shown
        finished = st.session_state.pop("tl.finished", None)
        if results is None and finished:  # ended early (its CPU allowance, a failure): the runs done stand
            st.session_state["tl.results"] = finished
            st.caption("The run that finished before it ended is shown below." if len(finished) == 1
                       else f"The {len(finished)} runs that finished before it ended are shown below.")
            log_run("training_lab", *run_record(setup, finished, len(configs)), seed=setup.seed, once=True)
        if results is not None or finished:
            count_shown("tl.results.n")
        # once it has ended: a double click's second press that stopped this run meanwhile trains once
        # more (its own run), one that comes just after is a repeat (press_once)
        press_once.handled(press)
        stop.idle()
    results = st.session_state.get("tl.results")
    if results:
        kept_chart(st, "tl.curves", training_figure, results, font_size=font, config=charts,
                   alt=f"{TRAINING_ALT}; the table and the sentence under them give each run's numbers")
        show_results_table(results)
        with st.container(key="tl.results.said"):
            st.caption(inert(training_runs(results), None))  # a run's name may carry a label typed in the editor
        # a training's end gives the keyboard to its sentence (the best run first): the focus stayed on
        # Train and a screen reader heard nothing of the runs that had ended; the results' end is
        # scrolled to the screen's bottom, the chart above it in view
        bring_into_view("tl.results.view", st.session_state.get("tl.results.n", 0), above=False,
                        focus="tl.results.said")
    elif refusal is None and "tl.results" not in st.session_state:
        st.info("Press **Train** to run the comparison; the estimate beside the button says what it costs.")

with tab_range:
    st.markdown(
        "The range test trains with the learning rate multiplied by a constant factor at every "
        "mini-batch, from a tiny rate to a huge one, and watches the (smoothed) loss. It suggests "
        "the rate where the loss falls fastest, as torch-lr-finder does; fastai's older rule, one "
        "tenth of the rate at the lowest loss, is shown too."
    )
    c1, c2, c3, c4 = st.columns(4)
    opt_name = c1.selectbox("Optimizer", list(OPTIMIZERS), index=list(OPTIMIZERS).index(RANGE_TEST_DEFAULTS["rt_opt"]),
                            format_func=lambda n: OPTIMIZERS[n].title, key="tl.rt.opt")
    # + and - by the boxes' own sizes, as the Optimizer lab's sweep: Streamlit's 0.01 took 1.0e-05 to 1.0e-02
    lo = c2.number_input("From", value=RANGE_TEST_DEFAULTS["rt_from"], step=RANGE_TEST_DEFAULTS["rt_from"],
                         format="%.1e", key="tl.rt.lo")
    hi = c3.number_input("To", value=RANGE_TEST_DEFAULTS["rt_to"], step=1.0, format="%.1e", key="tl.rt.hi")
    iters = c4.number_input("Iterations", *RANGE_TEST_ITERS, RANGE_TEST_DEFAULTS["rt_iters"], key="tl.rt.iters")
    try:  # checked and priced before the press, as Train is: a refused test has its button off
        rt_estimate, rt_refusal = check_range_test(setup, lo, hi, int(iters), RANGE_TEST_BATCH), None
    except ValueError as exc:
        rt_estimate, rt_refusal = None, str(exc)
    with st.container(horizontal=True, vertical_alignment="center"):  # as Train's row
        press = press_once.pressed("Run the range test", "tl.rt.go",
                                   lambda: repr((setup, opt_name, lo, hi, int(iters))),  # see Train
                                   type="primary", disabled=rt_refusal is not None)
        if rt_refusal is not None:
            st.error(f"Cannot run the range test: {reason(rt_refusal)}")
        else:
            st.caption(CEILINGS["training"].estimated(rt_estimate))
    if press:
        rt = run_with_progress("Ramping the learning rate…", lr_range_test, setup,
                               TrainConfig(opt_name, lo, batch_size=RANGE_TEST_BATCH), lo, hi, int(iters),
                               progress_kw="on_progress", progress=lambda e: e, error="Cannot run the range test",
                               cpu_seconds=allowance(None, "training"))
        if rt is not None:
            st.session_state["tl.rt.last"] = rt
            st.session_state["tl.rt.asked"] = (setup, opt_name, lo, hi, int(iters))
            log_run("range_test", f"{setup.dataset.capitalize()}: {OPTIMIZERS[opt_name].title} from {lo:g} to {hi:g}",
                    {"dataset": setup.dataset, "optimizer": opt_name, "lr_min": lo, "lr_max": hi, "iterations": int(iters)},
                    {"suggestion": rt.suggestion, "min_loss_lr": rt.min_loss_lr, "stopped_early": rt.stopped_early},
                    seed=setup.seed, once=True)
            count_shown("tl.rt.n")
        press_once.handled(press)  # once it has ended, as Train
    rt = st.session_state.get("tl.rt.last")
    asked = st.session_state.get("tl.rt.asked")  # kept with it: the settings it ran
    if rt is not None and asked is not None and asked != (setup, opt_name, lo, hi, int(iters)):
        # the last test's chart under settings it did not run (a lecturer changed From to -1 and
        # the old suggestion stayed, unexplained)
        # "press Run" beside a button the refusal above had turned off read as a contradiction
        then = ("fix the setting the message above names to test them" if rt_refusal is not None
                else "press **Run the range test** to test them")
        st.info(f"The chart below is the last test's: {OPTIMIZERS[asked[1]].title} from {asked[2]:g} to "
                f"{asked[3]:g}, {asked[4]} iterations on {asked[0].dataset}. The settings above have changed "
                f"since; {then}.")
    if rt is not None:
        kept_chart(st, "tl.rt.fig", range_test_figure, rt, font_size=font, config=charts,
                   alt="Learning-rate range test: the loss against a rising learning rate, on a log scale; "
                       "the numbers under it give the rates it suggests")
        with st.container(key="tl.rt.said"):
            m1, m2, m3 = st.columns(3)
            m1.metric("Suggested rate (steepest fall)", f"{rt.suggestion:.3g}" if rt.suggestion else "–")
            m2.metric("Rate at lowest loss / 10", f"{rt.min_loss_lr / 10:.3g}")
            m3.metric("Stopped early (loss blew up)", "yes" if rt.stopped_early else "no")
        bring_into_view("tl.rt.view", st.session_state.get("tl.rt.n", 0), above=False, focus="tl.rt.said")  # as Train

# what is on screen, both tabs' settings and the runs table as edited, as one address
tab_key = {title: key for key, title in TABS.items()}.get(st.session_state.get("tl.tab"), "compare")
lab_link("tl", TRAINING_QUERY_KEYS, "/training-lab",
         training_lab_query(lab_settings(dataset, width, depth, epochs, seed, edited, tab_key, opt_name, lo, hi, iters)))
