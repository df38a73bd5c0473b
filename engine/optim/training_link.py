"""The Training lab's settings as a link, and a link read back into settings the lab's controls take.

A lecturer who has just run a comparison hands the room one address; it reopens the lab on the
same dataset, network, epochs, seed and runs table (and the range test's settings when it opens
on that tab). :func:`training_lab_query` writes the link; :func:`read_training_query` reads one
back, holding every value to the range of the control it sets: a value out of range is clamped,
one the lab cannot take is left out, each with one plain note, and nothing raises. What it
returns is what the controls could have been set to by hand, so the page's own checks
(:func:`engine.optim.training.check_request` and its cost ceiling) refuse a linked comparison
exactly as they refuse a typed one.

Settings are a plain dict (the keys of :data:`SETTINGS_KEYS`):

``dataset`` (str), ``width`` (hidden units), ``depth`` (hidden layers), ``epochs``, ``seed``,
``runs`` (the runs table: a tuple of ``{"optimizer", "lr", "schedule", "batch_size"}`` rows),
``tab`` (``"compare"`` or ``"range-test"``), and the range test's ``rt_opt``, ``rt_from``,
``rt_to``, ``rt_iters``.

The link's runs read ``runs=sgd:0.05,adam:0.001,adamw:0.003:cosine,sgd:0.1:constant:8``: each run
is ``optimizer:rate[:schedule[:batch size]]`` (schedule ``constant`` and batch size 32 when left out).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from engine.link_query import LinkReader, number_text, parse_number
from engine.optim.training import DATASETS, MAX_RUNS, TrainSetup
from engine.optim.training_presets import DEFAULT_RUNS, PRESETS, TABS, row_rate

#: the lab's controls (the page draws them with these), which a link is held to
WIDTHS = (8, 16, 32, 64, 128)
DEPTHS = (1, 2)
EPOCHS = (1, 60)
SEEDS = (0, 10_000)
RANGE_TEST_ITERS = (20, 1000)
#: the range test's controls as the lab opens (optimizer, from, to, iterations)
RANGE_TEST_DEFAULTS: dict[str, Any] = {"rt_opt": "sgd", "rt_from": 1e-5, "rt_to": 10.0, "rt_iters": 150}
#: a run's schedule and batch size when its link leaves them out
RUN_DEFAULTS = {"schedule": "constant", "batch_size": 32}

SETTINGS_KEYS = ("dataset", "width", "depth", "epochs", "seed", "runs", "tab", *RANGE_TEST_DEFAULTS)
#: every URL parameter the lab reads (``preset`` opens a preset, the rest override it)
TRAINING_QUERY_KEYS = ("preset", *SETTINGS_KEYS)


def preset_settings(key: str) -> dict[str, Any]:
    """The settings a preset opens the lab on (its runs, or the lab's default runs); the range
    test's settings only for a preset that opens on that tab.

    Raises
    ------
    KeyError
        For a preset the lab does not have.
    """
    p = PRESETS[key]
    out: dict[str, Any] = {"dataset": p.dataset, "width": p.width, "depth": p.depth, "epochs": p.epochs, "seed": 0,
                           "runs": tuple(dict(r) for r in (p.runs or DEFAULT_RUNS)), "tab": p.tab}
    if p.tab == "range-test":
        out |= RANGE_TEST_DEFAULTS
    return out


def run_text(row: Mapping[str, Any]) -> str | None:
    """One row of the runs table as ``optimizer:rate[:schedule[:batch size]]`` (defaults left off the
    end), or None for a row without an optimizer, a rate or a batch size (a row being typed)."""
    name, lr, bs = row.get("optimizer"), row_rate(row), row.get("batch_size")
    if not name or lr is None or bs is None:
        return None
    sched = row.get("schedule") or RUN_DEFAULTS["schedule"]
    parts = [str(name), number_text(lr), str(sched), number_text(bs)]
    if parts[3] == str(RUN_DEFAULTS["batch_size"]):
        parts = parts[:3] if sched != RUN_DEFAULTS["schedule"] else parts[:2]
    return ":".join(parts)


def training_lab_query(settings: Mapping[str, Any]) -> dict[str, str]:
    """URL parameters that reopen the Training lab on ``settings`` (what :func:`read_training_query`
    reads back). Keys missing from ``settings`` are left out of the link; the range test's settings
    are carried only when the link opens on its tab; incomplete rows of the runs table are left out."""
    q: dict[str, str] = {}
    for key in ("dataset", "width", "depth", "epochs", "seed"):
        if key in settings:
            q[key] = str(settings[key])
    if "runs" in settings:
        q["runs"] = ",".join(t for t in map(run_text, settings["runs"]) if t is not None)
    if "tab" in settings:
        q["tab"] = str(settings["tab"])
    if settings.get("tab") == "range-test":
        for key in RANGE_TEST_DEFAULTS:
            if key in settings:
                value = settings[key]
                q[key] = number_text(value) if isinstance(value, (int, float)) else str(value)
    return q


def read_training_query(query: Mapping[str, str]) -> tuple[dict[str, Any], list[str]]:
    """The Training lab's settings a link names, and a note for each value it could not use as given.

    Parameters
    ----------
    query
        The link's parameters (name -> text). ``preset`` (a key of
        :data:`engine.optim.training_presets.PRESETS`) gives the starting settings, which the
        link's other parameters override.

    Returns
    -------
    settings, notes
        ``settings`` holds only what the link gave validly (see the module's docstring for the
        keys; ``preset`` too, for a preset the lab has), each value one the lab's controls take;
        ``notes`` holds one sentence per value clamped or left out. Never raises.
    """
    from engine.optim.optimizers import MAX_LR, MIN_LR, OPTIMIZERS

    r = LinkReader(query)
    out: dict[str, Any] = {}
    if "preset" in r:
        key = r.text("preset")
        if key in PRESETS:
            out |= preset_settings(key) | {"preset": key}
        else:  # the Training lab's own words for it (the link's text is not repeated: it is the visitor's)
            r.note("This link names a preset the Training lab does not have, so the lab opens with its own settings.")
    if (v := r.choice("dataset", "a dataset", list(DATASETS))) is not None:
        out["dataset"] = v
    if (v := r.nearest("width", "number of hidden units", WIDTHS)) is not None:
        out["width"] = v
    if (v := r.whole("depth", "number of hidden layers", *DEPTHS)) is not None:
        out["depth"] = v
    if (v := r.whole("epochs", "number of epochs", *EPOCHS)) is not None:
        out["epochs"] = v
    if (v := r.whole("seed", "seed", *SEEDS)) is not None:
        out["seed"] = v
    if "runs" in r:
        # a batch as large as the link's dataset's training set (else the largest: the page says if it is too big)
        largest = max(TrainSetup(d).n_train for d in ([out["dataset"]] if "dataset" in out else DATASETS))
        if (runs := _read_runs(r, largest, OPTIMIZERS, MIN_LR, MAX_LR)) is not None:
            out["runs"] = runs
    if (v := r.choice("tab", "a tab", list(TABS))) is not None:
        out["tab"] = v
    if (v := r.choice("rt_opt", "a range-test optimizer", list(OPTIMIZERS))) is not None:
        out["rt_opt"] = v
    ends = {}
    for key, label in (("rt_from", "range test's start rate"), ("rt_to", "range test's end rate")):
        if (v := r.number(key, label)) is not None:
            if MIN_LR <= v <= MAX_LR:
                ends[key] = v
            else:
                r.note(f"The link's {label} ({v:g}) is outside {MIN_LR:g} to {MAX_LR:,.0f}: ignored.")
    if len(ends) == 2 and not ends["rt_from"] < ends["rt_to"]:
        r.note("The link's range test starts at a rate no lower than it ends: both ignored.")
    else:
        out |= ends
    if (v := r.whole("rt_iters", "number of range-test iterations", *RANGE_TEST_ITERS)) is not None:
        out["rt_iters"] = v
    return out, r.notes


def _read_runs(r: LinkReader, max_batch: int, optimizers: Mapping[str, Any], min_lr: float,
               max_lr: float) -> tuple[dict[str, Any], ...] | None:
    """The runs of ``runs=...``: at most ``MAX_RUNS``; a run the table could not hold is left out."""
    from engine.optim.schedules import SCHEDULE_TITLES

    text = r.text("runs")
    count = text.rstrip(", ").count(",") + 1  # counted, not split: a link may hold millions
    parts = text.split(",", MAX_RUNS)[:MAX_RUNS]
    if count > MAX_RUNS:
        r.note(f"The link names {count:,} runs; the lab trains at most {MAX_RUNS} side by side: "
               f"the first {MAX_RUNS} are kept.")
    rows: list[dict[str, Any]] = []
    for number, part in enumerate(parts, start=1):
        if not part.strip():
            continue
        fields = [f.strip() for f in part.split(":")]
        if not 2 <= len(fields) <= 4:
            r.note(f"Run {number} of the link is not optimizer:rate[:schedule[:batch size]]: left out.")
            continue
        fields += [""] * (4 - len(fields))
        name, lr_text, sched, bs_text = fields
        sched = sched or RUN_DEFAULTS["schedule"]
        lr = parse_number(lr_text)
        bs = parse_number(bs_text) if bs_text else RUN_DEFAULTS["batch_size"]
        if name not in optimizers:
            r.note(f"Run {number} of the link names an optimizer the lab does not have: left out.")
        elif lr is None or not min_lr <= lr <= max_lr:
            r.note(f"Run {number} of the link has a learning rate that is not a number from {min_lr:g} to "
                   f"{max_lr:,.0f}: left out.")
        elif sched not in SCHEDULE_TITLES:
            r.note(f"Run {number} of the link names a schedule the lab does not have: left out.")
        elif bs is None or bs < 1 or not float(bs).is_integer():
            r.note(f"Run {number} of the link has a batch size that is not a whole number of at least 1: left out.")
        else:
            if bs > max_batch:
                r.note(f"Run {number} of the link has a batch size of {bs:g}, more than the training set's "
                       f"{max_batch:,} samples: using {max_batch:,}.")
                bs = max_batch
            rows.append({"optimizer": name, "lr": lr, "schedule": sched, "batch_size": int(bs)})
    if not rows:
        r.note("The link's runs table has no run the lab can train: the table is left as it was.")
        return None
    return tuple(rows)


def lab_settings(dataset: str, width: int, depth: int, epochs: int, seed: int, runs: Sequence[Mapping[str, Any]],
                 tab: str, rt_opt: str, rt_from: float, rt_to: float, rt_iters: int) -> dict[str, Any]:
    """The page's controls as settings (for :func:`training_lab_query`)."""
    return {"dataset": dataset, "width": int(width), "depth": int(depth), "epochs": int(epochs), "seed": int(seed),
            "runs": tuple(dict(r) for r in runs), "tab": tab, "rt_opt": rt_opt, "rt_from": float(rt_from),
            "rt_to": float(rt_to), "rt_iters": int(rt_iters)}
