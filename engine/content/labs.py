"""Which lab (and preset) illustrates a question: "Try it in the lab" links.

A question whose simulation runs optimisers on a loss surface opens the Optimizer lab with its
own settings (surface, condition, optimisers, rates, steps): the link carries them in the URL
and :func:`read_optimizer_query` turns them back into the lab's settings. Otherwise a question
may name its lab explicitly (``lab: {page: search-lab, preset: branin}``) or say that no lab
illustrates it (``lab: none``: a topic names what a question is about, not that a lab shows it),
or its first topic that a lab can illustrate decides, and the link carries that preset.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from engine.labels import as_written, count_of

#: url_path of a lab page -> its script
LAB_PAGES = {
    "presenter": "app_pages/presenter.py",
    "optimizer-lab": "app_pages/optimizer_lab.py",
    "training-lab": "app_pages/training_lab.py",
    "search-lab": "app_pages/search_lab.py",
}

#: topic -> (lab url_path, preset)
TOPIC_LABS: dict[str, tuple[str, str]] = {
    "learning-rate": ("presenter", "lr-regimes"),
    "lr-schedules": ("presenter", "decay"),
    "sgd-momentum": ("presenter", "ravine"),
    "adaptive-optimisers": ("presenter", "adam-vs-sgd"),
    "choosing-optimisers": ("training-lab", "sgd-vs-adam"),
    "training-loop": ("training-lab", "sgd-vs-adam"),
    "grid-search": ("search-lab", "branin"),
    "random-search": ("search-lab", "hartmann6"),
    "bayesian-optimisation": ("search-lab", "branin"),
    "cross-validation": ("search-lab", "svc-cancer"),
    "tuning-process": ("search-lab", "svc-cancer"),
    "resource-management": ("search-lab", "svc-digits"),
    "overfitting-underfitting": ("training-lab", "overfit"),
    "model-hyperparameters": ("search-lab", "forest-wine"),
    "tuning-tools": ("search-lab", "svc-digits"),
    "debugging-training": ("training-lab", "sgd-vs-adam"),
    "loss-landscapes": ("presenter", "minima"),
}


#: the address key naming the question a lab was opened from (its "Back to the question" link)
FROM_QUESTION = "from"


@dataclass(frozen=True)
class LabLink:
    page: str  # url_path
    preset: str | None
    #: further URL parameters (name, value): the question's own settings
    params: tuple[tuple[str, str], ...] = field(default=())
    #: what of the question's runs the lab cannot be set to (:func:`optimizer_lab_gaps`)
    missing: tuple[str, ...] = field(default=())

    @property
    def query_params(self) -> dict[str, str]:
        """What the link puts in the URL."""
        return ({"preset": self.preset} if self.preset else {}) | dict(self.params)

    @property
    def script(self) -> str:
        return LAB_PAGES[self.page]

    @property
    def label(self) -> str:
        """What the link says: "Try it in the lab" where it carries the question's own settings, "A
        related demo" where it opens a preset on the question's subject (a learner checking a
        question on iris folds landed on "SVC on breast cancer" under "Try it in the lab")."""
        if not self.params:
            return f"A related demo: {self.title}"
        notes = []
        if seeds := dict(self.params).get("seeds"):  # its table is where the question's median is read
            notes.append(f"after a run, “Over several seeds” compares its {seeds} seeds")
        if self.missing:
            notes.append(f"it cannot set {', or '.join(self.missing)}")
        return f"Try it in the lab: {self.title}" + (f" ({'; '.join(notes)})" if notes else "")

    @property
    def title(self) -> str:
        """The lab and what it opens on: "Presenter mode: Adam vs SGD" (a link that opens a lab
        on the question's own settings names the lab alone)."""
        lab = {"presenter": "Presenter mode", "optimizer-lab": "Optimizer lab", "training-lab": "Training lab",
               "search-lab": "Search lab"}[self.page]
        preset = preset_title(self.page, self.preset) if self.preset else None
        return f"{lab}: {preset}" if preset else lab


def _presets(page: str) -> Mapping[str, Any]:
    """A lab's own registry of presets ({} for a lab without presets)."""
    if page == "presenter":
        from engine.optim.presets import PRESETS
    elif page == "search-lab":
        from engine.search.presets import SEARCH_PRESETS as PRESETS
    elif page == "training-lab":
        from engine.optim.training_presets import PRESETS
    else:
        return {}
    return PRESETS


def preset_keys(page: str) -> tuple[str, ...]:
    """The presets a lab's own registry has (what a bank's ``lab.preset`` may name)."""
    return tuple(_presets(page))


def preset_title(page: str, preset: str) -> str | None:
    """A lab preset's title, from the lab's own registry of presets (None if it has no such preset)."""
    found = _presets(page).get(preset)
    return found.title if found is not None else None


def _get(run: Any, key: str, default: Any = None) -> Any:
    """A scenario run's setting, from a bank's mapping or a parsed model alike."""
    return run.get(key, default) if isinstance(run, Mapping) else getattr(run, key, default)


def _starts(runs: Sequence[Any]) -> set[tuple[float, ...] | None]:
    """The runs' start points (None: the surface's own)."""
    return {tuple(start) if (start := _get(r, "start")) is not None else None for r in runs}


def _schedules(runs: Sequence[Any]) -> set[str]:
    return {_get(r, "schedule", "constant") or "constant" for r in runs}


def _hyper_words(runs: Sequence[Any], leave_out: Collection[str] = ()) -> list[str]:
    """The runs' hyperparameters a lab cannot be set to, as words ("weight decay")."""
    return sorted({k.replace("_", " ") for r in runs for k in (_get(r, "hyper") or {}) if k not in leave_out})


def lab_link(question: Any) -> LabLink | None:
    sim = getattr(question, "simulation", None)
    if sim is not None and sim.scenario == "optimizer":
        return LabLink("optimizer-lab", None, tuple(optimizer_lab_query(sim.params).items()),
                       optimizer_lab_gaps(sim.params))
    if sim is not None and sim.scenario == "training":
        query, missing = training_lab_query_of(sim.params)
        return LabLink("training-lab", None, tuple(query.items()), missing)
    if sim is not None and sim.scenario == "search_comparison" and (found := search_lab_query_of(sim.params)):
        return LabLink("search-lab", None, tuple(found[0].items()), found[1])
    explicit = getattr(question, "lab", None)
    if explicit == "none":
        return None
    if explicit is not None:
        return related_demo(explicit.page, explicit.preset, question.topics)
    for topic in question.topics:
        if topic in TOPIC_LABS:
            return related_demo(*TOPIC_LABS[topic], question.topics)
    return None


#: a search topic -> the Search lab's strategy that shows it
TOPIC_STRATEGY = {"grid-search": "grid", "random-search": "random", "bayesian-optimisation": "bayes"}


def related_demo(page: str, preset: str | None, topics: Sequence[str]) -> LabLink:
    """A lab's preset as a question's related demo: a Search lab preset runs the strategies the
    question's topics name too (a question on grid search against random search in six
    dimensions opened Hartmann-6's preset, which runs no grid: the learners' walk-through).

    Examples
    --------
    >>> related_demo("search-lab", "hartmann6", ["grid-search", "random-search"]).query_params
    {'preset': 'hartmann6', 'strategies': 'grid,random,bayes,tpe'}
    >>> related_demo("search-lab", "branin", ["grid-search"]).query_params
    {'preset': 'branin'}
    """
    if page != "search-lab" or preset is None:
        return LabLink(page, preset)
    from engine.search.presets import SEARCH_PRESETS

    runs = list(SEARCH_PRESETS[preset].strategies)
    shown = set(runs) | ({"bayes"} if "tpe" in runs else set())  # either model-based search shows the topic
    added = [s for t in topics if (s := TOPIC_STRATEGY.get(t)) is not None and s not in shown]
    if not added:
        return LabLink(page, preset)
    return LabLink(page, preset, (("strategies", ",".join(dict.fromkeys(added + runs))),))


def training_lab_query_of(params: Mapping[str, Any]) -> tuple[dict[str, str], tuple[str, ...]]:
    """URL parameters that open the Training lab on a ``training`` scenario's dataset, network,
    epochs, seed and runs, and what of them the lab cannot be set to, in words (a learner checking
    SGD against Adam on moons landed on a digits preset with other rates).

    Examples
    --------
    >>> q, missing = training_lab_query_of({"dataset": "moons", "epochs": 6, "seed": 0, "runs": [
    ...     {"optimizer": "sgd", "lr": 0.01}, {"optimizer": "adam", "lr": 1e-05, "batch_size": 8}]})
    >>> q["runs"], q["dataset"], q["width"], q["depth"], missing
    ('sgd:0.01,adam:1e-05:constant:8', 'moons', '32', '1', ())
    """
    from engine.optim.training_link import DEPTHS, EPOCHS, WIDTHS, training_lab_query

    hidden = list(params.get("hidden") or [32])
    runs = list(params.get("runs") or [])
    missing = []
    if len(set(hidden)) > 1 or hidden[0] not in WIDTHS or len(hidden) not in DEPTHS:
        missing.append(f"its network ({' x '.join(map(str, hidden))} hidden units)")
    if hyper := _hyper_words(runs):
        missing.append("the runs' " + ", ".join(hyper))
    if any(_get(r, "schedule_params") for r in runs):
        missing.append("the runs' schedule settings (the lab sizes each schedule to the run)")
    epochs = int(params.get("epochs") or 1)
    rows = tuple({"optimizer": _get(r, "optimizer"), "lr": float(_get(r, "lr")),
                  "schedule": _get(r, "schedule") or "constant", "batch_size": int(_get(r, "batch_size") or 32)}
                 for r in runs)
    settings = {"dataset": params["dataset"], "width": hidden[0] if hidden[0] in WIDTHS else 32,
                "depth": len(hidden) if len(hidden) in DEPTHS else 1, "epochs": min(max(epochs, EPOCHS[0]), EPOCHS[1]),
                "seed": int(params.get("seed") or 0), "tab": "compare", "runs": rows}
    query = training_lab_query(settings)
    query.pop("tab")  # the lab opens on its comparison
    return query, tuple(missing)


def search_lab_query_of(params: Mapping[str, Any]) -> tuple[dict[str, str], tuple[str, ...]] | None:
    """URL parameters that open the Search lab on a ``search_comparison`` scenario's objective,
    strategies, budget and first seed, and what of it the lab cannot be set to; None for an
    objective the lab has no scenario for (a learner checking grid against random search on
    Hartmann-6 landed on a preset without grid search, budget 40).

    Examples
    --------
    Seeds 0 to n - 1 are what the lab's "Over several seeds" compares: the link sets its count
    (a question's "median regret over seeds 0, 1, 2" is read in its table); other seeds it cannot.

    >>> q, missing = search_lab_query_of({"objective": "hartmann6", "strategies": ["grid", "random"],
    ...                                  "budget": 12, "seeds": [3, 4, 5]})
    >>> q
    {'preset': 'hartmann6', 'strategies': 'grid,random', 'budget': '12', 'seed': '3'}
    >>> missing
    ('seeds 4 and 5: it runs seed 3 alone',)
    >>> search_lab_query_of({"objective": "branin", "strategies": ["bayes"], "budget": 20, "seeds": [0, 1, 2]})[0]
    {'preset': 'branin', 'strategies': 'bayes', 'budget': '20', 'seed': '0', 'seeds': '3'}
    """
    from engine.search.lab_link import CUSTOM, objective_task, search_lab_query
    from engine.search.presets import SEARCH_PRESETS

    objective = str(params["objective"])
    task = objective_task(objective)
    if task is None:
        return None
    seeds = list(params.get("seeds") or [0])
    settings: dict[str, Any] = {"strategies": list(params["strategies"]), "budget": int(params["budget"]),
                                "seed": int(seeds[0])}
    from_zero = len(seeds) > 1 and [int(s) for s in seeds] == list(range(len(seeds)))
    if from_zero:
        settings["seeds"] = len(seeds)
    if task == "benchmark" and objective in SEARCH_PRESETS:
        settings["preset"] = objective
    else:
        settings |= {"preset": CUSTOM, "objective": objective, "folds": int(params.get("folds") or 3)}
        if params.get("metric"):
            settings["metric"] = params["metric"]
    if len(seeds) < 2 or from_zero:
        return search_lab_query(settings), ()
    rest = [str(int(x)) for x in seeds[1:]]
    named = rest[0] if len(rest) == 1 else f"{', '.join(rest[:-1])} and {rest[-1]}"
    return search_lab_query(settings), (f"seed{'s' if len(rest) > 1 else ''} {named}: "
                                        f"it runs seed {int(seeds[0])} alone",)


# --------------------------------------------------------------------------- the Optimizer lab's URL
#: the lab's limits, which a link is held to (the lab's own controls use the same ones)
CONDITION_CHOICES = (1, 2, 5, 10, 20, 50, 100)
LAB_STEPS = (10, 1000, 10)  # min, max, step of the steps slider
LAB_MAX_RUNS = 12  # every optimiser runs at every rate: at most this many runs
NOISE_RANGE = (0.0, 5.0)


@dataclass(frozen=True)
class LabField:
    """One number the Optimizer lab's sidebar asks for besides the rates: its bounds, step and
    default, shared by the widget that draws it and the link that sets it (a value outside a
    widget's bounds would be an error on the page, so a link's is clamped to them).

    ``default`` is a number, or a function of the run's steps (a schedule's length in steps).
    """

    name: str
    label: str
    low: float | None
    high: float | None
    step: float
    default: float | Callable[[int], float]
    fmt: str | None = None
    whole: bool = False  # a count of steps
    slider: bool = False

    def default_for(self, steps: int) -> float:
        return self.default(steps) if callable(self.default) else self.default


#: momentum and betas, and the optimisers that use each (the lab's "Momentum and betas" expander);
#: their ranges are the engine's (engine.optim.optimizers.RANGES), checked when a link sets them
LAB_HYPER: dict[str, tuple[LabField, tuple[str, ...]]] = {
    "momentum": (LabField("momentum", "momentum (SGD momentum, Nesterov)", None, None, 0.05, 0.9, "%.3f"),
                 ("momentum", "nesterov")),
    "beta1": (LabField("beta1", "beta1 (Adam, AdamW)", None, None, 0.01, 0.9, "%.3f"), ("adam", "adamw")),
    "beta2": (LabField("beta2", "beta2 (Adam, AdamW)", None, None, 0.001, 0.999, "%.4f"), ("adam", "adamw")),
    "alpha": (LabField("alpha", "alpha (RMSprop)", None, None, 0.01, 0.99, "%.3f"), ("rmsprop",)),
}
def _sized(schedule: str, name: str) -> Callable[[int], float]:
    """A field's default for a run of so many steps, as the schedules registry sizes it."""
    from engine.optim.schedules import sized_defaults

    return lambda steps: sized_defaults(schedule, steps)[name]


#: each schedule's own settings in the lab (the rest of a schedule's parameters keep the registry's
#: defaults, engine.optim.schedules.SCHEDULES); counts are in steps
LAB_SCHEDULE_FIELDS: dict[str, tuple[LabField, ...]] = {
    "constant": (),
    "step": (LabField("step_size", "Steps between drops (step_size)", 1, 10_000, 1, _sized("step", "step_size"), whole=True),
             LabField("gamma", "Factor at each drop (gamma)", 0.01, 1.0, 0.05, _sized("step", "gamma"))),
    "exponential": (LabField("gamma", "Factor per step (gamma)", 0.5, 1.0, 0.001, _sized("exponential", "gamma"), "%.3f"),),
    "inverse_time": (LabField("k", "Decay per step (k)", 0.0, 10.0, 0.01, _sized("inverse_time", "k")),),
    "cosine": (LabField("T_max", "Steps to the lowest rate (T_max)", 1, 100_000, 1, _sized("cosine", "T_max"), whole=True),),
    "warmup_cosine": (LabField("warmup", "Warmup steps", 1, 10_000, 1, _sized("warmup_cosine", "warmup"),
                               whole=True),),
    "one_cycle": (LabField("pct_start", "Share of the run rising (pct_start)", 0.05, 0.95, 0.05, _sized("one_cycle", "pct_start"),
                           slider=True),),
}
#: a link's parameters for the schedule's settings, each named once whatever schedules share it
_SCHEDULE_PARAMS = tuple(dict.fromkeys(f.name for fields in LAB_SCHEDULE_FIELDS.values() for f in fields))
OPTIMIZER_QUERY_KEYS = ("surface", "condition", "noise", "optimizers", "lr", "only", "steps", "start", "schedule",
                        "seed", *LAB_HYPER, *_SCHEDULE_PARAMS)


def _num(x: float) -> str:
    return f"{x:g}"


def optimizer_lab_query(params: Mapping[str, Any]) -> dict[str, str]:
    """URL parameters that open the Optimizer lab on an ``optimizer`` scenario's settings.

    The lab runs every chosen optimiser at every rate, so the link names the scenario's
    optimisers and rates (in order, each once), and its pairs (``only``) when the runs are not
    every optimiser at every rate (:func:`engine.content.lab_runs.lab_pairs`). Over the lab's run
    limit, rates are dropped from the end. Start point, schedule and seed are passed when every
    run shares them.

    Examples
    --------
    >>> optimizer_lab_query({"surface": "quadratic", "steps": 100, "runs": [{"optimizer": "sgd", "lr": 0.005},
    ...     {"optimizer": "sgd", "lr": 0.025}, {"optimizer": "momentum", "lr": 0.005}]})["only"]
    'sgd:0.005,sgd:0.025,momentum:0.005'
    """
    runs = list(params.get("runs") or [])
    optimizers = list(dict.fromkeys(_get(r, "optimizer") for r in runs))
    lrs = list(dict.fromkeys(float(_get(r, "lr")) for r in runs))
    pairs = list(dict.fromkeys((_get(r, "optimizer"), float(_get(r, "lr"))) for r in runs))
    if len(pairs) > LAB_MAX_RUNS:  # more than the lab runs at once: the first rates
        lrs = lrs[: max(1, LAB_MAX_RUNS // len(optimizers))]
        pairs = [p for p in pairs if p[1] in lrs]
    only = len(pairs) < len(optimizers) * len(lrs)  # not every optimiser at every rate: name the pairs
    q: dict[str, str] = {"surface": str(params["surface"])}
    sp = dict(params.get("surface_params") or {})
    if "condition" in sp:
        q["condition"] = _num(float(sp["condition"]))
    if "noise" in sp:
        q["noise"] = _num(float(sp["noise"]))
    q["optimizers"] = ",".join(optimizers)
    q["lr"] = ",".join(_num(lr) for lr in lrs)
    if only:
        q["only"] = ",".join(f"{name}:{_num(lr)}" for name, lr in pairs)
    q["steps"] = str(int(params["steps"]))
    starts = _starts(runs)
    if len(starts) == 1 and None not in starts:
        q["start"] = ",".join(_num(float(c)) for c in next(iter(starts)))
    schedules = _schedules(runs)
    if len(schedules) == 1 and schedules != {"constant"}:
        q["schedule"] = next(iter(schedules))
    if params.get("seed"):
        q["seed"] = str(int(params["seed"]))
    return q


def optimizer_lab_gaps(params: Mapping[str, Any]) -> tuple[str, ...]:
    """What of an ``optimizer`` scenario's runs the Optimizer lab cannot be set to, in words: it
    sets one start and one schedule for every run, takes at most :data:`LAB_STEPS` steps and has no
    weight decay (a learner checking a question on step decay at step 1,000 of 2,000 found no decay
    in the lab, under "Try it in the lab"). Its runs' pairs of optimiser and rate the link keeps
    (``only``), and the same optimiser at one rate with two momenta runs once.

    Examples
    --------
    >>> optimizer_lab_gaps({"steps": 2000, "runs": [{"optimizer": "sgd", "lr": 0.05},
    ...     {"optimizer": "sgd", "lr": 0.05, "schedule": "step"}]})
    ("the runs' own schedules", 'steps past 1,000')
    >>> optimizer_lab_gaps({"steps": 300, "runs": [{"optimizer": "sgd", "lr": 0.1}]})
    ()
    """
    runs = list(params.get("runs") or [])
    gaps = []
    if len(_starts(runs)) > 1:
        gaps.append("the runs' own starts")
    if len(_schedules(runs)) > 1:
        gaps.append("the runs' own schedules")
    if hyper := _hyper_words(runs, leave_out=LAB_HYPER):
        gaps.append("the runs' " + ", ".join(hyper))
    if int(params.get("steps") or 0) > LAB_STEPS[1]:
        gaps.append(f"steps past {LAB_STEPS[1]:,}")
    return tuple(gaps)


def optimizer_lab_link(surface: str, surface_params: Mapping[str, float], optimizers: Sequence[str],
                       lrs: Sequence[float], steps: int, start: tuple[float, float], schedule: str = "constant",
                       seed: int = 0, hyper: Mapping[str, float] | None = None,
                       schedule_params: Mapping[str, float] | None = None,
                       only: Collection[tuple[str, float]] | None = None) -> dict[str, str]:
    """URL parameters that reopen the Optimizer lab on these settings (what
    :func:`read_optimizer_query` reads back).

    ``hyper`` (momentum, betas, alpha) and ``schedule_params`` (the schedule's own settings) are
    carried where they differ from the lab's defaults, a hyperparameter only when a chosen
    optimiser uses it: a link stays as short as the settings that matter. ``only``: the pairs a
    link kept the lab to (:func:`engine.content.lab_runs.lab_pairs`).
    """
    from engine.content.lab_runs import lab_pairs

    q = optimizer_lab_query({
        "surface": surface, "surface_params": dict(surface_params), "steps": int(steps), "seed": int(seed),
        "runs": [{"optimizer": name, "lr": float(lr), "start": tuple(start), "schedule": schedule}
                 for name, lr in lab_pairs(optimizers, [float(lr) for lr in lrs], only)],
    })
    for name, value in (hyper or {}).items():
        field_, used_by = LAB_HYPER[name]
        if set(used_by) & set(optimizers) and float(value) != field_.default_for(int(steps)):
            q[name] = _num(float(value))
    for f in LAB_SCHEDULE_FIELDS.get(schedule, ()):
        value = (schedule_params or {}).get(f.name)
        if value is not None and float(value) != f.default_for(int(steps)):
            q[f.name] = str(int(value)) if f.whole else _num(float(value))
    return q


def _left_out(n: int) -> str:
    """The end of a note on a link's list: how many of its items were left out (never which: the
    link's text is the visitor's, as :mod:`engine.link_query` says)."""
    return f"{n:,} of the link's {'was' if n == 1 else 'were'} left out."


def read_optimizer_query(query: Mapping[str, str]) -> tuple[dict[str, Any], list[str]]:
    """The Optimizer lab's settings named by a link, and a note for each value it could not use.

    Returns ``(settings, notes)``: ``settings`` holds only the keys the link gave validly
    (``surface``, ``condition``, ``noise``, ``optimizers``, ``lrs`` (the text of the rates
    field), ``only`` (the link's pairs of optimiser and rate), ``steps``, ``start`` (x, y),
    ``schedule``, ``seed``, the hyperparameters of :data:`LAB_HYPER` and the named schedule's
    settings of :data:`LAB_SCHEDULE_FIELDS`), with values the lab's controls accept; each note is
    one sentence saying what was clamped or ignored and why.
    """
    from engine.optim.optimizers import MAX_LR, MIN_LR, OPTIMIZERS, RANGES
    from engine.optim.run import MAX_START
    from engine.optim.schedules import SCHEDULE_TITLES
    from engine.optim.surfaces import SURFACES

    out: dict[str, Any] = {}
    notes: list[str] = []

    def number(key: str) -> float | None:
        raw = str(query[key]).strip()
        try:
            v = float(raw)
        except ValueError:
            notes.append(f"'{key}' in the link is not a number: ignored.")
            return None
        if not math.isfinite(v):
            notes.append(f"'{key}' must be a finite number: ignored.")
            return None
        return v

    if "surface" in query:
        if query["surface"] in SURFACES:
            out["surface"] = query["surface"]
        else:
            notes.append(f"This link names a surface the lab does not have: ignored (it has {', '.join(SURFACES)}).")
    if "condition" in query and (v := number("condition")) is not None:
        near = min(CONDITION_CHOICES, key=lambda c: abs(math.log(max(v, 1e-12)) - math.log(c)))
        if v != near:
            notes.append(f"condition {v:g} is not one of the lab's ({', '.join(map(str, CONDITION_CHOICES))}): "
                         f"showing {near}.")
        out["condition"] = near
    if "noise" in query and (v := number("noise")) is not None:
        clamped = min(max(v, NOISE_RANGE[0]), NOISE_RANGE[1])
        if clamped != v:
            notes.append(f"noise {v:g} is outside {NOISE_RANGE[0]:g} to {NOISE_RANGE[1]:g}: showing {clamped:g}.")
        out["noise"] = round(clamped, 1)
    if "optimizers" in query:
        names = [n.strip() for n in str(query["optimizers"]).split(",") if n.strip()]
        known = list(dict.fromkeys(n for n in names if n in OPTIMIZERS))
        unknown = [n for n in names if n not in OPTIMIZERS]
        if unknown:
            notes.append(f"The link names {count_of(len(unknown), 'optimizer')} the lab does not have: left out "
                         f"(it has {', '.join(OPTIMIZERS)}).")
        if known:
            out["optimizers"] = known
    if "lr" in query:
        good, bad = [], []
        for part in str(query["lr"]).split(","):
            text = part.strip()
            try:
                v = float(text)
            except ValueError:
                v = math.nan  # fails the range test below, as does inf
            if MIN_LR <= v <= MAX_LR:
                good.append(_num(v))
            elif text:
                bad.append(text)
        if bad:
            notes.append(f"Learning rates must be numbers from {MIN_LR:g} to {MAX_LR:g}: {_left_out(len(bad))}")
        if good:
            out["lrs"] = ", ".join(dict.fromkeys(good))
    if "only" in query:
        pairs, bad = [], []
        for part in str(query["only"]).split(","):
            name, _, rate = part.strip().partition(":")
            try:
                lr = float(rate)
            except ValueError:
                lr = math.nan
            if name in OPTIMIZERS and MIN_LR <= lr <= MAX_LR:
                pairs.append((name, float(_num(lr))))
            elif part.strip():
                bad.append(part)
        if bad:
            notes.append(f"Runs must read optimizer:rate (as sgd:0.01), with an optimizer the lab has and a rate "
                         f"from {MIN_LR:g} to {MAX_LR:g}: {_left_out(len(bad))}")
        if pairs:
            out["only"] = tuple(dict.fromkeys(pairs))
    if "steps" in query and (v := number("steps")) is not None:
        lo, hi, step = LAB_STEPS
        clamped = int(min(max(round(v / step) * step, lo), hi))
        if clamped != v:
            # the number as the link wrote it: 99999999 read "1e+08 steps" (the lecturer's walk-through)
            asked = as_written(v)
            notes.append(f"{asked} steps is more than the lab draws ({lo} to {hi}, in tens): showing {clamped}."
                         if v > hi else f"steps {asked}: the lab takes {lo} to {hi} in tens; showing {clamped}.")
        out["steps"] = clamped
    if "start" in query:
        parts = str(query["start"]).split(",")
        try:
            x, y = (float(p) for p in parts)
            if not all(math.isfinite(c) and abs(c) <= MAX_START for c in (x, y)):
                raise ValueError
            out["start"] = (x, y)
        except ValueError:
            notes.append(f"'start' must be two numbers within ±{MAX_START:,.0f}, as x,y: ignored.")
    if "schedule" in query:
        if query["schedule"] in SCHEDULE_TITLES:
            out["schedule"] = query["schedule"]
        else:
            notes.append(f"This link names a schedule the lab does not have: ignored (it has "
                         f"{', '.join(SCHEDULE_TITLES)}).")
    if "seed" in query and (v := number("seed")) is not None:
        if v != int(v) or not 0 <= v <= 10_000:
            notes.append("'seed' must be a whole number from 0 to 10,000: ignored.")
        else:
            out["seed"] = int(v)
    for name in LAB_HYPER:
        if name in query and (v := number(name)) is not None:
            lo, hi, closed = RANGES[name]
            if lo <= v < hi or (closed and v == hi):
                out[name] = v
            else:
                notes.append(f"'{name}' must be from {lo:g} to {'' if closed else 'below '}{hi:g}: ignored.")
    # a schedule's settings apply to the schedule the link names (else to none: they are ignored)
    fields = {f.name: f for f in LAB_SCHEDULE_FIELDS.get(out.get("schedule", ""), ())}
    for name in _SCHEDULE_PARAMS:
        if name not in query:
            continue
        if name not in fields:
            notes.append(f"'{name}' is a setting of another schedule than this link's: ignored.")
        elif (v := number(name)) is not None:
            f = fields[name]
            clamped = min(max(round(v) if f.whole else v, f.low), f.high)
            if clamped != v:
                notes.append(f"{name} {v:g} is outside the lab's {f.low:g} to {f.high:g}: showing {clamped:g}."
                             if not f.low <= v <= f.high else
                             f"{name} {v:g} is not a whole number of steps: showing {clamped:g}.")
            out[name] = int(clamped) if f.whole else float(clamped)
    return out, notes
