"""The Training lab's default comparison, its presets, and its table of runs as configurations.

Kept out of the page so the benchmark (benchmarks/bench_training.py) times exactly what the
page trains, and so the page holds layout only.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from engine.optim.training import TrainConfig, TrainSetup


@dataclass(frozen=True)
class TrainingPreset:
    """A comparison a link can open with ``?preset=<key>``."""

    title: str
    dataset: str
    width: int
    depth: int
    epochs: int
    #: rows of the runs table (optimizer, lr, schedule, batch_size); None keeps the default runs
    runs: tuple[Mapping[str, Any], ...] | None = None
    #: the tab the link opens: the comparison, or the learning-rate range test
    tab: Literal["compare", "range-test"] = "compare"

    def setup(self, seed: int = 0) -> TrainSetup:
        return TrainSetup(self.dataset, (self.width,) * self.depth, self.epochs, seed=seed)


def _run(optimizer: str, lr: float, schedule: str = "constant", batch_size: int = 32) -> dict[str, Any]:
    return {"optimizer": optimizer, "lr": lr, "schedule": schedule, "batch_size": batch_size}


#: the comparison the lab opens with: four optimisers on digits. Ten epochs reach 95-97%
#: validation accuracy and keep the whole comparison within a few seconds on 2 cores
#: (benchmarks/bench_training.py); the epochs slider goes to 60 for longer runs.
DEFAULT_RUNS: tuple[dict[str, Any], ...] = (
    _run("sgd", 0.05),
    _run("momentum", 0.05),
    _run("adam", 0.001),
    _run("adamw", 0.003, "cosine"),
)
DEFAULT = TrainingPreset("SGD, momentum, Adam and AdamW on digits", "digits", 64, 1, 10, None)

PRESETS: dict[str, TrainingPreset] = {
    "sgd-vs-adam": DEFAULT,
    "batch-size": TrainingPreset("Batch size and gradient noise on moons", "moons", 32, 2, 20, (
        _run("sgd", 0.1, batch_size=8), _run("sgd", 0.1, batch_size=64), _run("sgd", 0.1, batch_size=512),
    )),
    "overfit": TrainingPreset("Over-fitting: a wide network trained long on digits", "digits", 128, 2, 60, (
        _run("adam", 0.003), _run("adamw", 0.003),
    )),
    "range-test": TrainingPreset("The learning-rate range test on digits", "digits", 64, 1, 10, None,
                                 tab="range-test"),
}

#: each tab of the lab by its name in :attr:`TrainingPreset.tab`, and its title on the page
TABS = {"compare": "Compare runs", "range-test": "Learning-rate range test"}


def configs_from_rows(rows: Iterable[Mapping[str, Any]]) -> tuple[TrainConfig, ...]:
    """The lab's table of runs as configurations, each with a human label ("Adam lr=0.001 cosine").

    Rows without an optimizer (a fresh row being typed) are skipped.

    Raises
    ------
    ValueError
        For a row without a learning rate or a batch size, with an unknown optimizer or schedule, or
        with a learning rate out of range; the message names the row, counted from 1 as the table
        shows them ("row 1 (SGD lr=0): learning rate must be > 0, got 0").
    """
    out = []
    for number, row in enumerate(rows, start=1):
        if not row.get("optimizer"):
            continue
        try:
            out.append(_config_from_row(row))
        except ValueError as exc:
            what = f"row {number}" + (f" ({_row_label(row)})" if row_rate(row) is not None else "")
            raise ValueError(f"{what}: {exc}") from None
    return tuple(out)


def row_rate(row: Mapping[str, Any]) -> float | None:
    """The row's learning rate as a number: its cell holds the text as typed ("1e-3"; the table's
    number cell read "1e-3" as 3 and "abc" as 0, silently), or a number from a link or a preset.
    None when the cell is empty or not a finite number."""
    from engine.link_query import parse_number

    raw = row.get("lr")
    if raw is None or isinstance(raw, bool) or (isinstance(raw, str) and not raw.strip()):
        return None
    return parse_number(raw)


def _row_label(row: Mapping[str, Any]) -> str:
    """The row's run as the results name it ("Adam lr=0.001 cosine annealing"); ids it cannot read stay ids."""
    from engine.optim.optimizers import OPTIMIZERS
    from engine.optim.schedules import SCHEDULE_TITLES

    name, sched, bs = row["optimizer"], row.get("schedule") or "constant", row.get("batch_size")
    spec = OPTIMIZERS.get(name)
    label = f"{spec.title if spec else name} lr={row_rate(row):g}"
    label += f" {SCHEDULE_TITLES.get(sched, sched).lower()}" if sched != "constant" else ""
    label += f" bs={int(bs)}" if bs is not None and int(bs) != 32 else ""
    return label


def _config_from_row(row: Mapping[str, Any]) -> TrainConfig:
    from engine.optim.optimizers import check_lr, get_optimizer
    from engine.optim.schedules import ScheduleSpec, get_schedule

    empty = row.get("lr") is None or (isinstance(row["lr"], str) and not row["lr"].strip())
    if empty or row.get("batch_size") is None:
        # the table sends a number too large to hold (401 digits, shown "Infinity") as no number
        raise ValueError("every run needs a learning rate and a batch size (a cell left empty, or a number "
                         "too large to hold, gives none)")
    name, sched = row["optimizer"], row.get("schedule") or "constant"
    get_optimizer(name), get_schedule(sched)  # an unknown id is one sentence naming the choices
    if (rate := row_rate(row)) is None:  # not repeated: a visitor typed it
        raise ValueError("its learning rate is not a number (write one such as 0.001 or 1e-3)")
    lr, bs = check_lr(rate), int(row["batch_size"])
    return TrainConfig(name, lr, batch_size=bs, schedule=ScheduleSpec(sched), label=_row_label(row))


def default_comparison(seed: int = 0) -> tuple[TrainSetup, tuple[TrainConfig, ...]]:
    """What the lab trains when Train is pressed on its opening settings."""
    return DEFAULT.setup(seed), configs_from_rows(DEFAULT_RUNS)
