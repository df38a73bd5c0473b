"""Names people read for runs and measurements, instead of the identifiers the code and the
question banks use ("adam_tiny", "sgd.first_step"). Pure and light: no numpy, no database."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any


_SLUG = re.compile(r"^[a-z0-9_.=-]+$")


def and_list(names: Sequence[str]) -> str:
    """Names as one phrase: "a", "a and b", "a, b and c"."""
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def count_of(n: int, noun: str) -> str:
    """``n`` and the noun, singular or plural: "1 question", "6 questions"."""
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def first_upper(text: str) -> str:
    """``text`` with its first letter a capital, the rest as written ("ROC AUC" stays, where
    ``str.capitalize`` gives "Roc auc")."""
    return text[:1].upper() + text[1:]


def plain_exponent(text: str) -> str:
    """A formatted number with its exponent as people write it: "1e-05" -> "1e-5", "2.5e+07" -> "2.5e7"."""
    mantissa, e, exponent = text.partition("e")
    return f"{mantissa}e{int(exponent)}" if e else text


def short_number(x: float) -> str:
    """A bound or a setting as people write it: "1e-6", "1e6", "1,000", "0.05" (never Python's
    padded exponents, "1e-06" and "1e+06")."""
    x = float(x)
    if x != 0 and (abs(x) >= 1e5 or abs(x) < 1e-3):
        return plain_exponent(f"{x:.3g}")
    return f"{int(x):,}" if x.is_integer() else f"{x:.4g}"


def as_written(x: float) -> str:
    """A number a link gave, as it was likely written: a whole number in full ("99999999", which
    ``:g`` reads "1e+08"), unless it is too long to read ("1e308": in full, 309 digits pushed the
    page's note off the screen); else as :func:`short_number`."""
    x = float(x)
    return f"{int(x)}" if x.is_integer() and abs(x) < 1e15 else short_number(x)


def run_label(config: Any) -> str:
    """A run's name for a legend or a table: its own label when a person wrote one, otherwise
    "Adam, lr 0.001, batch 32" built from its settings.

    Labels that are identifiers ("adam_tiny", "lr0.01": keys a question bank uses to name its
    measurements) are internal: they give way to the settings, so users never read them.
    """
    from engine.optim.optimizers import OPTIMIZERS

    label = getattr(config, "label", None)
    if label and not _SLUG.match(label):
        return label
    spec = OPTIMIZERS.get(config.optimizer)
    parts = [spec.title if spec else str(config.optimizer), f"lr {config.lr:g}"]
    parts += [f"{k} {v:g}" for k, v in sorted(dict(getattr(config, "hyper", {}) or {}).items())]
    if getattr(config, "batch_size", None):
        parts.append(f"batch {config.batch_size}")
    return ", ".join(parts)


#: what a scenario's measurement means, in words (the key after the run's label)
MEASUREMENTS = {
    "first_step": "length of the first step", "final_loss": "final loss", "outcome": "outcome",
    "steps_to_threshold": "steps to reach the threshold", "diverged_at": "step at which it diverged",
    "diverged": "diverged", "converged": "converged", "final_x": "final x", "final_y": "final y",
    "std": "standard deviation", "mean": "mean", "final_train_loss": "final training loss",
    "final_val_loss": "final validation loss", "final_val_acc": "final validation accuracy",
    "best_val_acc": "best validation accuracy", "best_val_epoch": "epoch of the best validation score",
    "min_val_loss": "lowest validation loss", "diagnosis": "diagnosis", "nearest_minimum": "nearest minimum",
    "median_best": "median best score", "median_regret": "median regret", "lower_std": "splitter with the smaller spread of fold scores",
    "distinct_endpoints": "distinct end points",
}


def _label_words(label: str) -> str:
    from engine.optim.optimizers import OPTIMIZERS

    if label in OPTIMIZERS:
        return OPTIMIZERS[label].title
    lr = re.fullmatch(r"lr([\d.e-]+)", label)
    if lr:
        return f"lr {lr.group(1)}"
    k = re.fullmatch(r"k(\d+)", label)
    if k:
        return f"{k.group(1)} folds"
    return label.replace("_", " ")


#: measurements of a whole scenario (no run's label before them) whose words differ from a run's
WHOLE_SCENARIO = {"diverged": "runs that diverged", "converged": "runs that converged"}


def measurement_label(metric: str, names: Mapping[str, str] | None = None) -> str:
    """A scenario's measurement key in words: "sgd.first_step" -> "length of the first step (SGD)"
    (or the run's name in ``names``: "(SGD, lr 0.15)"), "winner_by_final_loss" -> "winner by
    final loss", "diverged" -> "runs that diverged"."""
    label, _, field = metric.rpartition(".")
    if not label:
        if metric in WHOLE_SCENARIO:
            return WHOLE_SCENARIO[metric]
        head, _, by = metric.partition("_by_")
        return f"{MEASUREMENTS.get(head, head.replace('_', ' '))}" + (
            f" by {MEASUREMENTS.get(by, by.replace('_', ' '))}" if by else "")
    run = (names or {}).get(label) or _label_words(label)
    return f"{MEASUREMENTS.get(field, field.replace('_', ' '))} ({run})"


def run_names(params: Mapping[str, Any]) -> dict[str, str]:
    """A scenario's runs by their label -> the name people read (:func:`run_label`): a question's
    runs are keyed "sgd", "sgd_low"; a reader sees "SGD, lr 0.15". Runs that would read alike
    are told apart by their schedule, then by where they start (four runs read "SGD, lr 0.05",
    their decays named nowhere but in the answer).

    Examples
    --------
    >>> names = run_names({"runs": [{"label": "const", "optimizer": "sgd", "lr": 0.05},
    ...                              {"label": "step", "optimizer": "sgd", "lr": 0.05, "schedule": "step"},
    ...                              {"label": "small", "optimizer": "sgd", "lr": 0.01}]})
    >>> list(names.values())
    ['SGD, lr 0.05, constant', 'SGD, lr 0.05, step decay', 'SGD, lr 0.01']
    >>> list(run_names({"runs": [{"label": "a", "optimizer": "sgd", "lr": 0.1, "start": [-2.0, 0.01]},
    ...                          {"label": "b", "optimizer": "sgd", "lr": 0.1, "start": [-2.0, 1e-6]}]}).values())
    ['SGD, lr 0.1, from (-2, 0.01)', 'SGD, lr 0.1, from (-2, 1e-06)']
    """
    from collections import Counter
    from types import SimpleNamespace

    from engine.optim.schedules import SCHEDULE_TITLES

    runs = {}
    for run in params.get("runs") or ():
        r = dict(run) if isinstance(run, Mapping) else vars(run)
        if r.get("label") is None or r.get("optimizer") is None or r.get("lr") is None:
            continue
        config = SimpleNamespace(label=r["label"], optimizer=r["optimizer"], lr=float(r["lr"]),
                                 hyper=r.get("hyper") or {}, batch_size=r.get("batch_size"))
        runs[str(r["label"])] = (run_label(config), r)
    names = {label: base for label, (base, _) in runs.items()}
    tellers = (lambda r: SCHEDULE_TITLES.get(r.get("schedule") or "constant", str(r.get("schedule"))).lower(),
               lambda r: "from ({:g}, {:g})".format(*r["start"]) if r.get("start") else "from the default start")
    for tell in tellers:
        alike = Counter(names.values())
        groups: dict[str, list[str]] = {}
        for label in runs:
            if alike[names[label]] > 1:
                groups.setdefault(names[label], []).append(label)
        for group in groups.values():
            told = {label: tell(runs[label][1]) for label in group}
            if len(set(told.values())) > 1:  # this setting tells them apart: say it
                names.update({label: f"{names[label]}, {told[label]}" for label in group})
    return names


def readable(value: Any, names: Mapping[str, str] | None = None, ordered: bool = False) -> str:
    """A measurement or an answer as a person reads it: a number to 4 significant digits, a run
    label by its name (``names``), a list as "a → b → c" when it is an ``ordered`` ranking and
    "a; b" when it is a set, "none" when that set is empty."""
    names = names or {}
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:.4g}"
    if isinstance(value, (list, tuple)):
        if not value:
            return "none"
        return (" → " if ordered else "; ").join(readable(v, names) for v in value)
    if value is None:
        return "none"
    return names.get(str(value), str(value))
