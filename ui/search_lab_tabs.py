"""The search lab's result tabs: layout only; what they compute comes from engine.search."""

from __future__ import annotations

import streamlit as st

from engine.limits import CEILINGS, allowance
from engine.search.lab import (
    TRIAL_COLUMNS,
    benchmark_landscape,
    check_request,
    held_fixed,
    compare_over_seeds,
    grid_landscape,
    run_strategies,
    seeds_table,
    trial_rows,
)
from engine.search.lab_link import SEED_COUNTS
from engine.search.objectives import CVObjective
from engine.search.overtuning import check_cost as ot_check_cost
from engine.search.overtuning import overtuning_experiment
from engine.search.strategies import STRATEGIES
from ui import press_once
from ui.figures import EXPLORED
from ui.figures_search import (
    best_so_far_figure,
    parallel_coordinates_figure,
    sampled_points_figure,
    seeds_band_figure,
)
from ui.jobs import run_with_progress
from ui.kept_figures import kept_chart
from ui.resources import log_run

#: strategy titles for the figures' legends
TITLES = {name: cls.title for name, cls in STRATEGIES.items()}
#: the result tabs, in order
RESULT_TABS = ("Best so far", "Where they looked", "Gaussian process", "Trials", "Over several seeds", "Over-tuning")
#: the full grid behind "Compute the ground truth" on a 2-D model space
TRUTH_POINTS = 7


def priced(check, *args, **kwargs) -> tuple[float | None, str | None]:
    """(estimated CPU-seconds, None), or (None, the refusal) when the request is over a limit."""
    try:
        return check(*args, **kwargs), None
    except ValueError as exc:
        return None, str(exc)


def result_tabs(objective, space, results, budget: int, seed: int, points: int, cache, n_jobs: int) -> None:
    """Best so far, where they looked, the GP, the trials, over seeds, over-tuning.

    Only the open tab is built (choosing a tab reruns the page): built together they took 28 to
    45 ms of every rerun with results on screen, and 13 to 14 ms without the five closed ones
    (AppTest, branin and svc-iris, median of 8). Their controls keep their values while closed
    (``persist_state``)."""
    # Keyed, so a button inside a tab (e.g. "Compare over seeds") does not send the user back to the first.
    tabs = st.tabs(RESULT_TABS, key="sl.tab", on_change="rerun")
    best, looked, gp, trials, seeds, tuning = tabs
    if best.open:
        with best:
            left, right = st.columns(2)
            kept_chart(left, "sl.bsf", best_so_far_figure, results, TITLES, config=EXPLORED,
                       alt="Best score so far against the number of evaluations, one line per strategy")
            kept_chart(right, "sl.bsf.t", best_so_far_figure, results, TITLES, x="seconds", config=EXPLORED,
                       alt="Best score so far against the seconds spent, one line per strategy")
    if looked.open:
        with looked:
            _where_they_looked(objective, space, results, cache, n_jobs)
    if gp.open:
        with gp:
            from ui.gp_view import gp_iterations_view

            gp_iterations_view(results.get("bayes"), space, objective.maximize)
    if trials.open:
        with trials:
            which = st.selectbox("Strategy", list(results), format_func=TITLES.get, key="sl.trials",
                                 persist_state="session")
            _trials_table(trial_rows(results[which], space), space, results[which].maximize)
    if seeds.open:
        with seeds:
            _over_seeds(objective, space, results, budget, points, cache, n_jobs)
    if tuning.open:
        with tuning:
            _over_tuning(objective, seed, cache)


def _trials_table(rows, space, maximize: bool) -> None:
    """The trials as numbers that sort, with a dash (never a grey "None") where a cell is empty:
    a parameter its condition turns off, the score and fold details of a failed evaluation.

    The browser shows a null number as a grey "None" whatever a Styler says, so an empty number
    cell holds an infinity instead (a failed score the worst one, an unused parameter past every
    value: each sorts to the end) and the Styler writes "—" over it.
    """
    import math

    import pandas as pd

    table = pd.DataFrame(rows)
    numbers = {"Score": "{:.4g}", "Value": "{:.4g}", "Fold std": "{:.3g}", "Train score": "{:.4g}",
               "Fit time (s)": "{:.3g}", "Data share": "{:.0%}"}
    numbers.update({p.name: "{:.4g}" if p.kind == "float" else "{:.0f}" for p in space.params
                    if p.kind in ("float", "int")})
    numbers = {c: fmt for c, fmt in numbers.items() if c in table.columns}
    for column in numbers:
        worst = -math.inf if column == "Score" or (column == "Train score" and maximize) else math.inf
        table[column] = pd.to_numeric(table[column]).astype(float).fillna(worst)
    styled = table.style.format(na_rep="—", subset=[c for c in table.columns if c not in numbers])
    for column, fmt in numbers.items():
        styled = styled.format(lambda v, fmt=fmt: fmt.format(v) if math.isfinite(v) else "—", subset=[column])
    help_ = dict(TRIAL_COLUMNS)
    help_.update({p.name: p.describe() + ("; —: this configuration does not use it" if p.when is not None else "")
                  for p in space.params})
    st.dataframe(styled, hide_index=True, width="stretch",
                 column_config={c: st.column_config.Column(help=h) for c, h in help_.items() if c in table.columns})


def _where_they_looked(objective, space, results, cache, n_jobs: int) -> None:
    if space.dim != 2:
        which = st.selectbox("Strategy", list(results), format_func=TITLES.get, key="sl.pc",
                             persist_state="session")
        kept_chart(st, "sl.parcoords", parallel_coordinates_figure, space, results[which], config=EXPLORED,
                   alt="Parallel coordinates: one line per configuration the chosen strategy evaluated, across its "
                       "hyperparameters and score")
        st.caption("Each line is one evaluated configuration; drag along an axis to filter.")
        return
    truth = None
    if isinstance(objective, CVObjective):
        n = TRUTH_POINTS
        if press := press_once.pressed(f"Compute the ground truth: the full {n}×{n} grid (cached)", "sl.truth.go",
                                       lambda: repr((objective.name, str(space), n))):  # see press_once
            truth = run_with_progress("Evaluating the grid…", run_strategies, objective, ["grid"], n * n, 0,
                                      space, n, cache, n_jobs, error="Cannot compute the grid",
                                      cpu_seconds=allowance(None, "search"),
                                      progress=lambda e: (e[3] / e[4], f"{e[3]} of {e[4]}"))
            if truth is not None:
                st.session_state["sl.truth"] = (objective.name, str(space), truth["grid"])
            press_once.handled(press)
        saved = st.session_state.get("sl.truth")
        if saved and saved[0] == objective.name and saved[1] == str(space):
            truth = saved[2]
    kept_chart(st, "sl.scatter", _sampled_points, objective, space, results, truth, config=EXPLORED,
               alt="The configurations each strategy evaluated, placed in the search space")
    st.caption("Marker size grows with the share of data used (successive halving's early rungs are small); "
               "stars mark each strategy's best.")


def _sampled_points(objective, space, results, truth):
    """Where the strategies looked, over the landscape: the full grid's values when it has been
    computed (``truth``), a benchmark's own function, or nothing to draw under the points."""
    if isinstance(objective, CVObjective):
        landscape = grid_landscape(space, truth, TRUTH_POINTS) if truth is not None else None
    else:
        landscape = benchmark_landscape(objective)  # 6,400 calls of the function: kept with the figure
    return sampled_points_figure(space, results, TITLES, landscape, objective.maximize)


def _over_seeds(objective, space, results, budget: int, points: int, cache, n_jobs: int) -> None:
    # opens on 5 seeds, or on as many as fit the cost ceiling: five of a costly search (an SVM on
    # digits) opened on a refusal
    fits = next((n for n in (5, 4, 3) if priced(check_request, objective, list(results), budget, space, points,
                                                repeats=n, what="this comparison")[1] is None), 2)
    n_seeds = st.slider("Seeds", *SEED_COUNTS, fits, key="sl.seeds", persist_state="session")
    seconds, refusal = priced(check_request, objective, list(results), budget, space, points, repeats=n_seeds,
                              what="this comparison")
    if refusal:
        st.error(f"Cannot compare: {refusal}")
    else:
        st.caption(f"Runs every strategy {n_seeds} times ({n_seeds * len(results) * budget:,} evaluations, shared "
                   f"through the cache) on {held_fixed(objective)}, so the spread is each strategy's own luck. "
                   + CEILINGS["search"].estimated(seconds))
    if press := press_once.pressed("Compare over seeds", "sl.seeds.go",
                                   lambda: repr((objective.name, list(results), budget, n_seeds, str(space), points)),
                                   disabled=refusal is not None):
        steps = n_seeds * len(results)
        order = {name: k for k, name in enumerate(results)}
        curves = run_with_progress(
            "Running…", compare_over_seeds, objective, list(results), budget, n_seeds, space, points,
            cache, n_jobs, error="Cannot compare", cpu_seconds=allowance(seconds, "search"),
            progress=lambda e: ((order[e[1]] * e[3] + e[2]) / steps, f"{TITLES[e[1]]}: seed {e[2]} of {e[3]}"))
        if curves is not None:
            st.session_state["sl.seed_curves"] = (objective.name, curves)
        press_once.handled(press)
    saved = st.session_state.get("sl.seed_curves")
    if saved and saved[0] == objective.name:
        optimum = getattr(objective, "optimum", None)
        kept_chart(st, "sl.band", seeds_band_figure, saved[1], TITLES, objective.maximize, optimum, config=EXPLORED,
                   alt="Best score so far over several seeds: each strategy's median and spread")
        # the figure's last numbers, to check an answer with (a figure gives no number to read)
        curves = saved[1]
        n_seeds, n_evals = next(iter(curves.values())).shape
        st.caption(f"At evaluation {n_evals}, over seeds 0 to {n_seeds - 1}:")
        rows = seeds_table(curves, objective.maximize, optimum)
        st.dataframe(rows, hide_index=True, width="stretch",
                     column_config={c: st.column_config.NumberColumn(format="%.4g") for c in list(rows[0])[2:]})


def _over_tuning(objective, seed: int, cache) -> None:
    if not isinstance(objective, CVObjective):
        st.info("The over-tuning experiment needs a model on a dataset: choose one of the model presets.")
        return
    st.markdown(
        "Report the best cross-validated score of a search and you report a maximum over noisy "
        "estimates: it is biased upwards. Here the same search is scored honestly twice: by nested "
        "cross-validation (the search runs inside each outer fold) and on a held-out test set."
    )
    c1, c2, c3 = st.columns(3)
    budget = int(c1.number_input("Search budget", 2, 100, 20, key="sl.ot.budget", persist_state="session"))
    outer = int(c2.slider("Outer folds", 2, 5, 3, key="sl.ot.outer", persist_state="session"))
    strategy = c3.selectbox("Strategy", ["random", "tpe"], format_func=TITLES.get, key="sl.ot.strategy",
                            persist_state="session")
    seconds, refusal = priced(ot_check_cost, objective, strategy, budget, outer)
    if refusal:
        st.error(f"Cannot run the experiment: {refusal}")
    else:
        st.caption(f"{outer + 1} searches of {budget} evaluations. " + CEILINGS["search"].estimated(seconds))
    if press := press_once.pressed("Run the over-tuning experiment", "sl.ot.go",
                                   lambda: repr((objective.name, strategy, budget, outer, seed)),
                                   disabled=refusal is not None):
        ot = run_with_progress(
            "Searching…", overtuning_experiment, objective.dataset, objective.model, objective.metric,
            strategy, budget, objective.folds, outer, seed=seed, cache=cache,
            progress_kw="on_progress", progress=lambda e: e, error="Cannot run the experiment",
            cpu_seconds=allowance(seconds, "search"))
        if ot is not None:
            st.session_state["sl.ot"] = (objective.name, ot)
            log_run("overtuning", f"{getattr(objective, 'title', '') or objective.name}: {TITLES[strategy]}, "
                                  f"budget {budget}",
                    {"objective": objective.name, "strategy": strategy, "budget": budget, "outer_folds": outer},
                    {"best_cv": ot.best_cv, "nested": ot.nested, "test": ot.test}, seed=seed, once=True)
        press_once.handled(press)
    saved = st.session_state.get("sl.ot")
    if saved and saved[0] == objective.name:
        ot = saved[1]
        m1, m2, m3 = st.columns(3)
        m1.metric("Best CV score (what gets reported)", f"{ot.best_cv:.3f}")
        m2.metric("Nested CV", f"{ot.nested:.3f}", f"{-ot.optimism_vs_nested:+.3f}")
        m3.metric("Held-out test set", f"{ot.test:.3f}", f"{-ot.optimism_vs_test:+.3f}")
        st.caption(f"Nested fold scores: {ot.fold_scores_text()}. The gap between the first number and the "
                   "other two is the optimism of tuning.")
        st.caption(ot.scope_text())
