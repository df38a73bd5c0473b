"""Answers of generated questions, computed by the reference libraries at question time.

Each entry of :data:`REFERENCE` runs the real thing: torch.optim for an optimiser step,
torch.optim.lr_scheduler for a schedule value, scikit-learn's splitters, searches and metrics
for fold sizes, fit counts and scores, torch for a loss or a parameter count. A question's
``compute`` block names the entry and its arguments (drawn variables as ``$name``); the entry
returns named outputs, and the question's numeric answers name the output they take
(``answer`` unless told otherwise). No answer formula is typed in a bank, nor here: the
libraries compute, and this module only sets them up and reads them out.

torch and scikit-learn are imported inside the functions, so importing this module is cheap
(the loader imports it to check a bank's ``compute`` blocks).
"""

from __future__ import annotations

import inspect
import json
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any


@dataclass(frozen=True)
class Reference:
    """A computation: the function, the outputs it returns, one line on what it runs, and
    whether a server runs it in a worker process (:func:`compute_isolated`): it takes long
    enough (a tenth of a second to seconds) that, in the server's own process, it would hold
    every other visitor's page while it ran."""

    fn: Callable[..., dict[str, float]]
    outputs: tuple[str, ...]
    runs: str
    in_worker: bool = False

    def parameters(self) -> list[str]:
        return [p for p in inspect.signature(self.fn).parameters if p != "hyper"]

    def check_args(self, names: Sequence[str]) -> str | None:
        """A sentence on what is wrong with these argument names, or None."""
        try:
            inspect.signature(self.fn).bind(**{n: None for n in names})
        except TypeError as exc:
            return f"{exc}; it takes {', '.join(self.parameters())}"
        return None


def _finite(name: str, value: float) -> float:
    value = float(value)
    if not math.isfinite(value):
        raise ValueError(f"{name} is not finite ({value})")
    return value


# --------------------------------------------------------------------------- torch.optim
def optimizer_steps(optimizer: str, lr: float, grads: Sequence[float] | float | None = None,
                    curvature: float | None = None, steps: int = 1, w0: float = 0.0,
                    **hyper: float) -> dict[str, float]:
    """Run a torch.optim optimiser (TuneLab's registry names and defaults) on one float64 weight.

    The gradient of each step is either given (``grads``: one value repeated, or one per step)
    or comes from backpropagating the loss ``curvature / 2 * w**2``. Outputs: ``answer`` (the
    weight after the last step), ``update`` (the last step's change), ``first_update`` and the
    optimiser's state as torch keeps it: ``m`` and ``v`` (Adam's ``exp_avg`` and
    ``exp_avg_sq``), ``buf`` (SGD's ``momentum_buffer``), ``state_sum`` (Adagrad),
    ``square_avg`` (RMSprop).
    """
    import torch

    from engine.optim.training import TrainConfig, make_optimizer

    steps = int(steps)
    if not 1 <= steps <= 1000:
        raise ValueError(f"steps must be from 1 to 1000, got {steps}")
    if (grads is None) == (curvature is None):
        raise ValueError("give either grads or curvature")
    if grads is not None:
        gs = [float(g) for g in (grads if isinstance(grads, (list, tuple)) else [grads])]
        if len(gs) == 1:
            gs = gs * steps
        if len(gs) != steps:
            raise ValueError(f"{len(gs)} gradients given for {steps} steps")
    w = torch.tensor([float(w0)], dtype=torch.float64, requires_grad=True)
    opt = make_optimizer([w], TrainConfig(optimizer, float(lr), dict(hyper)))
    history = [float(w0)]
    for t in range(steps):
        opt.zero_grad()
        if grads is not None:
            w.grad = torch.tensor([gs[t]], dtype=torch.float64)
        else:
            (0.5 * float(curvature) * w * w).sum().backward()
        opt.step()
        history.append(float(w.detach()[0]))
    state = opt.state[w]
    out = {"answer": history[-1], "update": history[-1] - history[-2], "first_update": history[1] - history[0]}
    for ours, theirs in (("m", "exp_avg"), ("v", "exp_avg_sq"), ("buf", "momentum_buffer"),
                         ("state_sum", "sum"), ("square_avg", "square_avg")):
        if theirs in state and state[theirs] is not None:
            out[ours] = float(state[theirs][0])
    return {k: _finite(k, v) for k, v in out.items()}


def _scheduler(opt, schedule: str, params: dict[str, Any]):
    from torch.optim import lr_scheduler as S

    p = dict(params)
    if schedule == "step":
        return S.StepLR(opt, step_size=int(p.pop("step_size")), gamma=p.pop("gamma", 0.1)), p
    if schedule == "multistep":
        return S.MultiStepLR(opt, milestones=[int(m) for m in p.pop("milestones")], gamma=p.pop("gamma", 0.1)), p
    if schedule == "exponential":
        return S.ExponentialLR(opt, gamma=p.pop("gamma")), p
    if schedule == "cosine":
        return S.CosineAnnealingLR(opt, T_max=int(p.pop("T_max")), eta_min=p.pop("eta_min", 0.0)), p
    if schedule == "linear":
        return S.LinearLR(opt, start_factor=p.pop("start_factor", 1 / 3), end_factor=p.pop("end_factor", 1.0),
                          total_iters=int(p.pop("total_iters", 5))), p
    if schedule == "polynomial":
        return S.PolynomialLR(opt, total_iters=int(p.pop("total_iters", 5)), power=p.pop("power", 1.0)), p
    if schedule == "one_cycle":
        return S.OneCycleLR(opt, max_lr=opt.param_groups[0]["lr"], total_steps=int(p.pop("total_steps")),
                            pct_start=p.pop("pct_start", 0.3), div_factor=p.pop("div_factor", 25.0),
                            final_div_factor=p.pop("final_div_factor", 1e4),
                            anneal_strategy=p.pop("anneal_strategy", "cos"), cycle_momentum=False), p
    if schedule == "warmup_cosine":
        warmup, total = int(p.pop("warmup")), int(p.pop("total"))
        first = S.LinearLR(opt, start_factor=p.pop("start_factor", 1.0 / max(warmup, 1)), end_factor=1.0,
                           total_iters=warmup)
        second = S.CosineAnnealingLR(opt, T_max=total - warmup, eta_min=p.pop("eta_min", 0.0))
        return S.SequentialLR(opt, [first, second], milestones=[warmup]), p
    if schedule == "warm_restarts":
        return S.CosineAnnealingWarmRestarts(opt, T_0=int(p.pop("T_0")), T_mult=int(p.pop("T_mult", 1)),
                                             eta_min=p.pop("eta_min", 0.0)), p
    if schedule == "cyclic":
        lr = opt.param_groups[0]["lr"]
        return S.CyclicLR(opt, base_lr=p.pop("base_lr"), max_lr=lr, step_size_up=int(p.pop("step_size_up")),
                          mode=p.pop("mode", "triangular"), cycle_momentum=False), p
    raise ValueError(f"unknown schedule '{schedule}'")


def schedule_lr(schedule: str, lr0: float, at: int, **params: Any) -> dict[str, float]:
    """The learning rate a torch.optim.lr_scheduler gives after ``at`` calls to ``step()``.

    Schedules: ``step`` (StepLR), ``multistep`` (MultiStepLR), ``exponential`` (ExponentialLR),
    ``cosine`` (CosineAnnealingLR), ``linear`` (LinearLR), ``polynomial`` (PolynomialLR),
    ``one_cycle`` (OneCycleLR with max_lr = lr0), ``warmup_cosine`` (SequentialLR of a LinearLR
    warm-up and a CosineAnnealingLR), ``warm_restarts`` (CosineAnnealingWarmRestarts), ``cyclic``
    (CyclicLR with max_lr = lr0). Parameters use torch's names. Output: ``answer``.
    """
    import warnings

    import torch

    at = int(at)
    if not 0 <= at <= 100_000:
        raise ValueError(f"at must be from 0 to 100000, got {at}")
    w = torch.zeros(1, requires_grad=True)
    opt = torch.optim.SGD([w], lr=float(lr0))
    sched, unused = _scheduler(opt, schedule, params)
    if unused:
        raise ValueError(f"schedule '{schedule}' does not take {', '.join(sorted(unused))}")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # SequentialLR's internal step warns; the values are torch's
        for _ in range(at):
            opt.step()
            sched.step()
    return {"answer": _finite("learning rate", opt.param_groups[0]["lr"])}


# --------------------------------------------------------------------------- scikit-learn
@lru_cache(maxsize=1)
def _counting_estimator():
    from sklearn.base import BaseEstimator, ClassifierMixin

    class Counting(ClassifierMixin, BaseEstimator):
        """Counts every call to ``fit`` (class-wide): what a search really trains."""

        fits = 0

        def __init__(self, a=0, b=0, c=0, d=0):
            self.a, self.b, self.c, self.d = a, b, c, d

        def fit(self, X, y):
            import numpy as np

            type(self).fits += 1
            self.classes_ = np.unique(y)
            return self

        def predict(self, X):
            import numpy as np

            return np.full(len(X), self.classes_[0])

    return Counting


#: the most fits :func:`cv_fits` counts (each is a real scikit-learn fit, about 1.5 ms: a few
#: seconds); the banks' largest is a nested search of about 1,300
MAX_COUNTED_FITS = 5_000


def cv_fits(grid_sizes: Sequence[int] | int = (), folds: int = 5, search: str = "grid", n_iter: int = 10,
            refit: bool = True, outer_folds: int | None = None, n_samples: int = 200) -> dict[str, float]:
    """Count the model fits scikit-learn's GridSearchCV / RandomizedSearchCV really makes.

    The grid has one hyperparameter per entry of ``grid_sizes`` with that many values; a
    random search draws ``n_iter`` candidates from it. With ``outer_folds`` the search is
    nested inside ``cross_val_score`` (nested cross-validation). Outputs: ``answer`` (fits),
    ``candidates`` (configurations one search compares).
    """
    import numpy as np
    from sklearn.model_selection import GridSearchCV, KFold, RandomizedSearchCV, cross_val_score

    sizes = [int(s) for s in (grid_sizes if isinstance(grid_sizes, (list, tuple)) else [grid_sizes])]
    if not 1 <= len(sizes) <= 4 or any(not 1 <= s <= 20 for s in sizes):
        raise ValueError("grid_sizes: one to four hyperparameters of 1 to 20 values each")
    if not 2 <= int(folds) <= 20 or (outer_folds is not None and not 2 <= int(outer_folds) <= 20):
        raise ValueError("folds must be from 2 to 20")
    # a class of its own per call, so its count is this call's: with one class shared, two
    # visitors' pages drawing such a question at once counted each other's fits (a wrong key)
    Counting = type("Counting", (_counting_estimator(),), {"fits": 0})
    candidates = math.prod(sizes) if search == "grid" else min(int(n_iter), math.prod(sizes))
    planned = (candidates * int(folds) + bool(refit)) * (int(outer_folds) if outer_folds is not None else 1)
    if planned > MAX_COUNTED_FITS:
        raise ValueError(f"that search would fit the model about {planned:,} times; at most "
                         f"{MAX_COUNTED_FITS:,} are counted")
    grid = {name: list(range(s)) for name, s in zip("abcd", sizes)}
    X = np.arange(n_samples, dtype=float).reshape(-1, 1)
    y = np.arange(n_samples) % 2
    inner = KFold(int(folds))
    if search == "grid":
        est = GridSearchCV(Counting(), grid, cv=inner, refit=refit)
    elif search == "random":
        # no more candidates than the grid holds: scikit-learn cuts n_iter so itself, and warns each time
        # (the capped question's point: the server's log filled with it); a test holds the cut to its own
        est = RandomizedSearchCV(Counting(), grid, n_iter=candidates, cv=inner, refit=refit, random_state=0)
    else:
        raise ValueError(f"search must be grid or random, got '{search}'")
    if outer_folds is None:
        est.fit(X, y)
        candidates = len(est.cv_results_["params"])
    else:
        cross_val_score(est, X, y, cv=KFold(int(outer_folds)))
        probe = GridSearchCV(Counting(), grid, cv=inner, refit=False) if search == "grid" else est
        before = Counting.fits
        probe.fit(X, y)
        candidates = len(probe.cv_results_["params"])
        Counting.fits = before
    return {"answer": float(Counting.fits), "candidates": float(candidates)}


def split_sizes(n: int, k: int, fold: int = 0, kind: str = "kfold", n_positive: int | None = None,
                shuffle: bool = False, seed: int = 0, gap: int = 0) -> dict[str, float]:
    """Sizes of one split of a scikit-learn splitter: ``kfold`` (KFold), ``stratified``
    (StratifiedKFold; the first ``n_positive`` samples are the positive class) or
    ``timeseries`` (TimeSeriesSplit with ``gap``). ``fold`` counts from 0. Outputs:
    ``train_size``, ``test_size``, ``test_positives``, ``answer`` (= test_size)."""
    import numpy as np
    from sklearn.model_selection import KFold, StratifiedKFold, TimeSeriesSplit

    n, k, fold = int(n), int(k), int(fold)
    y = np.zeros(n, dtype=int)
    if n_positive is not None:
        y[: int(n_positive)] = 1
    X = np.zeros((n, 1))
    if kind == "kfold":
        splitter = KFold(k, shuffle=bool(shuffle), random_state=int(seed) if shuffle else None)
    elif kind == "stratified":
        splitter = StratifiedKFold(k, shuffle=bool(shuffle), random_state=int(seed) if shuffle else None)
    elif kind == "timeseries":
        splitter = TimeSeriesSplit(k, gap=int(gap))
    else:
        raise ValueError(f"kind must be kfold, stratified or timeseries, got '{kind}'")
    splits = list(splitter.split(X, y))
    if not 0 <= fold < len(splits):
        raise ValueError(f"fold must be from 0 to {len(splits) - 1}, got {fold}")
    train, test = splits[fold]
    return {"train_size": float(len(train)), "test_size": float(len(test)),
            "test_positives": float(y[test].sum()), "answer": float(len(test))}


def _labels_from_counts(tp: int, fp: int, fn: int, tn: int):
    import numpy as np

    y_true = np.array([1] * int(tp) + [0] * int(fp) + [1] * int(fn) + [0] * int(tn))
    y_pred = np.array([1] * int(tp) + [1] * int(fp) + [0] * int(fn) + [0] * int(tn))
    return y_true, y_pred


def binary_metrics(tp: int, fp: int, fn: int, tn: int) -> dict[str, float]:
    """scikit-learn's binary metrics on labels rebuilt from a confusion matrix. Outputs:
    ``precision``, ``recall``, ``specificity``, ``f1``, ``f2``, ``f05``, ``accuracy``,
    ``balanced_accuracy``, ``mcc``."""
    from sklearn import metrics as M

    y, p = _labels_from_counts(tp, fp, fn, tn)
    z = {"zero_division": 0}
    return {
        "precision": M.precision_score(y, p, **z), "recall": M.recall_score(y, p, **z),
        "specificity": M.recall_score(y, p, pos_label=0, **z), "f1": M.f1_score(y, p, **z),
        "f2": M.fbeta_score(y, p, beta=2, **z), "f05": M.fbeta_score(y, p, beta=0.5, **z),
        "accuracy": M.accuracy_score(y, p), "balanced_accuracy": M.balanced_accuracy_score(y, p),
        "mcc": M.matthews_corrcoef(y, p),
    }


def multiclass_metrics(matrix: Sequence[int]) -> dict[str, float]:
    """scikit-learn's averaged metrics on labels rebuilt from a square confusion matrix, given
    row by row (rows: true class, columns: predicted). Outputs: ``macro_f1``, ``micro_f1``,
    ``weighted_f1``, ``macro_precision``, ``macro_recall``, ``accuracy``."""
    import numpy as np
    from sklearn import metrics as M

    counts = [int(c) for c in matrix]
    k = int(round(math.sqrt(len(counts))))
    if k * k != len(counts) or k < 2:
        raise ValueError(f"matrix must list k*k counts (k >= 2), got {len(counts)}")
    y, p = [], []
    for i in range(k):
        for j in range(k):
            y += [i] * counts[i * k + j]
            p += [j] * counts[i * k + j]
    y, p = np.array(y), np.array(p)
    z = {"zero_division": 0}
    return {
        "macro_f1": M.f1_score(y, p, average="macro", **z), "micro_f1": M.f1_score(y, p, average="micro", **z),
        "weighted_f1": M.f1_score(y, p, average="weighted", **z),
        "macro_precision": M.precision_score(y, p, average="macro", **z),
        "macro_recall": M.recall_score(y, p, average="macro", **z), "accuracy": M.accuracy_score(y, p),
    }


def regression_metrics(y_true: Sequence[float], y_pred: Sequence[float]) -> dict[str, float]:
    """scikit-learn's regression errors. Outputs: ``mse``, ``rmse``, ``mae``, ``r2``."""
    from sklearn import metrics as M

    if len(y_true) != len(y_pred) or len(y_true) < 2:
        raise ValueError("y_true and y_pred must have the same length, at least 2")
    mse = M.mean_squared_error(y_true, y_pred)
    return {"mse": mse, "rmse": M.root_mean_squared_error(y_true, y_pred),
            "mae": M.mean_absolute_error(y_true, y_pred), "r2": M.r2_score(y_true, y_pred)}


def ranking_scores(pos_scores: Sequence[float], neg_scores: Sequence[float]) -> dict[str, float]:
    """scikit-learn's ROC AUC and average precision for the scores of positives and negatives.
    Outputs: ``roc_auc``, ``average_precision``."""
    from sklearn import metrics as M

    y = [1] * len(pos_scores) + [0] * len(neg_scores)
    s = [float(v) for v in [*pos_scores, *neg_scores]]
    return {"roc_auc": M.roc_auc_score(y, s), "average_precision": M.average_precision_score(y, s)}


def log_loss(probs: Sequence[float], labels: Sequence[int]) -> dict[str, float]:
    """scikit-learn's log loss for predicted probabilities of the positive class. Output: ``answer``."""
    from sklearn import metrics as M

    return {"answer": M.log_loss([int(v) for v in labels], [float(v) for v in probs], labels=[0, 1])}


# --------------------------------------------------------------------------- torch
def cross_entropy(logits: Sequence[float], target: int) -> dict[str, float]:
    """torch's cross-entropy of one example. Outputs: ``answer`` (the loss), ``prob`` (the
    softmax probability of the target class)."""
    import torch

    z = torch.tensor([[float(v) for v in logits]], dtype=torch.float64)
    t = int(target)
    if not 0 <= t < z.shape[1]:
        raise ValueError(f"target must be a class index from 0 to {z.shape[1] - 1}")
    loss = torch.nn.functional.cross_entropy(z, torch.tensor([t]))
    return {"answer": float(loss), "prob": float(torch.softmax(z, 1)[0, t])}


def mlp_parameters(n_in: int, hidden: Sequence[int] | int, n_out: int, bias: bool = True) -> dict[str, float]:
    """The number of trainable parameters torch counts in an MLP of ``nn.Linear`` layers. Output: ``answer``."""
    import torch

    widths = [int(n_in), *[int(h) for h in (hidden if isinstance(hidden, (list, tuple)) else [hidden])], int(n_out)]
    if any(not 1 <= w <= 100_000 for w in widths):
        raise ValueError("layer widths must be from 1 to 100000")
    layers = [torch.nn.Linear(a, b, bias=bool(bias), device="meta") for a, b in zip(widths, widths[1:])]
    return {"answer": float(sum(p.numel() for layer in layers for p in layer.parameters()))}


def loader_steps(n: int, batch_size: int, epochs: int = 1, drop_last: bool = False) -> dict[str, float]:
    """Optimiser steps a ``torch.utils.data.DataLoader`` gives. Outputs: ``per_epoch``, ``answer`` (all epochs)."""
    from torch.utils.data import DataLoader

    per = len(DataLoader(range(int(n)), batch_size=int(batch_size), drop_last=bool(drop_last)))
    return {"per_epoch": float(per), "answer": float(per * int(epochs))}


def clip_gradients(grads: Sequence[float], max_norm: float) -> dict[str, float]:
    """``torch.nn.utils.clip_grad_norm_`` on one gradient vector. Outputs: ``total_norm`` (before
    clipping), ``first`` (the first component after clipping), ``answer`` (the norm after)."""
    import torch

    w = torch.zeros(len(grads), dtype=torch.float64, requires_grad=True)
    w.grad = torch.tensor([float(g) for g in grads], dtype=torch.float64)
    total = torch.nn.utils.clip_grad_norm_([w], float(max_norm))
    return {"total_norm": float(total), "first": float(w.grad[0]), "answer": float(w.grad.norm())}


#: name -> the computation, its outputs, what it runs
REFERENCE: dict[str, Reference] = {
    "optimizer_steps": Reference(optimizer_steps, ("answer", "update", "first_update", "m", "v", "buf",
                                                   "state_sum", "square_avg"), "torch.optim"),
    "schedule_lr": Reference(schedule_lr, ("answer",), "torch.optim.lr_scheduler"),
    # hundreds of real fits: 0.1 to 2 s for the banks' questions
    "cv_fits": Reference(cv_fits, ("answer", "candidates"), "scikit-learn GridSearchCV / RandomizedSearchCV",
                         in_worker=True),
    "split_sizes": Reference(split_sizes, ("answer", "train_size", "test_size", "test_positives"),
                             "scikit-learn KFold / StratifiedKFold / TimeSeriesSplit"),
    "binary_metrics": Reference(binary_metrics, ("precision", "recall", "specificity", "f1", "f2", "f05",
                                                 "accuracy", "balanced_accuracy", "mcc"), "sklearn.metrics"),
    "multiclass_metrics": Reference(multiclass_metrics, ("macro_f1", "micro_f1", "weighted_f1", "macro_precision",
                                                         "macro_recall", "accuracy"), "sklearn.metrics"),
    "regression_metrics": Reference(regression_metrics, ("mse", "rmse", "mae", "r2"), "sklearn.metrics"),
    "ranking_scores": Reference(ranking_scores, ("roc_auc", "average_precision"), "sklearn.metrics"),
    "log_loss": Reference(log_loss, ("answer",), "sklearn.metrics.log_loss"),
    "cross_entropy": Reference(cross_entropy, ("answer", "prob"), "torch.nn.functional.cross_entropy"),
    "mlp_parameters": Reference(mlp_parameters, ("answer",), "torch.nn.Linear"),
    "loader_steps": Reference(loader_steps, ("answer", "per_epoch"), "torch.utils.data.DataLoader"),
    "clip_gradients": Reference(clip_gradients, ("answer", "total_norm", "first"),
                                "torch.nn.utils.clip_grad_norm_"),
}


def compute(fn: str, args: dict[str, Any]) -> dict[str, float]:
    """Run one reference computation; every output is a finite float.

    Raises
    ------
    ValueError
        For an unknown computation, arguments it does not take, or values it rejects.
    """
    try:
        ref = REFERENCE[fn]
    except KeyError:
        raise ValueError(f"unknown computation '{fn}'; known: {', '.join(REFERENCE)}") from None
    problem = ref.check_args(list(args))
    if problem:
        raise ValueError(f"{fn}: {problem}")
    try:
        out = ref.fn(**args)
    except (TypeError, KeyError) as exc:
        raise ValueError(f"{fn}: {exc}") from None
    return {k: _finite(k, v) for k, v in out.items()}


def compute_isolated(fn: str, args: dict[str, Any]) -> dict[str, float]:
    """:func:`compute` as a server runs it: an entry marked ``in_worker`` in a worker process
    (:func:`engine.jobs.run_job`, the question lane), and each such result kept by its
    arguments (the computations are pure: the same arguments give the same outputs).

    A page's script thread then waits without holding the interpreter: counting the fits of a
    search took 0.1 to 2 s, during which every other visitor's page waited too.

    Raises
    ------
    ValueError
        As :func:`compute`.
    """
    ref = REFERENCE.get(fn)
    if ref is None or not ref.in_worker:
        return compute(fn, args)
    return dict(_computed_in_worker(fn, json.dumps(args, sort_keys=True)))


@lru_cache(maxsize=1024)
def _computed_in_worker(fn: str, args_json: str) -> tuple[tuple[str, float], ...]:
    from engine.jobs import run_job
    from engine.limits import allowance

    # the search ceiling's CPU allowance is a backstop: MAX_COUNTED_FITS keeps a count to seconds
    out = run_job(_compute_job, fn, json.loads(args_json), lane="question", cpu_seconds=allowance(None, "search"))
    return tuple(out.items())


def _compute_job(fn: str, args: dict[str, Any], emit: Callable[..., None]) -> dict[str, float]:
    return compute(fn, args)
