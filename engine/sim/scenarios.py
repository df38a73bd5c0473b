"""Run a question's scenario through the engine and return its measurements.

Every runner takes the validated parameter model (:mod:`engine.sim.params`) and returns a
:class:`Measurement`: a flat dict of named values (``"sgd.outcome"``, ``"best_lr"``, ...)
plus the raw results a page can draw. Everything is seeded, so the same scenario always
measures the same numbers.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from pydantic import ValidationError

from engine.sim.params import (
    SCENARIO_PARAMS,
    CVScenario,
    FittingScenario,
    OptimizerScenario,
    RangeTestScenario,
    ScheduleScenario,
    SearchScenario,
    SweepScenario,
    TrainingScenario,
)


@dataclass(frozen=True)
class Measurement:
    scenario: str
    values: dict[str, Any]
    #: engine results for plotting (not part of the verdict)
    raw: Any = None
    extras: dict[str, Any] = field(default_factory=dict)

    def get(self, metric: str) -> Any:
        try:
            return self.values[metric]
        except KeyError:
            known = ", ".join(sorted(self.values))
            raise ValueError(f"the scenario measures no '{metric}'; it measures {known}") from None


def _rank(labels: list[str], key: Callable[[str], float]) -> list[str]:
    return sorted(labels, key=lambda label: (key(label), labels.index(label)))


def run_optimizer(p: OptimizerScenario) -> Measurement:
    from engine.optim.run import RunConfig, run_many
    from engine.optim.schedules import ScheduleSpec
    from engine.optim.surfaces import get_surface

    surface = get_surface(p.surface, **p.surface_params)
    configs = [RunConfig(r.optimizer, r.lr, r.hyper, ScheduleSpec(r.schedule, r.schedule_params), r.start,
                         label=r.label) for r in p.runs]
    results = run_many(surface, configs, p.steps, seed=p.seed)
    v: dict[str, Any] = {}
    labels = [r.label for r in p.runs]
    for label, r in zip(labels, results):
        v[f"{label}.outcome"] = r.outcome
        v[f"{label}.final_loss"] = r.final_loss
        v[f"{label}.steps_to_threshold"] = r.steps_to_threshold
        v[f"{label}.diverged_at"] = r.diverged_at
        v[f"{label}.first_step"] = float(np.linalg.norm(r.trajectory[1] - r.trajectory[0])) if len(r.trajectory) > 1 else 0.0
        v[f"{label}.final_x"], v[f"{label}.final_y"] = (float(c) for c in r.trajectory[-1])
    by = dict(zip(labels, results))
    final = lambda lab: math.inf if by[lab].outcome == "diverged" else by[lab].final_loss  # noqa: E731
    steps = lambda lab: by[lab].steps_to_threshold if by[lab].steps_to_threshold is not None else math.inf  # noqa: E731
    v["ranking_by_final_loss"] = _rank(labels, final)
    v["winner_by_final_loss"] = v["ranking_by_final_loss"][0]
    v["worst_by_final_loss"] = v["ranking_by_final_loss"][-1]
    v["ranking_by_steps"] = _rank(labels, steps)
    v["winner_by_steps"] = v["ranking_by_steps"][0]
    v["diverged"] = [lab for lab in labels if by[lab].outcome == "diverged"]
    v["converged"] = [lab for lab in labels if by[lab].outcome == "converged"]
    ends = [np.asarray(by[lab].trajectory[-1], dtype=float) for lab in labels if by[lab].outcome != "diverged"]
    v["distinct_endpoints"] = _distinct(ends, ENDPOINT_TOL)
    minima = np.asarray(surface.minima, dtype=float)
    for lab in labels:
        end = np.asarray(by[lab].trajectory[-1], dtype=float)
        v[f"{lab}.nearest_minimum"] = int(np.argmin(np.linalg.norm(minima - end, axis=1)))
    return Measurement("optimizer", v, raw=(surface, results, labels))


#: end points closer than this count as the same point in ``distinct_endpoints``
ENDPOINT_TOL = 0.05


def _distinct(points: list[np.ndarray], tol: float) -> int:
    """How many groups the points form when points within ``tol`` of a group's first point join it."""
    firsts: list[np.ndarray] = []
    for p in points:
        if not any(np.linalg.norm(p - f) < tol for f in firsts):
            firsts.append(p)
    return len(firsts)


def run_schedule(p: ScheduleScenario) -> Measurement:
    from engine.optim.schedules import ScheduleSpec, lr_values

    if p.at >= p.steps:
        raise ValueError(f"'at' ({p.at}) must be below 'steps' ({p.steps})")
    lrs = lr_values(ScheduleSpec(p.schedule, p.schedule_params), p.lr0, p.steps)
    return Measurement("schedule", {"lr": float(lrs[p.at])}, raw=lrs)


def run_sweep(p: SweepScenario) -> Measurement:
    from engine.optim.surfaces import get_surface
    from engine.optim.sweep import log_lrs, lr_sweep

    result = lr_sweep(get_surface(p.surface, **p.surface_params), [p.optimizer], log_lrs(p.lr_min, p.lr_max, p.n),
                      p.steps, {p.optimizer: p.hyper}, p.start)
    s = result.sweeps[0]
    stable = [lr for lr, o in zip(s.lrs, s.outcomes) if o != "diverged"]
    good = s.good_range
    v = {"best_lr": s.best_lr, "good_low": good[0] if good else None, "good_high": good[1] if good else None,
         "largest_stable_lr": float(max(stable)) if stable else None, "n_good": sum(r == "good" for r in s.regions)}
    return Measurement("lr_sweep", v, raw=result)


def run_training(p: TrainingScenario) -> Measurement:
    from engine.optim.schedules import ScheduleSpec
    from engine.optim.training import TrainConfig, TrainSetup, train_many

    setup = TrainSetup(p.dataset, tuple(p.hidden), p.epochs, seed=p.seed)
    configs = [TrainConfig(r.optimizer, r.lr, r.hyper, ScheduleSpec(r.schedule, r.schedule_params), r.batch_size,
                           r.label) for r in p.runs]
    results = train_many(setup, configs)
    labels = [r.label for r in p.runs]
    v: dict[str, Any] = {}
    for label, r in zip(labels, results):
        v[f"{label}.final_val_acc"] = r.val_acc[-1] if r.val_acc else 0.0
        v[f"{label}.best_val_acc"] = max(r.val_acc) if r.val_acc else 0.0
        v[f"{label}.final_train_loss"] = r.train_loss[-1] if r.train_loss and r.diverged_at_epoch is None else math.inf
        v[f"{label}.diverged"] = r.diverged_at_epoch is not None
        v[f"{label}.best_val_epoch"] = int(np.argmin(r.val_loss)) + 1 if r.val_loss else None
    v["ranking_by_val_acc"] = _rank(labels, lambda lab: -v[f"{lab}.final_val_acc"])
    v["winner_by_val_acc"] = v["ranking_by_val_acc"][0]
    v["ranking_by_train_loss"] = _rank(labels, lambda lab: v[f"{lab}.final_train_loss"])
    v["winner_by_train_loss"] = v["ranking_by_train_loss"][0]
    v["worst_by_train_loss"] = v["ranking_by_train_loss"][-1]
    return Measurement("training", {k: (None if isinstance(x, float) and math.isinf(x) else x) for k, x in v.items()},
                       raw=results)


def cost_search_comparison(p: SearchScenario) -> None:
    from engine.limits import CEILINGS
    from engine.search.cost import search_cost
    from engine.search.objectives import parse_objective
    from engine.search.runner import check_budget
    from engine.search.strategies import get_strategy

    check_budget(p.budget)
    obj = parse_objective(p.objective, p.metric, p.folds, 0)
    seconds = sum(search_cost(obj, get_strategy(s), obj.space, p.budget).seconds for s in p.strategies)
    CEILINGS["search"].check(seconds * len(p.seeds), f"this comparison ({len(p.strategies)} strategies x "
                             f"{len(p.seeds)} seeds)", "the budget, the seeds or the strategies")


def run_search_comparison(p: SearchScenario) -> Measurement:
    from engine.search.compare import run_over_seeds
    from engine.search.objectives import parse_objective

    cost_search_comparison(p)
    # one objective (and CV split) for every seed, as the search lab's comparison: the
    # spread is the strategies' own luck
    obj = parse_objective(p.objective, p.metric, p.folds, 0)
    comp = run_over_seeds(obj, p.strategies, p.budget, p.seeds)
    v: dict[str, Any] = {}
    for strategy in p.strategies:
        v[f"{strategy}.median_best"] = comp.median_best(strategy)
        regret = comp.median_regret(strategy)
        if regret is not None:
            v[f"{strategy}.median_regret"] = regret
    v["ranking"] = comp.ranking()
    v["winner"] = v["ranking"][0]
    v["worst"] = v["ranking"][-1]
    return Measurement("search_comparison", v, raw={k: list(r) for k, r in comp.results.items()})


def _objective(p: CVScenario, folds: int | None = None, stratified: bool = True, seed: int | None = None):
    from engine.search.objectives import CVObjective

    return CVObjective(p.dataset, p.model, p.metric, p.folds if folds is None else folds, stratified,
                       p.seed if seed is None else seed)


def _cost_overtuning(p: CVScenario) -> None:
    from engine.search.overtuning import check_cost

    check_cost(_objective(p), "random", p.budget, p.outer_folds)


def _run_overtuning(p: CVScenario) -> Measurement:
    from engine.search.overtuning import overtuning_experiment

    r = overtuning_experiment(p.dataset, p.model, p.metric, "random", p.budget, p.folds, p.outer_folds, seed=p.seed)
    v = {"best_cv": r.best_cv, "nested": r.nested, "test": r.test, "optimism": r.optimism_vs_nested,
         "optimistic": r.best_cv > r.nested}
    return Measurement("cross_validation", v, raw=r)


def _cost_k_variance(p: CVScenario) -> None:
    from engine.search.cost import check_fits

    if not p.ks or any(not 2 <= k <= 20 for k in p.ks):
        raise ValueError("k_variance needs a list of ks, each from 2 to 20")
    for k in p.ks:
        check_fits(_objective(p, folds=k, seed=0), [p.model_params], len(p.seeds),
                   f"{len(p.seeds)} cross-validations with k = {k}")


def _run_k_variance(p: CVScenario) -> Measurement:
    v: dict[str, Any] = {}
    folds: dict[str, list[list[float]]] = {}
    for k in p.ks:
        infos = [_objective(p, folds=k, seed=seed).evaluate(p.model_params)[1] for seed in p.seeds]
        folds[f"k{k}"] = [info["fold_scores"] for info in infos]
        v[f"k{k}.std"] = float(np.mean([info["std"] for info in infos]))
        v[f"k{k}.mean"] = float(np.mean([info["mean"] for info in infos]))
    v["ranking_by_std"] = _rank([f"k{k}" for k in p.ks], lambda lab: v[f"{lab}.std"])
    return Measurement("cross_validation", v, raw=CVFolds("k_variance", folds, p.metric))


def _cost_stratification(p: CVScenario) -> None:
    from engine.search.cost import check_fits

    check_fits(_objective(p), [p.model_params], 2 * len(p.seeds), f"{2 * len(p.seeds)} cross-validations")


def _run_stratification(p: CVScenario) -> Measurement:
    v: dict[str, Any] = {}
    folds: dict[str, list[list[float]]] = {}
    for label, strat in (("plain", False), ("stratified", True)):
        infos = [_objective(p, stratified=strat, seed=seed).evaluate(p.model_params)[1] for seed in p.seeds]
        folds[label] = [info["fold_scores"] for info in infos]
        v[f"{label}.std"] = float(np.mean([info["std"] for info in infos]))
    v["lower_std"] = "stratified" if v["stratified.std"] <= v["plain.std"] else "plain"
    return Measurement("cross_validation", v, raw=CVFolds("stratification", folds, p.metric))


@dataclass(frozen=True)
class CVExperimentSpec:
    """A cross-validation experiment a question can run: its cost check (before any work) and its run."""

    name: str
    title: str
    check_cost: Callable[[CVScenario], None]
    run: Callable[[CVScenario], Measurement]


#: the experiments of the ``cross_validation`` scenario (``engine.sim.params.CVExperiment`` equals its keys)
CV_EXPERIMENTS: dict[str, CVExperimentSpec] = {e.name: e for e in (
    CVExperimentSpec("overtuning", "Best CV score vs nested CV vs a held-out test", _cost_overtuning, _run_overtuning),
    CVExperimentSpec("k_variance", "Spread of the CV estimate as k changes", _cost_k_variance, _run_k_variance),
    CVExperimentSpec("stratification", "Plain vs stratified folds", _cost_stratification, _run_stratification),
)}


def cost_cross_validation(p: CVScenario) -> None:
    CV_EXPERIMENTS[p.experiment].check_cost(p)


def run_cross_validation(p: CVScenario) -> Measurement:
    cost_cross_validation(p)
    return CV_EXPERIMENTS[p.experiment].run(p)


@dataclass(frozen=True)
class CVFolds:
    """The fold scores behind a k-variance or stratification measurement, for its figure:
    ``folds[label][i]`` are the fold scores of the cross-validation with the ``i``-th seed."""

    experiment: str
    folds: dict[str, list[list[float]]]
    metric: str


def run_fitting(p: FittingScenario) -> Measurement:
    from engine.sim.fitting import diagnose, fit_curves

    curves = fit_curves(p.n_train, p.noise, p.epochs, p.record_every, p.seed, [r.model_dump() for r in p.runs])
    labels = [r.label for r in p.runs]
    v: dict[str, Any] = {}
    for c in curves:
        v[f"{c.label}.diagnosis"] = diagnose(c, p.noise)
        v[f"{c.label}.best_val_epoch"] = c.best_val_epoch
        v[f"{c.label}.final_train_loss"] = c.train[-1] if c.train and not c.diverged else None
        v[f"{c.label}.final_val_loss"] = c.val[-1] if c.val and not c.diverged else None
        v[f"{c.label}.min_val_loss"] = min(c.val) if c.val else None
    worst = lambda x: math.inf if x is None else x  # noqa: E731
    v["ranking_by_val_loss"] = _rank(labels, lambda lab: worst(v[f"{lab}.final_val_loss"]))
    v["winner_by_val_loss"] = v["ranking_by_val_loss"][0]
    v["ranking_by_train_loss"] = _rank(labels, lambda lab: worst(v[f"{lab}.final_train_loss"]))
    v["winner_by_train_loss"] = v["ranking_by_train_loss"][0]
    v["worst_by_train_loss"] = v["ranking_by_train_loss"][-1]
    return Measurement("fitting", v, raw=curves)


def run_range_test(p: RangeTestScenario) -> Measurement:
    from engine.optim.training import TrainConfig, TrainSetup, lr_range_test

    rt = lr_range_test(TrainSetup(p.dataset, tuple(p.hidden), 1, seed=p.seed),
                       TrainConfig(p.optimizer, p.lr_min, p.hyper, batch_size=p.batch_size),
                       lr_min=p.lr_min, lr_max=p.lr_max, num_iter=p.num_iter)
    decade = lambda lr: None if lr is None else int(round(math.log10(lr)))  # noqa: E731
    v = {"suggestion": rt.suggestion, "min_loss_lr": rt.min_loss_lr, "suggestion_decade": decade(rt.suggestion),
         "min_loss_decade": decade(rt.min_loss_lr), "stopped_early": rt.stopped_early}
    return Measurement("range_test", v, raw=rt)


def cost_training(p: TrainingScenario) -> None:
    from engine.optim.schedules import ScheduleSpec
    from engine.optim.training import TrainConfig, TrainSetup

    setup = TrainSetup(p.dataset, tuple(p.hidden), p.epochs, seed=p.seed)
    setup.validate()
    setup.check_cost([TrainConfig(r.optimizer, r.lr, r.hyper, ScheduleSpec(r.schedule, r.schedule_params),
                                  r.batch_size, r.label) for r in p.runs])


def cost_optimizer(p: OptimizerScenario) -> None:
    from engine.limits import CEILINGS
    from engine.optim.schedules import ScheduleSpec, lr_values

    CEILINGS["optimizer"].check(len(p.runs) * p.steps, f"{len(p.runs)} runs of {p.steps:,} steps",
                                "the number of runs or of steps", verb="make")
    for r in p.runs:  # a schedule's parameters are checked with the bank, not when it first runs
        lr_values(ScheduleSpec(r.schedule, r.schedule_params), r.lr, p.steps)


def cost_sweep(p: SweepScenario) -> None:
    from engine.limits import CEILINGS

    CEILINGS["optimizer"].check(p.n * p.steps, f"{p.n} rates of {p.steps:,} steps", "the rates or the steps",
                                verb="make")


def cost_schedule(p: ScheduleScenario) -> None:
    from engine.limits import CEILINGS
    from engine.optim.schedules import ScheduleSpec, lr_values

    CEILINGS["schedule"].check(p.steps, "this schedule", "the number of steps", verb="has")
    lr_values(ScheduleSpec(p.schedule, p.schedule_params), p.lr0, p.steps)


def cost_fitting(p: Any) -> None:
    from engine.limits import CEILINGS

    steps = p.epochs * len(p.runs)  # full-batch gradient steps on at most 200 points
    CEILINGS["training"].check(steps * 3e-4, f"this fit ({len(p.runs)} runs x {p.epochs:,} epochs)",
                               "the epochs or the runs")


def cost_range_test(p: Any) -> None:
    from engine.optim.training import TrainSetup

    setup = TrainSetup(p.dataset, tuple(p.hidden), 1, seed=p.seed)
    setup.validate()
    setup.check_range_test_cost(p.num_iter, p.batch_size)


@dataclass(frozen=True)
class ScenarioSpec:
    """Everything about one scenario: its typed parameters (engine.sim.params), how it runs,
    what it costs (checked before it runs and when its bank is loaded), how a page names it,
    and whether it runs in a worker process (it fits models or trains networks) or inline
    (well under a second)."""

    name: str
    title: str
    run: Callable[[Any], Measurement]
    cost: Callable[[Any], None]
    in_worker: bool

    @property
    def params(self) -> type:
        return SCENARIO_PARAMS[self.name]


SCENARIOS: dict[str, ScenarioSpec] = {
    s.name: s
    for s in (
        ScenarioSpec("optimizer", "optimiser runs on a loss surface", run_optimizer, cost_optimizer, False),
        ScenarioSpec("schedule", "a learning-rate schedule", run_schedule, cost_schedule, False),
        ScenarioSpec("lr_sweep", "a learning-rate sweep", run_sweep, cost_sweep, False),
        ScenarioSpec("training", "networks trained with torch", run_training, cost_training, True),
        ScenarioSpec("search_comparison", "searches on one budget", run_search_comparison,
                     cost_search_comparison, True),
        ScenarioSpec("cross_validation", "a cross-validation experiment", run_cross_validation,
                     cost_cross_validation, True),
        ScenarioSpec("fitting", "polynomials fitted with torch", run_fitting, cost_fitting, True),
        ScenarioSpec("range_test", "a learning-rate range test with torch", run_range_test, cost_range_test, True),
    )
}


def check_scenario(scenario: str, params: Mapping[str, Any]) -> Any:
    """Validate ``params`` and check what the scenario would cost, without running it.

    Raises
    ------
    ValueError
        For an unknown scenario, invalid parameters, or a cost over a ceiling.
    """
    try:
        spec = SCENARIOS[scenario]
    except KeyError:
        raise ValueError(f"unknown scenario '{scenario}'; choose one of {', '.join(SCENARIOS)}") from None
    try:
        p = spec.params.model_validate(dict(params))
    except ValidationError as exc:
        raise ValueError(one_line(exc)) from None
    spec.cost(p)
    return p


def one_line(exc: ValidationError) -> str:
    """The first problem of a pydantic error, as 'field: message' (and how many more)."""
    errors = exc.errors(include_url=False)
    first = errors[0]
    where = ".".join(str(p) for p in first["loc"]) or "params"
    more = f" (and {len(errors) - 1} more problem{'s' if len(errors) > 2 else ''})" if len(errors) > 1 else ""
    return f"{where}: {first['msg'][:1].lower() + first['msg'][1:]}{more}"


def measure(scenario: str, params: Mapping[str, Any], on_event: Callable[[Any], None] | None = None,
            lane: str = "question") -> Measurement:
    """:func:`run_scenario`, in a worker process (engine.jobs, which Stop can terminate) for the
    scenarios whose spec says ``in_worker``.

    ``on_event`` receives the worker's heartbeat (see :func:`engine.jobs.run_job`); ``lane`` is
    the workers' queue it waits in (:data:`engine.jobs.LANES`).
    """
    check_scenario(scenario, params)
    if not SCENARIOS[scenario].in_worker:
        return run_scenario(scenario, params)
    from engine.jobs import run_job
    from engine.limits import allowance

    # a question's figure or Run it: its own lane, never queued behind the labs' long jobs (nor
    # behind the figures made ahead, in the background lane)
    # held to the largest CPU ceiling a scenario is checked against (its own estimate varies in kind)
    return run_job(_run_in_worker, scenario, dict(params), on_event=on_event, lane=lane,
                   cpu_seconds=allowance(None, "search"))


def _run_in_worker(scenario: str, params: dict[str, Any], emit: Callable[..., None]) -> Measurement:
    return run_scenario(scenario, params)


def run_scenario(scenario: str, params: Mapping[str, Any]) -> Measurement:
    """Validate ``params`` for ``scenario`` and run it.

    Raises
    ------
    ValueError
        For an unknown scenario or invalid parameters.
    """
    return SCENARIOS[scenario].run(check_scenario(scenario, params))
