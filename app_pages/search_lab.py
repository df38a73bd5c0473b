"""Search lab: grid, random, Bayesian, TPE and successive halving, run for real, side by side."""

from __future__ import annotations

import os

import streamlit as st

from engine.labels import count_of, first_upper
from engine.limits import CEILINGS, allowance
from engine.search.lab import (
    ENDINGS,
    KIND_WORDS,
    SHORT_TITLES,
    allowed_ranges,
    check_request,
    edit_space,
    gather_extras,
    ended_early_text,
    not_run_text,
    partial_results,
    run_record,
    run_strategies,
    scoring_text,
    summary_line,
)
from engine.search.lab_link import (CUSTOM_DEFAULTS, FOLDS, LAB_METRICS, POINTS, SCENARIOS, SEARCH_QUERY_KEYS, SEEDS,
                                   lab_settings, search_lab_query)
from engine.search.objectives import BENCHMARKS, DATASETS, METRICS, MODELS, parse_objective
from engine.search.presets import SEARCH_PRESETS
from engine.search.runner import MAX_BUDGET
from engine.search.strategies import STRATEGIES
from engine.search.trials import SearchResult, describe_params
from ui import press_once
from ui.editor_limits import guarded_editor_key
from ui.jobs import StopButton, run_with_progress, stopped_without_results
from ui.lab_query import (OBJECTIVE_KINDS, apply_search_query, keep_search_address, lab_link, space_start,
                          stop_search)
from ui.resources import log_run
from ui.scroll import bring_into_view, count_shown
from ui.site_links import back_to_question
from ui.search_cache import get_eval_cache
from ui.search_lab_tabs import priced, result_tabs

ss = st.session_state
cache = get_eval_cache()
#: evaluations run two at a time (threads, through joblib): the machines this serves have two cores
N_JOBS = min(2, os.cpu_count() or 1)


def title(name: str) -> str:
    return STRATEGIES[name].title


def stop_pressed() -> None:
    """Mark the rerun a Stop press starts: the message then says the search was stopped, which a
    run ended by leaving the page or changing a control was not (it said so all the same)."""
    ss["sl.stop_pressed"] = True


st.title("Search lab", anchor=False)
back_to_question()  # when a question's link opened the lab
st.caption(
    "Real searches: scikit-learn models cross-validated on datasets scikit-learn ships, or benchmark "
    "functions with known optima. Every evaluation is cached in this server's database, shared by the "
    "strategies, the reruns and everyone who uses the server: a configuration already evaluated, by anyone, "
    "comes back at once, counted \u201cfrom cache\u201d (so a search's seconds depend on what was run before)."
)

# ----------------------------------------------------------------------------- setup
# The scenario is chosen in the page, not the sidebar: its titles ("SVC on breast cancer: kernel
# first, then its own settings") are cut off in the sidebar's width.
apply_search_query()  # a link (a preset, or "Link to these settings" below) sets the controls once
pick, story = st.columns([1, 1], vertical_alignment="center")
preset_key = pick.selectbox("Scenario", SCENARIOS, key="sl.preset",
                            format_func=lambda k: SEARCH_PRESETS[k].title if k in SEARCH_PRESETS
                            else "Custom: your own model or benchmark")
keep_search_address(preset_key)
preset = SEARCH_PRESETS.get(preset_key)
story.caption(preset.story if preset is not None else "Choose the objective in the sidebar.")

with st.sidebar:
    if preset is None:
        st.header("Custom scenario", anchor=False)
        kind = st.radio("Objective", OBJECTIVE_KINDS, key="sl.kind")
        if kind == OBJECTIVE_KINDS[1]:
            objective_text = st.selectbox("Function", list(BENCHMARKS), key="sl.bench",
                                          format_func=lambda b: BENCHMARKS[b].title)
            metric, folds, stratified = None, 5, True
        else:
            dataset = st.selectbox("Dataset", list(DATASETS), key="sl.dataset",
                                   format_func=lambda d: first_upper(DATASETS[d].name))
            task = DATASETS[dataset].task
            models = [m for m, spec in MODELS.items() if spec.task == task]
            model = st.selectbox("Model", models, key=f"sl.model.{task}", format_func=lambda m: MODELS[m].title)
            metric = st.selectbox("Metric", LAB_METRICS[task], key=f"sl.metric.{task}",
                                  format_func=lambda m: first_upper(METRICS[m].title))
            folds = st.slider("Folds (k)", *FOLDS, CUSTOM_DEFAULTS["folds"], key="sl.folds")
            stratified = task == "classification" and st.toggle(
                "Stratified folds", True, key="sl.stratified",
                help="Keep each class's share the same in every fold (StratifiedKFold); off: plain KFold.")
            objective_text = f"{dataset}:{model}"
        default_strats, default_budget = CUSTOM_DEFAULTS["strategies"], CUSTOM_DEFAULTS["budget"]
    else:
        objective_text, metric, folds, stratified = preset.objective, preset.metric, preset.folds, True
        default_strats, default_budget = list(preset.strategies), preset.budget
    st.header("Search", anchor=False)
    # short names: a chip holds about eighteen characters ("Bayesian optimisati…" otherwise)
    strategies = st.multiselect("Strategies", list(STRATEGIES), default=default_strats, format_func=SHORT_TITLES.get,
                                key=f"sl.strats.{preset_key}")
    # the ceiling in the label: a number over it only turns the box red (Streamlit keeps the last value), and
    # a walk-through typed 100000, pressed Enter and searched with 20 without a word of why
    budget = int(st.number_input(f"Budget (evaluations per strategy), at most {MAX_BUDGET}", 1, MAX_BUDGET,
                                 default_budget, key=f"sl.budget.{preset_key}"))
    seed = int(st.number_input("Seed", *SEEDS, 0, key="sl.seed"))
    points = int(st.number_input("Grid points per axis (0: from the budget)", *POINTS, 0, key="sl.points"))

try:
    objective = parse_objective(objective_text, metric, int(folds), seed, bool(stratified))
except ValueError as exc:
    stop_search(f"Cannot set up this scenario: {exc}", preset_key)

space = objective.space
if preset is None and objective_text not in BENCHMARKS:
    st.markdown("**Search space** (edit the ranges and scales; choices and conditions are fixed)")
    start = space_start(objective_text, space)  # a link's ranges, or the model's
    # the edits the browser sent, checked before Streamlit applies them (ui/editor_limits.py: it adds
    # rows even to a fixed table, one costly append at a time; a row it does not have raises)
    space_key, fault = guarded_editor_key(f"sl.space.{objective_text}", rows=len(start),
                                          columns=set().union(*start), max_rows=len(start))
    if fault is not None:
        st.warning("The search space table got an edit it cannot apply; it shows its starting ranges again.")
    rows = st.data_editor(start, key=space_key, hide_index=True, width="stretch",
                          disabled=["parameter", "kind", "choices / condition"],
                          column_config={"kind": st.column_config.SelectboxColumn(
                                             options=list(KIND_WORDS), format_func=KIND_WORDS.get),
                                         "low": st.column_config.NumberColumn(format="%.4g"),
                                         "high": st.column_config.NumberColumn(format="%.4g")})
    st.caption("Allowed ranges: " + allowed_ranges(MODELS[objective.model], space)
               + ". Larger models cost more per fit; the estimate beside Run says what a search would cost.")
    try:
        space = edit_space(space, rows)
    except ValueError as exc:
        stop_search(f"The search space is not valid: {exc}", preset_key)
st.markdown(f"**Objective:** {getattr(objective, 'title', '') or objective.name} ({scoring_text(objective)}) · **space:** "
            + ", ".join(p.describe() for p in space.params))

# ----------------------------------------------------------------------------- run
estimate, refusal = priced(check_request, objective, strategies, budget, space, points) if strategies else (0.0, None)

# One row that wraps: columns of fixed shares squeezed the buttons to "R." and "S." with the text
# at 200%; here the buttons keep their words and the cost goes under them when the row is full
with st.container(horizontal=True, vertical_alignment="center"):
    # what a press searches: a double click's second press asks for the same (see press_once)
    press = press_once.pressed("Run the search", "sl.run",
                               lambda: repr((objective.name, strategies, budget, seed, str(space), points)),
                               type="primary", disabled=not strategies or refusal is not None)
    # live in the run that searches, greyed out otherwise (tests/browser/test_hostile_visitor.py presses it)
    stop = StopButton("sl.stop", "Stops a running search; what has been evaluated is kept.", running=bool(press),
                      on_click=stop_pressed)
    if refusal is not None:
        st.error(f"Cannot run: {refusal}")
    elif estimate:
        st.caption(CEILINGS["search"].estimated(estimate))
    else:
        st.caption(f"Search cost limit: {CEILINGS['search'].describe()}.")
lab_link("sl", SEARCH_QUERY_KEYS, "/search-lab",
         search_lab_query(lab_settings(preset_key, strategies, budget, seed, points, objective_text, metric, folds,
                                       stratified, space)))

if ss.get("sl.running") and not press:
    # The last run was interrupted (Stop, another control, another page): keep what it had
    # evaluated, and say which of those ended it. One ended while it waited for a worker evaluated
    # nothing, and "the evaluations made so far are shown" stood over nothing, or over the search
    # before it (the class walk-through)
    running = ss.pop("sl.running")
    ending = ("stop" if ss.pop("sl.stop_pressed", False)
              else "left" if ss.pop("sl.running_visit", None) != ss.get("app.visit") else "control")
    if partial := partial_results(objective, budget, seed, running, ss.pop("sl.running_extras", None), space,
                                  points):
        ss["sl.results"] = partial
        st.warning(ended_early_text(ending, running))
        log_run("search_lab", *run_record(objective, space, budget, partial, points), seed=seed, once=True)
    else:
        st.warning(stopped_without_results("search", "before its first evaluation", bool(ss.get("sl.results")),
                                           None if ending == "stop" else ENDINGS[ending]))
ss.pop("sl.stop_pressed", None)  # a Stop pressed with no search running stops nothing later

if press:
    ss["sl.running"] = {name: [] for name in strategies}
    ss["sl.running_extras"] = {name: {} for name in strategies}  # the GP's steps, kept should it be stopped
    ss["sl.running_visit"] = ss.get("app.visit")  # another by the time it is found ended: the page was left
    order = {name: k for k, name in enumerate(strategies)}

    def on_trial(event):
        _, name, trial, n, b, extras = event
        ss["sl.running"][name].append(trial)
        gather_extras(ss["sl.running_extras"][name], extras)
        # b: the evaluations this strategy will make (a grid's size when under the budget)
        return ((order[name] + n / b) / len(strategies),
                f"{title(name)}: evaluation {n} of {b}" + (" (cached)" if trial.cached else ""))

    results = run_with_progress("Searching: the first evaluations are on their way…", run_strategies, objective,
                                strategies, budget, seed, space, points, cache, N_JOBS, progress=on_trial,
                                error="Cannot run", cpu_seconds=allowance(estimate, "search"))
    running, running_extras = ss.pop("sl.running", None), ss.pop("sl.running_extras", None)
    ss.pop("sl.running_visit", None)
    if results is not None:
        ss["sl.results"] = results
        ss["sl.results_key"] = (objective.name, str(space))
        log_run("search_lab", *run_record(objective, space, budget, results, points), seed=seed, once=True)
        count_shown("sl.results.n")
    elif running and (partial := partial_results(objective, budget, seed, running, running_extras, space, points)):
        # ended early (its CPU allowance, a failure): what it had evaluated is still worth seeing
        ss["sl.results"], ss["sl.results_key"] = partial, (objective.name, str(space))
        st.caption(" ".join(filter(None, ["The evaluations made before it ended are shown below.",
                                          not_run_text(running)])))
        log_run("search_lab", *run_record(objective, space, budget, partial, points), seed=seed, once=True)
        count_shown("sl.results.n")
    press_once.handled(press)  # once it has ended (see the Training lab's Train)
    stop.idle()

results: dict[str, SearchResult] | None = ss.get("sl.results")
if not results or ss.get("sl.results_key", (objective.name, str(space)))[0] != objective.name:
    with st.container(border=True):
        if strategies:
            st.markdown(f"**What the {len(strategies)} strateg{'ies' if len(strategies) > 1 else 'y'} will do "
                        f"with {count_of(budget, 'evaluation')} each**")
            st.markdown("\n".join(f"- **{title(n)}**: {STRATEGIES[n].blurb}" for n in strategies))
            st.markdown("Before you press **Run the search**, predict which one ends with the best score, "
                        "and which gets close to it in the fewest evaluations. The run will show whether "
                        "you were right.")
        else:
            st.markdown("Choose one or more strategies in the sidebar, then press **Run the search**.")
    st.stop()

# ----------------------------------------------------------------------------- summary
# the cards as tall as the row's tallest (a longer caption left them ragged)
for col, (name, r) in zip(st.container(key="sl.results.said").columns(len(results)), results.items()):
    with col, st.container(border=True, height="stretch"):
        st.markdown(f"**{title(name)}**")
        if r.best is None:
            st.markdown("no configuration completed")
            continue
        st.metric("best score" if r.maximize else "best value", f"{r.best.value:.4g}")
        st.caption(f"at {describe_params(r.best.params)}")  # what a candidate would carry into the final fit
        if r.regret is not None:
            st.markdown(f"regret **{r.regret:.3g}**")
        st.caption(summary_line(r))
# a search's end gives the keyboard to its cards (each strategy's best): the focus stayed on Run the
# search and a screen reader heard nothing of the end. After them, as Train's (ui.scroll waits out a
# metric whose code is still loading: the focus came to cards without their numbers)
bring_into_view("sl.results.view", ss.get("sl.results.n", 0), above=False, focus="sl.results.said")

result_tabs(objective, space, results, budget, seed, points, cache, N_JOBS)
