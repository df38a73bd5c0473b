"""What the search lab asks for, as whole requests: each is checked against the ``search``
ceiling as a whole before anything runs, and each can run in a worker process
(:func:`engine.jobs.run_job`), reporting every finished evaluation through ``emit``.

Events emitted (tuples): ``("trial", strategy, trial, n, budget)`` for every evaluation,
``("seed", strategy, seed_index, n_seeds)`` after each run of :func:`compare_over_seeds`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from typing import Any

import numpy as np

from engine.labels import and_list, count_of
from engine.limits import CEILINGS
from engine.search.cache import EvalCache
from engine.search.cost import search_cost, what_to_lower
from engine.search.runner import check_budget, check_n_jobs, check_seed, run_search
from engine.search.space import SearchSpace
from engine.search.compare import run_over_seeds, strategy_for
from engine.search.trials import FAILED, Objective, SearchResult, Trial

Emit = Callable[..., None]


def check_request(objective: Any, names: Sequence[str], budget: int, space: SearchSpace, points_per_axis: int = 0,
                  repeats: int = 1, what: str = "this request") -> float:
    """Refuse a request (every strategy, ``repeats`` times) over the ``search`` ceiling.

    Returns the estimated CPU-seconds, for the page to show beside the Run button.
    """
    check_budget(budget)
    if not names:
        raise ValueError("choose at least one strategy")
    seconds = 0.0
    fits = 0
    if "grid" in names:  # refused on its size alone, whatever the objective costs
        n = points_per_axis or space.points_for_budget(budget)
        size = CEILINGS["grid"].check(space.grid_size(n), "this grid", "the points per axis", verb="has")
        if points_per_axis and size > budget:
            raise ValueError(f"the grid has {size:,.0f} points but the budget is {budget}: raise the budget "
                             "or lower the points per axis")
    for name in names:
        cost = search_cost(objective, strategy_for(name, points_per_axis), space, budget)
        seconds += cost.seconds
        fits += cost.fits
    lower = what_to_lower(objective, space, "the strategies", *(["the seeds"] if repeats > 1 else []))
    count = f"{fits * repeats:,} fits" if fits else f"{budget * len(names) * repeats:,} evaluations"
    return CEILINGS["search"].check(seconds * repeats, f"{what} ({count})", lower)


def run_strategies(objective: Any, names: Sequence[str], budget: int, seed: int = 0,
                   space: SearchSpace | None = None, points_per_axis: int = 0, cache: EvalCache | None = None,
                   n_jobs: int = 1, emit: Emit | None = None) -> dict[str, SearchResult]:
    """Run each strategy once on the same budget, seed and space (the search lab's Run).

    ``emit`` hears ``("trial", strategy, trial, n, planned, extras)`` for each trial: ``planned``
    the evaluations the strategy will make (the budget, or a grid's size when smaller: "evaluation
    93 of 150" ran on to a result of 144, the largest full grid within 150), ``extras`` what the
    strategy's extras gained since its last trial (the Gaussian process's steps; None when nothing),
    so a stopped search keeps them too (:func:`partial_results`).
    """
    space = space or objective.space
    check_seed(seed)
    check_n_jobs(n_jobs)
    check_request(objective, names, budget, space, points_per_axis, what="this search")
    out = {}
    for name in names:
        strategy, streamed = strategy_for(name, points_per_axis), [0]

        def on_trial(trial, n, b, name=name, strategy=strategy, streamed=streamed):
            if emit is not None:
                steps = strategy.extras.get("iterations") or []
                new, streamed[0] = steps[streamed[0]:], len(steps)
                grid = strategy.extras.get("grid_size")
                emit("trial", name, trial, n, b if grid is None else min(grid, b),
                     {"n_initial": strategy.extras.get("n_initial"), "iterations": list(new)} if new else None)

        out[name] = run_search(objective, strategy, budget, seed=seed, space=space, cache=cache, on_trial=on_trial,
                               n_jobs=n_jobs)
    return out


def compare_over_seeds(objective: Objective, names: Sequence[str], budget: int, n_seeds: int,
                       space: SearchSpace | None = None, points_per_axis: int = 0, cache: EvalCache | None = None,
                       n_jobs: int = 1, emit: Emit | None = None) -> dict[str, np.ndarray]:
    """Best-so-far curves of each strategy over seeds 0 .. n_seeds-1, padded to ``budget``
    (:func:`engine.search.compare.run_over_seeds`: the objective and its CV split stay fixed)."""
    from engine.search.lab_link import SEED_COUNTS

    if not SEED_COUNTS[0] <= n_seeds <= SEED_COUNTS[1]:
        raise ValueError(f"the number of seeds must be from {SEED_COUNTS[0]} to {SEED_COUNTS[1]}, got {n_seeds}")
    space = space or objective.space
    check_request(objective, names, budget, space, points_per_axis, repeats=n_seeds, what="this comparison")
    return run_over_seeds(objective, names, budget, range(n_seeds), space, points_per_axis, cache, n_jobs,
                          emit).curves()


def seeds_table(curves: Mapping[str, np.ndarray], maximize: bool, optimum: float | None) -> list[dict[str, Any]]:
    """The numbers "Over several seeds" ends on: per strategy, at the last evaluation, the median
    and quartiles over seeds of the regret (a known optimum) or of the best value or score so far.

    Computed as :func:`ui.figures_search.seeds_band_figure` draws its band (``np.nanpercentile``:
    a seed with no success yet is left out), so the table and the figure's right edge agree; a
    question's key ("median regret over seeds 0, 1, 2 at budget 20") is checked against it.

    Parameters
    ----------
    curves
        Strategy -> best-so-far values, one row per seed (:func:`compare_over_seeds`).
    maximize, optimum
        The objective's direction and known optimum (None for a cross-validated score).

    Returns
    -------
    list of dict
        One row per strategy: "Strategy" (its title), "Seeds" (those with a value), and the median,
        lower and upper quartile (None when no seed has a value).
    """
    from engine.search.strategies import STRATEGIES

    what = "regret" if optimum is not None else "best score" if maximize else "best value"
    rows = []
    for name, arr in curves.items():
        last = np.asarray(arr, dtype=float)[:, -1]
        last = np.abs(last - optimum) if optimum is not None else last
        kept = last[~np.isnan(last)]
        q1, med, q3 = (float(v) for v in np.percentile(kept, [25, 50, 75])) if len(kept) else (None,) * 3
        rows.append({"Strategy": STRATEGIES[name].title if name in STRATEGIES else name, "Seeds": len(kept),
                     f"Median {what}": med, "Lower quartile": q1, "Upper quartile": q3})
    return rows


# ----------------------------------------------------------------------------- the page's data
def space_rows(space: SearchSpace) -> list[dict[str, Any]]:
    """The search space as editable rows (ranges and scales; choices and conditions are fixed)."""
    return [{"parameter": p.name, "kind": p.kind, "low": p.low, "high": p.high, "log": p.log,
             "choices / condition": ", ".join(map(str, p.choices)) if p.kind == "categorical" else p.condition_text()}
            for p in space.params]


#: a parameter's kind, as its table shows it (the rows keep the kind itself, which a link writes)
KIND_WORDS = {"float": "number", "int": "whole number", "categorical": "choice"}


def allowed_ranges(model: Any, space: SearchSpace) -> str:
    """"C 1e-6 to 1e6, gamma 1e-8 to 1,000": the bounds of ``model``'s parameters in ``space``
    (an RBF kernel's space has no degree, so its bound is not listed)."""
    from engine.labels import short_number

    names = {p.name for p in space.params}
    return ", ".join(f"{k} {short_number(lo)} to {short_number(hi)}" for k, (lo, hi) in model.bounds.items()
                     if k in names)


def edit_space(space: SearchSpace, rows: Sequence[Mapping[str, Any]]) -> SearchSpace:
    """``space`` with the ranges and scales of ``rows`` (as :func:`space_rows` gives them).

    Raises
    ------
    ValueError
        For a range the space refuses (low above high, a log range through 0...).
    """
    try:
        return SearchSpace(tuple(
            p if p.kind == "categorical" else replace(p, low=r["low"], high=r["high"], log=bool(r["log"]))
            for p, r in zip(space.params, rows)))
    except TypeError as exc:
        raise ValueError(str(exc)) from None


def scoring_text(objective: Objective) -> str:
    """How the objective is scored: the metric and the CV, or a benchmark's known minimum."""
    from engine.search.objectives import METRICS, CVObjective

    if isinstance(objective, CVObjective):
        return (f"{METRICS[objective.metric].title}, {objective.folds}-fold "
                f"{'stratified ' if objective.stratified else ''}CV")
    return f"minimum {objective.optimum:.4g}"


def held_fixed(objective: Objective) -> str:
    """What stays the same from seed to seed when strategies are compared over seeds."""
    from engine.search.objectives import CVObjective

    return "the same cross-validation split" if isinstance(objective, CVObjective) else "the same function"


def partial_results(objective: Objective, budget: int, seed: int, partial: Mapping[str, Sequence[Trial]],
                    extras: Mapping[str, Mapping[str, Any]] | None = None, space: SearchSpace | None = None,
                    points_per_axis: int = 0) -> dict[str, SearchResult]:
    """What a stopped run had evaluated, per strategy (strategies with nothing are left out), with
    the extras its trials brought (:func:`run_strategies`; a stopped GP search kept no GP step).

    Given the ``space`` (and ``points_per_axis``), a stopped grid keeps its grid's size too, so its
    card says "5 of 9 evaluations", not "of" a budget the grid was never going to spend.
    """
    from engine.search.strategies.grid import GridStrategy

    extras = extras or {}
    out = {}
    for k, v in partial.items():
        if not v:
            continue
        kept = dict(extras.get(k) or {})
        if k == "grid" and space is not None:
            kept.update(GridStrategy(points_per_axis or None).plan(space, budget))
        out[k] = SearchResult(k, objective.name, objective.maximize, budget, seed, tuple(v), stopped=True,
                              optimum=getattr(objective, "optimum", None), extras=kept)
    return out


def not_run_text(running: Mapping[str, Sequence[Trial]]) -> str:
    """The sentence naming the strategies of a search ended early that made no evaluation ("" when
    every one made some): their cards are missing, and without it they seemed never asked for."""
    from engine.search.strategies import STRATEGIES

    names = [STRATEGIES[n].title for n, trials in running.items() if not trials]
    if not names:
        return ""
    return f"{and_list(names)} made no evaluation before the search ended."


#: how a search that did not finish ended, as the lab says it: Stop, the visitor going to another
#: page, or another control of the page changed while it ran (each ends the run: ui.jobs)
ENDINGS = {"stop": "The search was stopped",
           "left": "The search ended when you left the page",
           "control": "The search ended when a control on the page was changed while it ran"}


def ended_early_text(ending: str, running: Mapping[str, Sequence[Trial]]) -> str:
    """What the lab says of a search that ended early (``ending``, a key of :data:`ENDINGS`) and
    kept evaluations: they are shown, and the strategies that made none are named."""
    return " ".join(filter(None, [f"{ENDINGS[ending]}; the evaluations made so far are shown.",
                                  not_run_text(running)]))


def gather_extras(kept: dict[str, Any], sent: Mapping[str, Any] | None) -> None:
    """Add to ``kept`` (one strategy's extras so far) what a trial event brought (``sent``, the
    last item of :func:`run_strategies`' trial events): its new GP steps after the earlier ones."""
    if sent:
        kept["n_initial"] = sent.get("n_initial")
        kept.setdefault("iterations", []).extend(sent.get("iterations") or [])


def summary_line(result: SearchResult) -> str:
    """One line under a strategy's card: its evaluations (of how many, for a search that ended
    early), failures, cache hits and seconds, and why a grid spent less than its budget."""
    failed = sum(t.state == FAILED for t in result.trials)
    cached = sum(t.cached for t in result.trials)
    seconds = result.trials[-1].elapsed if result.trials else 0.0
    extras = result.extras or {}
    grid = extras.get("grid_size")
    planned = min(grid, result.budget) if grid is not None else result.budget
    # "9 evaluations" of a stopped search read as a finished one
    done = f"{len(result.trials)} of {count_of(planned, 'evaluation')}" \
        if result.stopped and len(result.trials) < planned else count_of(len(result.trials), "evaluation")
    line = f"{done} · {failed} failed · {cached} from cache · {seconds:.1f} s"
    if grid is not None and grid < result.budget:
        # 9 evaluations under a budget of 12, unexplained, read as a search cut short
        if extras.get("points_asked"):  # the grid is the size asked for, not the budget's largest
            per_axis = count_of(extras["points_per_axis"], "point")
            line += f" · {per_axis} per axis make a grid of {count_of(grid, 'point')}"
        else:
            line += f" · the largest full grid within {result.budget} has {count_of(grid, 'point')}"
    return line


def run_record(objective: Objective, space: SearchSpace, budget: int, results: Mapping[str, SearchResult],
               points_per_axis: int = 0) -> tuple[str, dict[str, Any], dict[str, Any]]:
    """(title, config, results) for the run history.

    The config holds all a run needs to be run again (with the seed the history keeps beside it):
    a grid's points per axis (0: the largest full grid within the budget) and, for a model,
    whether its folds were stratified; without them a row of the CSV could not be reproduced.
    """
    from engine.search.objectives import DATASETS, CVObjective
    from engine.search.strategies import STRATEGIES

    title = f"{getattr(objective, 'title', '') or objective.name}: " + ", ".join(STRATEGIES[n].title for n in results)
    config = {"objective": objective.name, "budget": budget, "space": space.to_dict(), "strategies": list(results)}
    if any(r.stopped for r in results.values()):
        # what a stopped search evaluated is kept too, said so, and never taken for the whole search of
        # the same settings (the page said "the evaluations made so far are shown", the history had nothing:
        # a lecturer's walk-through)
        title += " (stopped before the end)"
        config["stopped"] = True
    if "grid" in results:
        config["points_per_axis"] = int(points_per_axis)
    if isinstance(objective, CVObjective):
        # as the folds were made: stratification applies to a classification only
        config |= {"metric": objective.metric, "folds": objective.folds,
                   "stratified": bool(objective.stratified and DATASETS[objective.dataset].task == "classification")}
    # regret needs a known optimum, which only benchmarks have: a cross-validated search has none,
    # and its results line read "regret –"
    summary = {n: {"best": r.best.value if r.best else None,
                   **({"regret": r.regret} if r.regret is not None else {}),
                   "trials": len(r.trials), "failed": sum(t.state == FAILED for t in r.trials)}
               for n, r in results.items()}
    return title, config, summary


#: the strategies by a name short enough for a chip in the page's sidebar (the full titles,
#: "Bayesian optimisation (GP + EI)", are cut off there)
SHORT_TITLES = {"grid": "Grid search", "random": "Random search", "bayes": "Bayesian (GP + EI)",
                "tpe": "TPE (Optuna)", "halving": "Successive halving"}

#: what each column of :func:`trial_rows` holds, for the table's column help
TRIAL_COLUMNS = {
    "Trial": "The order of evaluation, from 1.",
    "Score": "The cross-validated score (mean over the folds); higher is better. —: the evaluation failed.",
    "Value": "The objective's value; lower is better. —: the evaluation failed.",
    "State": "complete, or failed (the reason is in the last column).",
    "Fold std": "Standard deviation of the fold scores: how much the score moved from fold to fold.",
    "Train score": "The mean score on the training part of each fold; far above the score means over-fitting.",
    "Fold scores": "The score on each fold.",
    "Fit time (s)": "Mean time to fit the model on one fold, in seconds.",
    "Data share": "The share of the training data the evaluation used (successive halving starts small).",
    "From cache": "yes: an earlier evaluation of the same configuration was reused, not run again.",
    "Why it failed": "The error the evaluation raised; —: it did not fail.",
}


def trial_rows(result: SearchResult, space: SearchSpace) -> list[dict[str, Any]]:
    """One row per trial, under headers a reader understands: the trial's number from 1, every
    parameter in the space's order (None where a condition turns it off), the score or value,
    and the fold scores of a cross-validated one. "Data share" appears only for a strategy that
    uses part of the data, "Why it failed" only when a trial failed."""
    score = "Score" if result.maximize else "Value"
    partial = any(t.resource < 1.0 for t in result.trials)
    failed = any(t.reason for t in result.trials)
    rows = []
    for t in result.trials:
        row = {"Trial": t.number + 1, **{k: t.params.get(k) for k in space.names}, score: t.value,
               "State": t.state}
        if t.info:
            row.update({"Fold std": t.info.get("std"), "Train score": t.info.get("train_score"),
                        "Fold scores": ", ".join(f"{s:.3f}" for s in t.info.get("fold_scores", [])),
                        "Fit time (s)": t.info.get("fit_time")})
        if partial:
            row["Data share"] = t.resource
        row["From cache"] = "yes" if t.cached else "no"
        if failed:
            row["Why it failed"] = t.reason or "—"
        rows.append(row)
    return rows


def benchmark_landscape(objective, n: int = 80) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """A 2-D benchmark on an n x n grid, as log10(f - f* + 1e-3): the basins show, the walls do not dominate."""
    (x0, x1), (y0, y1) = objective.bounds
    xs, ys = np.linspace(x0, x1, n), np.linspace(y0, y1, n)
    Z = np.array([[objective.func(np.array([x, y])) for x in xs] for y in ys])
    return xs, ys, np.log10(Z - objective.optimum + 1e-3)


def grid_landscape(space: SearchSpace, truth: SearchResult, n: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The values of a full n x n grid search over a 2-D space, as a matrix (NaN where it failed)."""
    a, b = space.names
    axes = space.grid_axes(n)
    xs, ys = axes[a], axes[b]
    Z = np.full((len(ys), len(xs)), np.nan)
    for t in truth.trials:
        if t.value is not None:
            Z[ys.index(t.params[b]), xs.index(t.params[a])] = t.value
    return np.array(xs), np.array(ys), Z
