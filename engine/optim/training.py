"""Real training with torch: a small MLP, torch.optim optimisers, torch.optim.lr_scheduler.

Datasets are ones scikit-learn ships or generates (digits, moons), split into train and
validation with a seed, and standardised with the training statistics only. Every run in a
comparison starts from the same initial weights and sees the same mini-batches, so runs
differ only by optimiser, learning rate, schedule and batch size.

torch and scikit-learn are imported inside the functions, so importing this module is cheap.
"""

from __future__ import annotations

import contextlib
import math
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from engine.optim.optimizers import check_lr, get_optimizer
from engine.optim.schedules import ScheduleSpec, get_schedule, sized_defaults
from engine.text import number

@dataclass(frozen=True)
class TrainDataset:
    title: str
    rows: int
    features: int
    classes: int

    def __str__(self) -> str:
        return self.title


DATASETS: dict[str, TrainDataset] = {
    "digits": TrainDataset("Handwritten digits (8x8 pixels, 10 classes, 1,797 images; ships with scikit-learn)",
                           1797, 64, 10),
    "moons": TrainDataset("Two interleaving half-moons (2-D, 2 classes, 800 points, generated with noise 0.25)",
                          800, 2, 2),
}
MAX_EPOCHS = 200
MAX_RUNS = 8
MAX_UNITS = 1024
MAX_LAYERS = 4

# Seconds of one optimiser step (Python, autograd and optimiser overhead per mini-batch), and of
# one multiply-add; fitted on this project's 2-core machines, held to real runs by
# benchmarks/bench_limits.py, erring high because they guard a ceiling.
_STEP_SECONDS = 1.5e-3
_LAYER_STEP_SECONDS = 3e-4
_MAC_SECONDS = 1e-10


@dataclass(frozen=True)
class TrainSetup:
    """What is shared by every run of a comparison."""

    dataset: str = "digits"
    hidden: tuple[int, ...] = (64,)
    epochs: int = 15
    val_fraction: float = 0.25
    seed: int = 0

    def validate(self) -> None:
        if self.dataset not in DATASETS:
            raise ValueError(f"unknown dataset '{self.dataset}'; choose one of {', '.join(DATASETS)}")
        if isinstance(self.epochs, bool) or not isinstance(self.epochs, int) or not 1 <= self.epochs <= MAX_EPOCHS:
            raise ValueError(f"epochs must be from 1 to {MAX_EPOCHS}, got {self.epochs}")
        if (not self.hidden or len(self.hidden) > MAX_LAYERS
                or any(isinstance(h, bool) or not isinstance(h, int) or not 1 <= h <= MAX_UNITS for h in self.hidden)):
            raise ValueError(f"hidden layers: one to {MAX_LAYERS} layers of 1 to {MAX_UNITS} units")
        if not 0.05 <= self.val_fraction <= 0.5:
            raise ValueError(f"validation fraction must be from 0.05 to 0.5, got {number(self.val_fraction)}")

    @property
    def n_train(self) -> int:
        return DATASETS[self.dataset].rows - math.ceil(DATASETS[self.dataset].rows * self.val_fraction)

    def weights(self) -> int:
        """Multiply-adds of one forward pass of one sample (the network's weight count)."""
        ds = DATASETS[self.dataset]
        widths = [ds.features, *self.hidden, ds.classes]
        return sum(a * b for a, b in zip(widths, widths[1:]))

    def seconds(self, steps: int, sample_passes: int, eval_passes: int) -> float:
        """Estimated CPU-seconds of ``steps`` optimiser steps over ``sample_passes`` samples
        (forward and backward, about 3 forward passes), plus ``eval_passes`` forward passes."""
        per_step = _STEP_SECONDS + _LAYER_STEP_SECONDS * len(self.hidden)
        return steps * per_step + (3 * sample_passes + eval_passes) * self.weights() * _MAC_SECONDS

    def check_range_test_cost(self, num_iter: int, batch_size: int) -> float:
        """Estimate a learning-rate range test of ``num_iter`` mini-batches (CPU-seconds, shown
        beside its button); refuse it over the ``training`` ceiling of :mod:`engine.limits` (it
        never evaluates on the validation split)."""
        from engine.limits import CEILINGS

        return CEILINGS["training"].check(self.seconds(num_iter, num_iter * batch_size, 0),
                                   f"this range test ({num_iter} iterations of {batch_size} samples)",
                                   "the iterations, the batch size or the network's width")

    def check_cost(self, configs: Sequence["TrainConfig"]) -> float:
        """Estimate the cost of training every configuration for ``epochs``; refuse it over the
        ``training`` ceiling of :mod:`engine.limits`."""
        from engine.limits import CEILINGS

        n = self.n_train
        n_val = DATASETS[self.dataset].rows - n
        steps = sum(math.ceil(n / max(1, c.batch_size)) for c in configs) * self.epochs
        passes = len(configs) * n * self.epochs
        evals = len(configs) * (n + n_val) * self.epochs
        seconds = self.seconds(steps, passes, evals)
        CEILINGS["training"].check(
            seconds, f"this comparison ({len(configs)} runs x {self.epochs} epochs, {steps:,} optimiser steps)",
            "the epochs, the runs or the network's width, or raise the batch size")
        return seconds


@dataclass(frozen=True)
class TrainConfig:
    """One run: the optimiser (torch.optim names and defaults), its schedule, the batch size."""

    optimizer: str = "adam"
    lr: float = 1e-3
    hyper: Mapping[str, float] = field(default_factory=dict)
    #: schedule parameters are counted in optimiser steps (mini-batches)
    schedule: ScheduleSpec = field(default_factory=ScheduleSpec)
    batch_size: int = 32
    label: str | None = None

    def name(self) -> str:
        return self.label or f"{self.optimizer} lr={self.lr:g} bs={self.batch_size}"

    def to_dict(self) -> dict[str, Any]:
        return {"optimizer": self.optimizer, "lr": self.lr, "hyper": dict(self.hyper),
                "schedule": self.schedule.to_dict(), "batch_size": self.batch_size, "label": self.name()}


@dataclass(frozen=True)
class TrainResult:
    """Per-epoch curves (cut at divergence; finite numbers only)."""

    config: TrainConfig
    train_loss: tuple[float, ...]
    val_loss: tuple[float, ...]
    train_acc: tuple[float, ...]
    val_acc: tuple[float, ...]
    lrs: tuple[float, ...]  # learning rate at the end of each epoch
    diverged_at_epoch: int | None
    seconds: float
    #: the rate every mini-batch step used, in order (the diverging epoch's steps too): a schedule's
    #: shape inside an epoch (warmup's first tenth, step decay's quarters) that ``lrs`` samples once an epoch
    step_lrs: tuple[float, ...] = ()
    steps_per_epoch: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {"config": self.config.to_dict(), "train_loss": list(self.train_loss),
                "val_loss": list(self.val_loss), "train_acc": list(self.train_acc),
                "val_acc": list(self.val_acc), "lrs": list(self.lrs),
                "diverged_at_epoch": self.diverged_at_epoch, "seconds": self.seconds,
                "step_lrs": list(self.step_lrs), "steps_per_epoch": self.steps_per_epoch}


def run_record(setup: TrainSetup, results: Sequence[TrainResult], asked: int | None = None
               ) -> tuple[str, dict[str, Any], dict[str, Any]]:
    """(title, config, results) of a Training lab run for the run history (:mod:`engine.runs`).
    ``asked``: the runs the training was asked for, when fewer finished (it was stopped): the title
    says so and the config marks it, so it is never taken for the whole training of the same settings."""
    title = f"{setup.dataset.capitalize()}: " + ", ".join(r.config.name() for r in results)
    config: dict[str, Any] = {"setup": {"dataset": setup.dataset, "hidden": list(setup.hidden), "epochs": setup.epochs},
                              "runs": [r.config.to_dict() for r in results]}
    if asked is not None and asked > len(results):
        title += f" (stopped: {len(results)} of {asked} runs finished)"
        config["stopped"] = True
    summary = {r.config.name(): {"final_val_acc": r.val_acc[-1] if r.val_acc else None,
                                 "final_train_loss": r.train_loss[-1] if r.train_loss else None,
                                 "diverged_at_epoch": r.diverged_at_epoch} for r in results}
    return title, config, summary


def load_dataset(name: str, val_fraction: float, seed: int):
    """(X_train, y_train, X_val, y_val) as float32/int64 numpy arrays, standardised on train."""
    from sklearn.datasets import load_digits, make_moons
    from sklearn.model_selection import train_test_split
    from sklearn.preprocessing import StandardScaler

    if name == "digits":
        X, y = load_digits(return_X_y=True)
    elif name == "moons":
        X, y = make_moons(n_samples=800, noise=0.25, random_state=seed)
    else:
        raise ValueError(f"unknown dataset '{name}'; choose one of {', '.join(DATASETS)}")
    Xtr, Xva, ytr, yva = train_test_split(X, y, test_size=val_fraction, random_state=seed, stratify=y)
    # Fitted on the training split only (no leakage). StandardScaler leaves constant columns
    # (digits has always-blank border pixels) unscaled instead of dividing by ~0.
    scaler = StandardScaler().fit(Xtr)
    f = lambda a: scaler.transform(a).astype(np.float32)  # noqa: E731
    return f(Xtr), ytr.astype(np.int64), f(Xva), yva.astype(np.int64)


@contextlib.contextmanager
def one_thread() -> Iterator[None]:
    """Run torch on one intra-op thread, then restore the previous count.

    These networks are tiny (a mini-batch is a few thousand multiply-adds), so splitting each
    operation over threads costs more than it saves, and on a loaded 2-core machine the
    threads wait for each other: one thread trained the default comparison about 6x faster
    (benchmarks/bench_training.py). Results are the same (the operations are too small to split).
    """
    import torch

    before = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        yield
    finally:
        torch.set_num_threads(before)


def build_mlp(n_in: int, hidden: Sequence[int], n_out: int, seed: int):
    import torch
    from torch import nn

    torch.manual_seed(seed)
    layers: list[Any] = []
    width = n_in
    for h in hidden:
        layers += [nn.Linear(width, h), nn.ReLU()]
        width = h
    layers.append(nn.Linear(width, n_out))
    return nn.Sequential(*layers)


def make_optimizer(params, config: TrainConfig):
    import torch

    spec = get_optimizer(config.optimizer)
    h = spec.hyper(**config.hyper)
    return getattr(torch.optim, spec.torch_class)(params, **spec.torch_kwargs(check_lr(config.lr), h))


def make_scheduler(optimizer, spec: ScheduleSpec, lr0: float, total_steps: int):
    """The torch.optim.lr_scheduler object for a schedule spec (None for constant).

    The registry entry builds it (:attr:`engine.optim.schedules.Schedule.make_torch`), with the
    entry's own defaults, so training and the closed-form rates cannot drift apart.
    """
    return get_schedule(spec.name).torch_scheduler(optimizer, lr0, spec.params, total_steps)


def run_schedule(spec: ScheduleSpec, total_steps: int) -> ScheduleSpec:
    """The schedule a run of ``total_steps`` optimiser steps follows: the spec's own parameters
    over the defaults sized to a run of that length (:func:`engine.optim.schedules.sized_defaults`,
    which the Optimizer lab draws too: a step decay halves the rate every quarter of the run).

    The registry's fixed defaults are counted in steps for a surface's few hundred: a training
    run counts mini-batches, and step decay's "every 30 steps, times 0.1" took a 10-epoch run on
    digits (43 mini-batches an epoch) to a rate of 1e-17 (the labs' audit).
    """
    # resolved whole, lengths included: a check over the run's first steps must not read a shorter run
    params = get_schedule(spec.name).resolve({**sized_defaults(spec.name, total_steps), **spec.params}, total_steps)
    return ScheduleSpec(spec.name, params)


def _check_configs(configs: Sequence[TrainConfig], n_train: int, total_steps_of) -> None:
    from engine.optim.schedules import lr_values

    if not configs:
        raise ValueError("add at least one run")
    if len(configs) > MAX_RUNS:
        raise ValueError(f"at most {MAX_RUNS} runs side by side, got {len(configs)}")
    for c in configs:
        get_optimizer(c.optimizer).hyper(**c.hyper)
        check_lr(c.lr)
        if isinstance(c.batch_size, bool) or not isinstance(c.batch_size, int) or not 1 <= c.batch_size <= n_train:
            raise ValueError(f"batch size must be from 1 to {n_train} (the training set), got {c.batch_size}")
        total = total_steps_of(c)
        lr_values(run_schedule(c.schedule, total), c.lr, min(total, 5000))  # validates the parameters


def check_request(setup: TrainSetup, configs: Sequence[TrainConfig]) -> float:
    """Validate a comparison and return its estimated CPU-seconds; refuse it over the ceiling."""
    setup.validate()
    _check_configs(configs, setup.n_train, lambda c: math.ceil(setup.n_train / c.batch_size) * setup.epochs)
    return setup.check_cost(configs)


def train_many(setup: TrainSetup, configs: Sequence[TrainConfig],
               on_progress: Callable[..., None] | None = None) -> list[TrainResult]:
    """Train one MLP per configuration and record train/validation loss and accuracy per epoch.

    ``on_progress(fraction, text)`` after every epoch, and ``on_progress(fraction, text, result)``
    as each configuration finishes, so that a page can keep the runs done when it is stopped.

    Raises
    ------
    ValueError
        For an invalid setup or configuration, before any training starts.
    """
    check_request(setup, configs)
    with one_thread():
        return _train_many(setup, configs, on_progress)


def _train_many(setup: TrainSetup, configs: Sequence[TrainConfig],
                on_progress: Callable[..., None] | None) -> list[TrainResult]:
    import torch
    from torch import nn

    Xtr, ytr, Xva, yva = load_dataset(setup.dataset, setup.val_fraction, setup.seed)
    batches = lambda c: math.ceil(len(Xtr) / c.batch_size)  # noqa: E731
    n_classes = int(max(ytr.max(), yva.max()) + 1)
    Xtr_t, ytr_t, Xva_t, yva_t = map(torch.from_numpy, (Xtr, ytr, Xva, yva))
    loss_fn = nn.CrossEntropyLoss()
    total_work = sum(batches(c) * setup.epochs for c in configs)
    done = 0
    results = []
    for c in configs:
        t0 = time.perf_counter()
        model = build_mlp(Xtr.shape[1], setup.hidden, n_classes, setup.seed)
        opt = make_optimizer(model.parameters(), c)
        total = batches(c) * setup.epochs
        sched = make_scheduler(opt, run_schedule(c.schedule, total), c.lr, total)
        gen = torch.Generator().manual_seed(setup.seed)
        curves: dict[str, list[float]] = {k: [] for k in ("tl", "vl", "ta", "va", "lr")}
        diverged, step_lrs = None, []
        for epoch in range(setup.epochs):
            model.train()
            order = torch.randperm(len(Xtr_t), generator=gen)
            for b in range(batches(c)):
                idx = order[b * c.batch_size : (b + 1) * c.batch_size]
                opt.zero_grad()
                loss = loss_fn(model(Xtr_t[idx]), ytr_t[idx])
                loss.backward()
                step_lrs.append(opt.param_groups[0]["lr"])
                opt.step()
                if sched is not None:
                    sched.step()
            done += batches(c)
            tl, ta = _evaluate(model, loss_fn, Xtr_t, ytr_t)
            vl, va = _evaluate(model, loss_fn, Xva_t, yva_t)
            if not (math.isfinite(tl) and math.isfinite(vl)):
                diverged = epoch + 1
                done += batches(c) * (setup.epochs - epoch - 1)
                break
            for k, v in zip(("tl", "vl", "ta", "va", "lr"), (tl, vl, ta, va, opt.param_groups[0]["lr"])):
                curves[k].append(float(v))
            if on_progress:
                on_progress(done / total_work, f"{c.name()}: epoch {epoch + 1} of {setup.epochs}")
        results.append(TrainResult(
            config=c, train_loss=tuple(curves["tl"]), val_loss=tuple(curves["vl"]),
            train_acc=tuple(curves["ta"]), val_acc=tuple(curves["va"]), lrs=tuple(curves["lr"]),
            diverged_at_epoch=diverged, seconds=round(time.perf_counter() - t0, 3),
            step_lrs=tuple(float(v) for v in step_lrs), steps_per_epoch=batches(c),
        ))
        if on_progress:
            on_progress(done / total_work, f"{c.name()}: done", results[-1])
    if on_progress:
        on_progress(1.0, "done")
    return results


def _evaluate(model, loss_fn, X, y) -> tuple[float, float]:
    import torch

    model.eval()
    with torch.no_grad():
        out = model(X)
        return float(loss_fn(out, y)), float((out.argmax(1) == y).float().mean())


# --------------------------------------------------------------------------- LR range test
@dataclass(frozen=True)
class RangeTestResult:
    """Loss against an exponentially increasing learning rate, and the suggested rate.

    Suggestion rule (as torch-lr-finder): the rate where the smoothed loss falls fastest,
    i.e. the most negative slope of smoothed loss against log(lr), ignoring the first
    ``skip_start`` and last ``skip_end`` points. A common alternative, fastai's older rule,
    is one tenth of the rate at the minimum loss; it is reported as ``min_loss_lr / 10``.
    """

    lrs: tuple[float, ...]
    losses: tuple[float, ...]
    smoothed: tuple[float, ...]
    suggestion: float | None
    min_loss_lr: float
    stopped_early: bool

    def to_dict(self) -> dict[str, Any]:
        return {"lrs": list(self.lrs), "losses": list(self.losses), "smoothed": list(self.smoothed),
                "suggestion": self.suggestion, "min_loss_lr": self.min_loss_lr,
                "stopped_early": self.stopped_early}


def check_range_test(setup: TrainSetup, lr_min: float, lr_max: float, num_iter: int, batch_size: int) -> float:
    """Check a range test's settings and price it (CPU-seconds), before it starts: the lab refuses
    a start rate of -1 beside its button, not after the press (its last chart stayed under the new
    settings, unrefused, until then).

    Raises
    ------
    ValueError
        For a rate that is not a positive number in range, a start rate not below the end rate, an
        iteration count outside 20 to 1000, a batch size outside the training set, or a test over
        the ``training`` ceiling; one sentence.
    """
    check_lr(lr_min)
    check_lr(lr_max)
    if not lr_min < lr_max:
        raise ValueError("the start rate must be below the end rate")
    if not 20 <= num_iter <= 1000:
        raise ValueError(f"number of iterations must be from 20 to 1000, got {num_iter}")
    if isinstance(batch_size, bool) or not isinstance(batch_size, int) or not 1 <= batch_size <= setup.n_train:
        raise ValueError(f"batch size must be from 1 to {setup.n_train} (the training set), got {batch_size}")
    return setup.check_range_test_cost(num_iter, batch_size)


def lr_range_test(setup: TrainSetup, config: TrainConfig, lr_min: float = 1e-6, lr_max: float = 1.0,
                  num_iter: int = 120, smooth: float = 0.98, diverge_factor: float = 4.0,
                  skip_start: int = 10, skip_end: int = 5,
                  on_progress: Callable[[float, str], None] | None = None) -> RangeTestResult:
    """Train with the learning rate multiplied by a constant each mini-batch, from lr_min to lr_max.

    The ramp is a ``LambdaLR`` on the real optimiser; the loss is smoothed with an
    exponential moving average (bias-corrected, weight ``smooth``) and the test stops once
    the smoothed loss exceeds ``diverge_factor`` times the best seen.
    """
    setup.validate()
    check_range_test(setup, lr_min, lr_max, num_iter, config.batch_size)
    with one_thread():
        return _range_test(setup, config, lr_min, lr_max, num_iter, smooth, diverge_factor, skip_start, skip_end,
                           on_progress)


def _range_test(setup: TrainSetup, config: TrainConfig, lr_min: float, lr_max: float, num_iter: int, smooth: float,
                diverge_factor: float, skip_start: int, skip_end: int,
                on_progress: Callable[[float, str], None] | None) -> RangeTestResult:
    import torch
    from torch import nn
    from torch.optim.lr_scheduler import LambdaLR

    Xtr, ytr, _, _ = load_dataset(setup.dataset, setup.val_fraction, setup.seed)
    X, y = torch.from_numpy(Xtr), torch.from_numpy(ytr)
    model = build_mlp(X.shape[1], setup.hidden, int(ytr.max() + 1), setup.seed)
    opt = make_optimizer(model.parameters(), TrainConfig(config.optimizer, lr_min, config.hyper))
    ratio = lr_max / lr_min
    sched = LambdaLR(opt, lambda i: ratio ** (i / (num_iter - 1)))
    gen = torch.Generator().manual_seed(setup.seed)
    loss_fn = nn.CrossEntropyLoss()
    lrs, losses, smoothed = [], [], []
    avg, best, stopped = 0.0, math.inf, False
    order, pos = torch.randperm(len(X), generator=gen), 0
    for i in range(num_iter):
        if pos + config.batch_size > len(X):
            order, pos = torch.randperm(len(X), generator=gen), 0
        idx = order[pos : pos + config.batch_size]
        pos += config.batch_size
        model.train()
        lr = opt.param_groups[0]["lr"]
        opt.zero_grad()
        loss = loss_fn(model(X[idx]), y[idx])
        loss.backward()
        opt.step()
        sched.step()
        value = loss.item()
        if not math.isfinite(value):
            stopped = True
            break
        avg = smooth * avg + (1 - smooth) * value
        s = avg / (1 - smooth ** (i + 1))
        lrs.append(lr)
        losses.append(value)
        smoothed.append(s)
        best = min(best, s)
        if on_progress:
            on_progress((i + 1) / num_iter, f"iteration {i + 1} of {num_iter}")
        if s > diverge_factor * best:
            stopped = True
            break
    suggestion = None
    lo, hi = skip_start, len(smoothed) - skip_end
    if hi - lo >= 3:
        slope = np.gradient(np.array(smoothed[lo:hi]), np.log(np.array(lrs[lo:hi])))
        suggestion = float(lrs[lo + int(np.argmin(slope))])
    min_loss_lr = float(lrs[int(np.argmin(smoothed))]) if smoothed else lr_min
    return RangeTestResult(tuple(lrs), tuple(losses), tuple(smoothed), suggestion, min_loss_lr, stopped)
