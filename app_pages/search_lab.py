"""Search lab: grid, random, Bayesian, TPE and successive halving, run for real, side by side."""

from __future__ import annotations

import os
from dataclasses import replace

import numpy as np
import streamlit as st

from engine.search.objectives import BENCHMARKS, DATASETS, METRICS, MODELS, CVObjective
from engine.search.overtuning import check_cost as ot_check_cost
from engine.search.overtuning import overtuning_experiment
from engine.search.presets import SEARCH_PRESETS
from engine.limits import CEILINGS
from engine.search.lab import check_request, compare_over_seeds, run_strategies
from engine.search.runner import MAX_BUDGET
from engine.search.space import SearchSpace
from engine.search.strategies import STRATEGIES, STRATEGY_BLURBS, STRATEGY_TITLES
from engine.search.trials import SearchResult
from ui.figures_search import (
    best_so_far_figure,
    parallel_coordinates_figure,
    sampled_points_figure,
    seeds_band_figure,
)
from ui.jobs import run_with_progress
from ui.resources import log_run
from ui.search_cache import get_eval_cache

ss = st.session_state
cache = get_eval_cache()
#: evaluations run two at a time (threads, through joblib): the machines this serves have two cores
N_JOBS = min(2, os.cpu_count() or 1)
TITLES = {k: v for k, v in STRATEGY_TITLES.items() if k in STRATEGIES}

st.title("Search lab")
st.caption(
    "Real searches: scikit-learn models cross-validated on datasets scikit-learn ships, or benchmark "
    "functions with known optima. Every evaluation is cached, so strategies and reruns share it."
)

# ----------------------------------------------------------------------------- setup
with st.sidebar:
    st.subheader("Scenario")
    options = list(SEARCH_PRESETS) + ["custom"]
    if "sl.preset" not in ss and st.query_params.get("preset") in options:  # a shared link
        ss["sl.preset"] = st.query_params["preset"]
    preset_key = st.selectbox("Preset", options, key="sl.preset",
                              format_func=lambda k: SEARCH_PRESETS[k].title if k in SEARCH_PRESETS else "Custom")
    if st.query_params.get("preset") != preset_key:
        st.query_params["preset"] = preset_key
    preset = SEARCH_PRESETS.get(preset_key)
    if preset is None:
        kind = st.radio("Objective", ["Model on a dataset", "Benchmark function"], key="sl.kind")
        if kind == "Benchmark function":
            objective_text = st.selectbox("Function", list(BENCHMARKS), key="sl.bench",
                                          format_func=lambda b: BENCHMARKS[b].title)
            metric, folds, stratified = None, 5, True
        else:
            dataset = st.selectbox("Dataset", list(DATASETS), key="sl.dataset",
                                   format_func=lambda d: d.replace("_", " ").capitalize())
            task = DATASETS[dataset].task
            models = [m for m, spec in MODELS.items() if spec.task == task]
            model = st.selectbox("Model", models, key=f"sl.model.{task}", format_func=lambda m: MODELS[m].title)
            metrics = ["neg_mse"] if task == "regression" else ["accuracy", "f1", "roc_auc"]
            metric = st.selectbox("Metric", metrics, key=f"sl.metric.{task}")
            folds = st.slider("Folds (k)", 2, 10, 3, key="sl.folds")
            stratified = task == "classification" and st.toggle(
                "Stratified folds", True, key="sl.stratified",
                help="Keep each class's share the same in every fold (StratifiedKFold); off: plain KFold.")
            objective_text = f"{dataset}:{model}"
        default_strats, default_budget = ["random", "bayes"], 20
    else:
        st.caption(preset.story)
        objective_text, metric, folds, stratified = preset.objective, preset.metric, preset.folds, True
        default_strats, default_budget = list(preset.strategies), preset.budget
    st.subheader("Search")
    strategies = st.multiselect("Strategies", list(TITLES), default=[s for s in default_strats if s in TITLES],
                                format_func=TITLES.get, key=f"sl.strats.{preset_key}")
    budget = st.number_input("Budget (evaluations per strategy)", 1, MAX_BUDGET, default_budget,
                             key=f"sl.budget.{preset_key}", help=f"At most {MAX_BUDGET}.")
    seed = st.number_input("Seed", 0, 10_000, 0, key="sl.seed")
    points = st.number_input("Grid points per axis (0: from the budget)", 0, 1000, 0, key="sl.points")

try:
    if objective_text in BENCHMARKS:
        objective = BENCHMARKS[objective_text]
    else:
        ds, _, mdl = objective_text.partition(":")
        objective = CVObjective(ds, mdl, metric or "accuracy", int(folds), bool(stratified), int(seed))
except ValueError as exc:
    st.error(f"Cannot set up this scenario: {exc}")
    st.stop()

default_space = objective.space
if preset is None and objective_text not in BENCHMARKS:
    st.markdown("**Search space** (edit the ranges and scales; choices and conditions are fixed)")
    rows = st.data_editor(
        [{"parameter": p.name, "kind": p.kind, "low": p.low, "high": p.high, "log": p.log,
          "choices / condition": ", ".join(map(str, p.choices)) if p.kind == "categorical"
          else p.condition_text()}
         for p in default_space.params],
        key=f"sl.space.{objective_text}", hide_index=True, width="stretch",
        disabled=["parameter", "kind", "choices / condition"],
        column_config={"low": st.column_config.NumberColumn(format="%.4g"),
                       "high": st.column_config.NumberColumn(format="%.4g")},
    )
    bounds = MODELS[objective.model].bounds
    st.caption("Allowed ranges: " + ", ".join(f"{k} {lo:g} to {hi:g}" for k, (lo, hi) in bounds.items())
               + ". Larger models cost more per fit; the estimate beside Run says what a search would cost.")
    try:
        space = SearchSpace(tuple(
            p if p.kind == "categorical" else replace(p, low=r["low"], high=r["high"], log=bool(r["log"]))
            for p, r in zip(default_space.params, rows)))
    except (ValueError, TypeError) as exc:
        st.error(f"The search space is not valid: {exc}")
        st.stop()
else:
    space = default_space
st.markdown(
    f"**Objective:** `{objective.name}`"
    + (f" ({METRICS[objective.metric].title}, {objective.folds}-fold {'stratified ' if objective.stratified else ''}CV)"
       if isinstance(objective, CVObjective) else
       f" (minimum {objective.optimum:.4g})")
    + " · **space:** " + ", ".join(p.describe() for p in space.params)
)

# ----------------------------------------------------------------------------- run
try:
    estimate = check_request(objective, strategies, int(budget), space, int(points)) if strategies else 0.0
    refusal = None
except ValueError as exc:
    estimate, refusal = None, str(exc)

run_col, stop_col, cost_col = st.columns([1, 1, 4], vertical_alignment="center")
go = run_col.button("Run the search", type="primary", key="sl.run", disabled=not strategies or refusal is not None)
stop_col.button("Stop", key="sl.stop", help="Stops a running search; what has been evaluated is kept.")
search_ceiling = CEILINGS["search"]
if refusal is not None:
    cost_col.error(f"Cannot run: {refusal}")
elif estimate:
    cost_col.caption(f"Estimated cost: about {estimate:,.0f} CPU-seconds; {search_ceiling.describe()}.")
else:
    cost_col.caption(f"Search cost limit: {search_ceiling.describe()}.")

if ss.get("sl.running") and not go:
    # The last run was interrupted (Stop, or another click): keep what it had evaluated.
    partial = ss.pop("sl.running")
    ss["sl.results"] = {
        k: SearchResult(k, objective.name, objective.maximize, int(budget), int(seed), tuple(v), stopped=True,
                        optimum=getattr(objective, "optimum", None))
        for k, v in partial.items() if v
    } or ss.get("sl.results")
    st.warning("The search was stopped; the evaluations made so far are shown.")

if go:
    ss["sl.running"] = {name: [] for name in strategies}
    total = len(strategies) * int(budget)
    order = {name: k for k, name in enumerate(strategies)}

    def on_trial(event):
        _, name, trial, n, b = event
        ss["sl.running"][name].append(trial)
        return ((order[name] * int(budget) + n) / total,
                f"{TITLES[name]}: evaluation {n} of {b}" + (" (cached)" if trial.cached else ""))

    results = run_with_progress("Starting…", run_strategies, objective, strategies, int(budget), int(seed), space,
                                int(points), cache, N_JOBS, progress=on_trial, error="Cannot run")
    ss.pop("sl.running", None)
    if results is not None:
        ss["sl.results"] = results
        ss["sl.results_key"] = (objective.name, str(space))
        log_run("search_lab", f"{objective.name}: " + ", ".join(TITLES[n] for n in results),
                {"objective": objective.name, "budget": int(budget), "space": space.to_dict(),
                 "strategies": list(results), **({"metric": objective.metric, "folds": objective.folds}
                                                 if isinstance(objective, CVObjective) else {})},
                {n: {"best": r.best.value if r.best else None, "regret": r.regret, "trials": len(r.trials),
                     "failed": sum(t.state == "failed" for t in r.trials)} for n, r in results.items()},
                seed=int(seed))

results: dict[str, SearchResult] | None = ss.get("sl.results")
if not results or ss.get("sl.results_key", (objective.name, str(space)))[0] != objective.name:
    with st.container(border=True):
        if strategies:
            st.markdown(f"**What the {len(strategies)} strateg{'ies' if len(strategies) > 1 else 'y'} will do "
                        f"with {int(budget)} evaluations each**")
            st.markdown("\n".join(f"- **{TITLES[n]}**: {STRATEGY_BLURBS[n]}" for n in strategies))
            st.markdown("Before you press **Run the search**, predict which one ends with the best score, "
                        "and which gets close to it in the fewest evaluations. The run will show whether "
                        "you were right.")
        else:
            st.markdown("Choose one or more strategies in the sidebar, then press **Run the search**.")
    st.stop()

# ----------------------------------------------------------------------------- summary
cols = st.columns(len(results))
for col, (name, r) in zip(cols, results.items()):
    with col, st.container(border=True):
        st.markdown(f"**{TITLES[name]}**")
        if r.best is None:
            st.markdown("no configuration completed")
            continue
        st.metric("best score" if r.maximize else "best value", f"{r.best.value:.4g}")
        failed = sum(t.state == "failed" for t in r.trials)
        if r.regret is not None:
            st.markdown(f"regret **{r.regret:.3g}**")
        cached = sum(t.cached for t in r.trials)
        st.caption(f"{len(r.trials)} evaluations · {failed} failed · {cached} from cache · "
                   f"{r.trials[-1].elapsed:.1f} s")

# Keyed, so a button inside a tab (e.g. "Compare over seeds") does not send the user back to the first.
tabs = st.tabs(["Best so far", "Where they looked", "Gaussian process", "Trials", "Over several seeds",
                "Over-tuning"], key="sl.tab", on_change="rerun")

with tabs[0]:
    left, right = st.columns(2)
    left.plotly_chart(best_so_far_figure(results, TITLES), width="stretch", key="sl.bsf")
    right.plotly_chart(best_so_far_figure(results, TITLES, x="seconds"), width="stretch", key="sl.bsf.t")

with tabs[1]:
    if space.dim == 2:
        landscape = None
        if isinstance(objective, CVObjective):
            n = 7
            if st.button(f"Compute the ground truth: the full {n}×{n} grid (cached)", key="sl.truth.go"):
                truth = run_with_progress("Evaluating the grid…", run_strategies, objective, ["grid"], n * n, 0,
                                          space, n, cache, N_JOBS, error="Cannot compute the grid",
                                          progress=lambda e: (e[3] / e[4], f"{e[3]} of {e[4]}"))
                if truth is not None:
                    ss["sl.truth"] = (objective.name, str(space), truth["grid"])
            saved = ss.get("sl.truth")
            if saved and saved[0] == objective.name and saved[1] == str(space):
                truth = saved[2]
                a, b = space.names
                axes = space.grid_axes(n)
                xs, ys = axes[a], axes[b]
                Z = np.full((len(ys), len(xs)), np.nan)
                for t in truth.trials:
                    if t.value is not None:
                        Z[ys.index(t.params[b]), xs.index(t.params[a])] = t.value
                landscape = (np.array(xs), np.array(ys), Z)
        else:
            (x0, x1), (y0, y1) = objective.bounds
            xs, ys = np.linspace(x0, x1, 80), np.linspace(y0, y1, 80)
            Z = np.array([[objective.func(np.array([x, y])) for x in xs] for y in ys])
            # log10(f - f*) shows the basins; the raw values are dominated by the walls
            landscape = (xs, ys, np.log10(Z - objective.optimum + 1e-3))
        st.plotly_chart(sampled_points_figure(space, results, TITLES, landscape, objective.maximize),
                        width="stretch", key="sl.scatter")
        st.caption("Marker size grows with the share of data used (successive halving's early rungs are small); "
                   "stars mark each strategy's best.")
    else:
        which = st.selectbox("Strategy", list(results), format_func=TITLES.get, key="sl.pc")
        st.plotly_chart(parallel_coordinates_figure(space, results[which]), width="stretch", key="sl.parcoords")
        st.caption("Each line is one evaluated configuration; drag along an axis to filter.")

with tabs[2]:
    from ui.gp_view import gp_iterations_view

    gp_iterations_view(results.get("bayes"), space, objective.maximize)

with tabs[3]:
    which = st.selectbox("Strategy", list(results), format_func=TITLES.get, key="sl.trials")
    r = results[which]
    rows = []
    for t in r.trials:
        # every parameter gets its column, in the space's order; a conditional one is blank where it is off
        row = {"#": t.number, **{k: t.params.get(k) for k in space.names}, "value": t.value, "state": t.state}
        if t.info:
            row.update(std=t.info.get("std"), train=t.info.get("train_score"),
                       folds=", ".join(f"{s:.3f}" for s in t.info.get("fold_scores", [])),
                       fit_s=t.info.get("fit_time"))
        row.update(share=t.resource, cached=t.cached, reason=t.reason)
        rows.append(row)
    st.dataframe(rows, hide_index=True, width="stretch")

with tabs[4]:
    n_seeds = st.slider("Seeds", 2, 20, 5, key="sl.seeds")
    cost = n_seeds * len(results) * int(budget)
    try:
        seconds, refusal = check_request(objective, list(results), int(budget), space, int(points),
                                         repeats=int(n_seeds), what="this comparison"), None
    except ValueError as exc:
        seconds, refusal = None, str(exc)
    if refusal:
        st.error(f"Cannot compare: {refusal}")
    else:
        st.caption(f"Runs every strategy {n_seeds} times ({cost} evaluations, shared through the cache); "
                   f"estimated cost about {seconds:,.0f} CPU-seconds, {CEILINGS['search'].describe()}.")
    if st.button("Compare over seeds", key="sl.seeds.go", disabled=refusal is not None):
        steps = n_seeds * len(results)
        order = {name: k for k, name in enumerate(results)}
        curves = run_with_progress(
            "Running…", compare_over_seeds, objective, list(results), int(budget), int(n_seeds), space, int(points),
            cache, N_JOBS, error="Cannot compare",
            progress=lambda e: ((order[e[1]] * e[3] + e[2]) / steps, f"{TITLES[e[1]]}: seed {e[2]} of {e[3]}"))
        if curves is not None:
            ss["sl.seed_curves"] = (objective.name, curves)
    saved = ss.get("sl.seed_curves")
    if saved and saved[0] == objective.name:
        st.plotly_chart(seeds_band_figure(saved[1], TITLES, objective.maximize, getattr(objective, "optimum", None)),
                        width="stretch", key="sl.band")

with tabs[5]:
    if not isinstance(objective, CVObjective):
        st.info("The over-tuning experiment needs a model on a dataset: choose one of the model presets.")
    else:
        st.markdown(
            "Report the best cross-validated score of a search and you report a maximum over noisy "
            "estimates: it is biased upwards. Here the same search is scored honestly twice: by nested "
            "cross-validation (the search runs inside each outer fold) and on a held-out test set."
        )
        c1, c2, c3 = st.columns(3)
        ot_budget = c1.number_input("Search budget", 2, 100, 20, key="sl.ot.budget")
        ot_outer = c2.slider("Outer folds", 2, 5, 3, key="sl.ot.outer")
        ot_strategy = c3.selectbox("Strategy", ["random", "tpe"], format_func=TITLES.get, key="sl.ot.strategy")
        try:
            ot_seconds, ot_refusal = ot_check_cost(objective, ot_strategy, int(ot_budget), int(ot_outer)), None
        except ValueError as exc:
            ot_seconds, ot_refusal = None, str(exc)
        if ot_refusal:
            st.error(f"Cannot run the experiment: {ot_refusal}")
        else:
            st.caption(f"{int(ot_outer) + 1} searches of {int(ot_budget)} evaluations; estimated cost about "
                       f"{ot_seconds:,.0f} CPU-seconds, {CEILINGS['search'].describe()}.")
        if st.button("Run the over-tuning experiment", key="sl.ot.go", disabled=ot_refusal is not None):
            ot = run_with_progress(
                "Searching…", overtuning_experiment, objective.dataset, objective.model, objective.metric,
                ot_strategy, int(ot_budget), objective.folds, int(ot_outer), seed=int(seed), cache=cache,
                progress_kw="on_progress", progress=lambda e: e, error="Cannot run the experiment")
            if ot is not None:
                ss["sl.ot"] = (objective.name, ot)
                log_run("overtuning", f"{objective.name}: {ot_strategy}, budget {int(ot_budget)}",
                        {"objective": objective.name, "strategy": ot_strategy, "budget": int(ot_budget),
                         "outer_folds": int(ot_outer)},
                        {"best_cv": ot.best_cv, "nested": ot.nested, "test": ot.test}, seed=int(seed))
        saved = ss.get("sl.ot")
        if saved and saved[0] == objective.name:
            ot = saved[1]
            m1, m2, m3 = st.columns(3)
            m1.metric("Best CV score (what gets reported)", f"{ot.best_cv:.3f}")
            m2.metric("Nested CV", f"{ot.nested:.3f}", f"{-ot.optimism_vs_nested:+.3f}")
            m3.metric("Held-out test set", f"{ot.test:.3f}", f"{-ot.optimism_vs_test:+.3f}")
            st.caption(f"Nested fold scores: {', '.join(f'{s:.3f}' for s in ot.nested_scores)}. "
                       f"The gap between the first number and the other two is the optimism of tuning.")
