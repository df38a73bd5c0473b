"""The Search lab's settings as a link, and a link read back into settings the lab's controls take.

One address reopens the lab on the same scenario, strategies, budget, seed and grid points, and
for the custom scenario on the same objective (model and dataset, or benchmark), metric, folds
and edited search space. :func:`search_lab_query` writes it; :func:`read_search_query` reads one
back, holding every value to the range of the control it sets: clamped, or left out when the lab
cannot take it, each with one plain note; nothing raises. What it returns is what the controls
could have been set to by hand, so the page's own check (:func:`engine.search.lab.check_request`
and the ``search`` and ``grid`` ceilings) refuses a linked search exactly as a typed one.

Settings are a plain dict (keys as the URL parameters, :data:`SEARCH_QUERY_KEYS`):

``preset`` (a key of :data:`engine.search.presets.SEARCH_PRESETS`, or ``"custom"``),
``strategies`` (list of names), ``budget``, ``seed``, ``points`` (grid points per axis, 0: from
the budget), ``seeds`` (how many seeds, 0 to n - 1, "Over several seeds" compares); for the custom scenario ``objective`` (a benchmark's name or ``dataset:model``), and
for a model ``metric``, ``folds``, ``stratified`` (bool) and ``space`` (the
:class:`~engine.search.space.SearchSpace` searched: the model's, with the link's ranges).

A link's space lists the ranges that differ from the model's own, each
``name:low:high[:log]``: ``space=C:0.1:100:log,gamma:0.0001:0.1:log``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from engine.labels import plain_exponent
from engine.link_query import LinkReader, number_text, parse_number
from engine.search.objectives import BENCHMARKS, DATASETS, MODELS
from engine.search.presets import SEARCH_PRESETS
from engine.search.space import SearchSpace

CUSTOM = "custom"
#: the scenarios a link can name, in the lab's order
SCENARIOS = (*SEARCH_PRESETS, CUSTOM)
#: the lab's controls (the page draws them with these), which a link is held to
LAB_METRICS = {"classification": ("accuracy", "f1", "roc_auc"), "regression": ("neg_mse",)}
FOLDS = (2, 10)
SEEDS = (0, 10_000)
#: "Over several seeds": how many seeds its slider takes (engine.search.lab.compare_over_seeds)
SEED_COUNTS = (2, 20)
POINTS = (0, 1000)
#: what the custom scenario opens with
CUSTOM_DEFAULTS: dict[str, Any] = {"strategies": ["random", "bayes"], "budget": 20, "folds": 3}

SEARCH_QUERY_KEYS = ("preset", "objective", "metric", "folds", "stratified", "space", "strategies", "budget",
                     "seed", "points", "seeds")


def preset_settings(key: str) -> dict[str, Any]:
    """The settings a preset opens the lab on (seed 0, grid points from the budget).

    Raises
    ------
    KeyError
        For a preset the lab does not have.
    """
    p = SEARCH_PRESETS[key]
    return {"preset": key, "strategies": list(p.strategies), "budget": p.budget, "seed": 0, "points": 0}


def objective_task(objective: str) -> str | None:
    """``"benchmark"``, the task of a ``dataset:model`` the lab can search, or None."""
    if objective in BENCHMARKS:
        return "benchmark"
    dataset, _, model = objective.partition(":")
    if dataset in DATASETS and model in MODELS and MODELS[model].task == DATASETS[dataset].task:
        return DATASETS[dataset].task
    return None


def space_text(model: str, space: SearchSpace) -> str:
    """The ranges of ``space`` that differ from ``model``'s own space, as ``name:low:high[:log]``."""
    own = {p.name: p for p in MODELS[model].space.params}
    return ",".join(
        f"{p.name}:{number_text(p.low)}:{number_text(p.high)}" + (":log" if p.log else "")
        for p in space.params
        if p.kind != "categorical" and p != own.get(p.name))


def search_lab_query(settings: Mapping[str, Any]) -> dict[str, str]:
    """URL parameters that reopen the Search lab on ``settings`` (what :func:`read_search_query` reads
    back). The custom scenario's objective, metric, folds, stratification and space are carried only
    for the custom scenario, and the space only where it differs from the model's own."""
    q: dict[str, str] = {"preset": str(settings.get("preset", SCENARIOS[0]))}
    objective = settings.get("objective")
    task = objective_task(objective) if q["preset"] == CUSTOM and objective else None
    if task is not None:
        q["objective"] = objective
    if task not in (None, "benchmark"):
        for key in ("metric", "folds"):
            if key in settings:
                q[key] = str(settings[key])
        if task == "classification" and "stratified" in settings:
            q["stratified"] = "1" if settings["stratified"] else "0"
        if settings.get("space") is not None and (text := space_text(objective.partition(":")[2], settings["space"])):
            q["space"] = text
    if "strategies" in settings:
        q["strategies"] = ",".join(settings["strategies"])
    for key in ("budget", "seed", "points", "seeds"):
        if key in settings:
            q[key] = str(int(settings[key]))
    return q


def read_search_query(query: Mapping[str, str]) -> tuple[dict[str, Any], list[str]]:
    """The Search lab's settings a link names, and a note for each value it could not use as given.

    Parameters
    ----------
    query
        The link's parameters (name -> text).

    Returns
    -------
    settings, notes
        ``settings`` holds only what the link gave validly (see the module's docstring for the
        keys), each value one the lab's controls take; a link naming an objective gets ``preset``
        ``"custom"`` and, for a model, its ``space`` (the model's own where the link names no
        range). ``notes`` holds one sentence per value clamped or left out. Never raises.
    """
    from engine.search.runner import MAX_BUDGET
    from engine.search.strategies import STRATEGIES

    r = LinkReader(query)
    out: dict[str, Any] = {}
    if "preset" in r:
        if (key := r.text("preset")) in SCENARIOS:
            out["preset"] = key
        else:  # the Search lab's own words for it (the link's text is not repeated: it is the visitor's)
            r.note("This link names a scenario the Search lab does not have, so it opens on the first one.")
    objective_keys = [k for k in ("objective", "metric", "folds", "stratified", "space") if k in r]
    if objective_keys and out.get("preset", CUSTOM) != CUSTOM:
        r.note(f"The link's {', '.join(objective_keys)} belong{'s' if len(objective_keys) == 1 else ''} to the "
               "custom scenario, not to the one it names: ignored.")
    elif objective_keys:
        _read_objective(r, out)
    if (v := r.names("strategies", "strategies", list(STRATEGIES))) is not None:
        out["strategies"] = v
    if (v := r.whole("budget", "budget", 1, MAX_BUDGET)) is not None:
        out["budget"] = v
    if (v := r.whole("seed", "seed", *SEEDS)) is not None:
        out["seed"] = v
    if (v := r.whole("points", "number of grid points per axis", *POINTS)) is not None:
        out["points"] = v
    if (v := r.whole("seeds", "number of seeds to compare", *SEED_COUNTS)) is not None:
        out["seeds"] = v
    return out, r.notes


def _read_objective(r: LinkReader, out: dict[str, Any]) -> None:
    """The custom scenario's objective, metric, folds, stratification and space, into ``out``."""
    if "objective" not in r:
        r.note("The link gives settings of a custom scenario but names no objective: they are ignored.")
        return
    objective = r.text("objective")
    task = objective_task(objective)
    if task is None:
        r.note("This link names an objective the lab does not have (a benchmark, or a dataset:model pair that fits): "
               "the custom scenario's settings are left as they were.")
        return
    out["preset"], out["objective"] = CUSTOM, objective
    model_keys = [k for k in ("metric", "folds", "stratified", "space") if k in r]
    if task == "benchmark":
        if model_keys:
            r.note("A benchmark function has no metric, folds or search space to set: the link's are ignored.")
        return
    if (v := r.choice("metric", "a metric for this dataset", LAB_METRICS[task])) is not None:
        out["metric"] = v
    if (v := r.whole("folds", "number of folds", *FOLDS)) is not None:
        out["folds"] = v
    if "stratified" in r:
        flag = r.text("stratified").lower()
        if task != "classification":
            r.note("Stratified folds are for classification: the link's setting is ignored for a regression.")
        elif flag in ("1", "true", "yes", "on", "0", "false", "no", "off"):
            out["stratified"] = flag in ("1", "true", "yes", "on")
        else:
            r.note("The link's stratified setting is neither 1 nor 0: ignored.")
    out["space"] = _read_space(r, objective.partition(":")[2])


def _g(x: float) -> str:
    """A range's end as the lab's allowed ranges write it ("1e-6", not "1e-06")."""
    return plain_exponent(f"{x:g}")


def _read_space(r: LinkReader, model: str) -> SearchSpace:
    """``model``'s space with the ranges the link's ``space`` gives, each within the model's bounds."""
    spec = MODELS[model]
    params = {p.name: p for p in spec.space.params}
    if "space" not in r:
        return spec.space
    numeric = [name for name, p in params.items() if p.kind != "categorical"]
    for part in r.text("space").split(",", len(numeric) + 1)[:len(numeric) + 1]:
        fields = [f.strip() for f in part.split(":")]
        name = fields[0]
        if name not in numeric:
            if part.strip():
                r.note(f"The link's space names a parameter {model} does not search by range "
                       f"(it has {', '.join(numeric)}): left out.")
            continue
        low, high = (parse_number(f) for f in (fields[1:3] if len(fields) >= 3 else ("", "")))
        log = len(fields) == 4 and fields[3] == "log"
        if low is None or high is None or len(fields) > 4 or (len(fields) == 4 and not log):
            r.note(f"The link's range for {name} is not low:high or low:high:log: the model's own is kept.")
            continue
        # one sentence per parameter, about the range as the link gave it: a range that was clamped
        # and then could not be searched read "low (1e-06) must be below high (1e-06)" for -5 to -1,
        # after a first note that said it was used (the adversarial walk-through)
        given = f"The link's range for {name} ({_g(low)} to {_g(high)})"
        if low >= high:
            r.note(f"{given} does not have its low below its high: the model's own is kept.")
            continue
        if name in spec.bounds:
            lo, hi = spec.bounds[name]
            if not (lo <= low <= hi and lo <= high <= hi):
                clamped = min(max(low, lo), hi), min(max(high, lo), hi)
                if clamped[0] >= clamped[1]:
                    r.note(f"{given} lies outside {model}'s allowed {_g(lo)} to {_g(hi)}: the model's own is kept.")
                    continue
                low, high = clamped
                r.note(f"{given} leaves {model}'s allowed {_g(lo)} to {_g(hi)}: using {_g(low)} to {_g(high)}.")
        if log and low <= 0:
            r.note(f"{given} is on a log scale, which must start above 0: the model's own is kept.")
            continue
        if params[name].kind == "int":
            low, high = (int(v) if float(v).is_integer() else v for v in (low, high))
        try:
            params[name] = replace(params[name], low=low, high=high, log=log)
        except ValueError as exc:
            r.note(f"The link's range for {name} cannot be searched ({exc}): the model's own is kept.")
    return SearchSpace(tuple(params.values()))


def lab_settings(preset: str, strategies: list[str], budget: int, seed: int, points: int,
                 objective: str | None = None, metric: str | None = None, folds: int | None = None,
                 stratified: bool | None = None, space: SearchSpace | None = None) -> dict[str, Any]:
    """The page's controls as settings (for :func:`search_lab_query`): the custom scenario's own only
    for the custom scenario, a model's only for a model, stratification only for a classifier."""
    out: dict[str, Any] = {"preset": preset, "strategies": list(strategies), "budget": int(budget),
                           "seed": int(seed), "points": int(points)}
    task = objective_task(objective) if preset == CUSTOM and objective else None
    if task is not None:
        out["objective"] = objective
    if task not in (None, "benchmark"):
        out |= {"metric": metric, "folds": int(folds), "space": space}
        if task == "classification":
            out["stratified"] = bool(stratified)
    return out
