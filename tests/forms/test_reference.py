"""Generated answers held to the reference: for every generated question of the shipped banks and
several seeds, the answer the engine serves (computed by torch / scikit-learn) equals an
independent closed-form computation written here from the libraries' documentation."""

from __future__ import annotations

import math

import numpy as np
import pytest

from engine.content.loader import load_library
from engine.forms.instance import draw
from engine.forms.reference import REFERENCE, compute
from engine.forms.template import bind_args
from tests.conftest import ROOT

LIB = load_library([ROOT / "content"])
GENERATED = [q for q in LIB.questions if q.variables is not None]
SEEDS = (0, 1, 2, 3, 4)

# torch.optim defaults as TuneLab's registry names them
DEFAULTS = {
    "sgd": {"momentum": 0.0, "weight_decay": 0.0},
    "momentum": {"momentum": 0.9, "weight_decay": 0.0},
    "nesterov": {"momentum": 0.9, "weight_decay": 0.0},
    "adagrad": {"eps": 1e-10, "weight_decay": 0.0},
    "rmsprop": {"alpha": 0.99, "eps": 1e-8, "weight_decay": 0.0},
    "adam": {"beta1": 0.9, "beta2": 0.999, "eps": 1e-8, "weight_decay": 0.0},
    "adamw": {"beta1": 0.9, "beta2": 0.999, "eps": 1e-8, "weight_decay": 0.01},
}


def optimizer_by_hand(optimizer, lr, grads=None, curvature=None, steps=1, w0=0.0, **hyper):
    h = {**DEFAULTS[optimizer], **hyper}
    w, hist = float(w0), [float(w0)]
    gs = list(grads) if isinstance(grads, list) else [grads] * steps if grads is not None else None
    if gs is not None and len(gs) == 1:
        gs = gs * steps
    m = v = buf = acc = 0.0
    out = {}
    for t in range(1, steps + 1):
        g = gs[t - 1] if gs is not None else curvature * w
        if optimizer in ("sgd", "momentum", "nesterov"):
            g += h["weight_decay"] * w
            if h["momentum"]:
                buf = g if t == 1 else h["momentum"] * buf + g
                out["buf"] = buf
                g = g + h["momentum"] * buf if optimizer == "nesterov" else buf
            w -= lr * g
        elif optimizer == "adagrad":
            acc += g * g
            out["state_sum"] = acc
            w -= lr * g / (math.sqrt(acc) + h["eps"])
        elif optimizer == "rmsprop":
            v = h["alpha"] * v + (1 - h["alpha"]) * g * g
            out["square_avg"] = v
            w -= lr * g / (math.sqrt(v) + h["eps"])
        else:  # adam, adamw
            b1, b2 = h["beta1"], h["beta2"]
            if optimizer == "adamw":
                w *= 1 - lr * h["weight_decay"]
            else:
                g += h["weight_decay"] * w
            m = b1 * m + (1 - b1) * g
            v = b2 * v + (1 - b2) * g * g
            out["m"], out["v"] = m, v
            m_hat, v_hat = m / (1 - b1**t), v / (1 - b2**t)
            w -= lr * m_hat / (math.sqrt(v_hat) + h["eps"])
        hist.append(w)
    return {**out, "answer": w, "update": hist[-1] - hist[-2], "first_update": hist[1] - hist[0]}


def schedule_by_hand(schedule, lr0, at, **p):
    t = at
    if schedule == "step":
        return lr0 * p.get("gamma", 0.1) ** (t // p["step_size"])
    if schedule == "multistep":
        return lr0 * p.get("gamma", 0.1) ** sum(t >= m for m in p["milestones"])
    if schedule == "exponential":
        return lr0 * p["gamma"] ** t
    if schedule == "cosine":
        eta = p.get("eta_min", 0.0)
        return eta + (lr0 - eta) * (1 + math.cos(math.pi * t / p["T_max"])) / 2
    if schedule == "linear":
        sf, n = p.get("start_factor", 1 / 3), p.get("total_iters", 5)
        return lr0 * (sf + (p.get("end_factor", 1.0) - sf) * min(t, n) / n)
    if schedule == "polynomial":
        n = p.get("total_iters", 5)
        return lr0 * (1 - min(t, n) / n) ** p.get("power", 1.0)
    if schedule == "warmup_cosine":
        w, total = p["warmup"], p["total"]
        if t < w:
            return lr0 * (1 / w + (1 - 1 / w) * t / w)
        return lr0 * (1 + math.cos(math.pi * (t - w) / (total - w))) / 2
    if schedule == "one_cycle":
        total, pct = p["total_steps"], p.get("pct_start", 0.3)
        start, low = lr0 / 25, lr0 / 25 / 1e4
        up_end = pct * total - 1

        def cos(a, b, frac):
            return b + (a - b) / 2 * (1 + math.cos(math.pi * frac))

        if t <= up_end:
            return cos(start, lr0, t / up_end)
        return cos(lr0, low, (t - up_end) / (total - 1 - up_end))
    if schedule == "warm_restarts":
        eta, length, t = p.get("eta_min", 0.0), p["T_0"], at
        while t >= length:  # each restart begins a cycle T_mult times as long as the one before
            t, length = t - length, length * p.get("T_mult", 1)
        return eta + (lr0 - eta) * (1 + math.cos(math.pi * t / length)) / 2
    if schedule == "cyclic":
        base, up = p["base_lr"], p["step_size_up"]
        cycle = math.floor(1 + t / (2 * up))
        x = abs(t / up - 2 * cycle + 1)
        return base + (lr0 - base) * max(0.0, 1 - x)
    raise AssertionError(schedule)


def by_hand(fn: str, a: dict) -> dict:
    if fn == "optimizer_steps":
        return optimizer_by_hand(**a)
    if fn == "schedule_lr":
        return {"answer": schedule_by_hand(**a)}
    if fn == "cv_fits":
        # a random search over lists alone draws distinct cells, so never more than the grid holds
        cands = math.prod(a["grid_sizes"]) if a.get("search", "grid") == "grid" else min(a["n_iter"],
                                                                                         math.prod(a["grid_sizes"]))
        one = cands * a["folds"] + 1
        return {"answer": one * a.get("outer_folds", 1), "candidates": cands}
    if fn == "split_sizes":
        n, k = a["n"], a["k"]
        if a.get("kind", "kfold") == "timeseries":
            size = n // (k + 1)
            return {"train_size": n - k * size - a.get("gap", 0), "test_size": size}
        test = n // k + (1 if 0 < n % k else 0)
        out = {"test_size": test, "answer": test, "train_size": n - test}
        if a.get("kind") == "stratified":
            out["test_positives"] = {math.floor(a["n_positive"] / k), math.ceil(a["n_positive"] / k)}
        return out
    if fn == "binary_metrics":
        tp, fp, fn_, tn = a["tp"], a["fp"], a["fn"], a["tn"]
        p, r = tp / (tp + fp), tp / (tp + fn_)
        return {"precision": p, "recall": r, "f1": 2 * tp / (2 * tp + fp + fn_),
                "accuracy": (tp + tn) / (tp + fp + fn_ + tn)}
    if fn == "multiclass_metrics":
        c = np.array(a["matrix"], dtype=float).reshape(3, 3)
        tp = np.diag(c)
        f1 = 2 * tp / (c.sum(0) + c.sum(1))
        return {"macro_f1": f1.mean(), "micro_f1": tp.sum() / c.sum(),
                "weighted_f1": (f1 * c.sum(1)).sum() / c.sum()}
    if fn == "regression_metrics":
        e = np.array(a["y_true"], float) - np.array(a["y_pred"], float)
        return {"mse": (e**2).mean(), "rmse": math.sqrt((e**2).mean()), "mae": abs(e).mean()}
    if fn == "ranking_scores":
        pairs = [(p > q) + 0.5 * (p == q) for p in a["pos_scores"] for q in a["neg_scores"]]
        return {"roc_auc": sum(pairs) / len(pairs)}
    if fn == "log_loss":
        return {"answer": -np.mean([math.log(p if y else 1 - p) for p, y in zip(a["probs"], a["labels"])])}
    if fn == "cross_entropy":
        z = np.array(a["logits"], float)
        lse = math.log(np.exp(z).sum())
        return {"answer": lse - z[a["target"]], "prob": math.exp(z[a["target"]] - lse)}
    if fn == "mlp_parameters":
        widths = [a["n_in"], *a["hidden"], a["n_out"]]
        return {"answer": sum(x * y + y for x, y in zip(widths, widths[1:]))}
    if fn == "loader_steps":
        per = a["n"] // a["batch_size"] if a.get("drop_last") else math.ceil(a["n"] / a["batch_size"])
        return {"per_epoch": per, "answer": per * a.get("epochs", 1)}
    if fn == "clip_gradients":
        g = np.array(a["grads"], float)
        norm = float(np.linalg.norm(g))
        scale = min(1.0, a["max_norm"] / (norm + 1e-6))
        return {"total_norm": norm, "first": g[0] * scale, "answer": norm * scale}
    raise AssertionError(f"no hand computation for {fn}")


def numeric_answers(q):
    out = [q.answer] if q.type == "numeric" else []
    return out + [s.answer for s in q.steps or [] if s.type == "numeric"]


def test_there_are_at_least_25_generated_templates_and_every_computation_is_used():
    assert len(GENERATED) >= 25
    assert {q.compute.fn for q in GENERATED} == set(REFERENCE)


@pytest.mark.parametrize("q", GENERATED, ids=lambda q: q.id)
def test_served_answers_equal_the_hand_computation_on_several_seeds(q):
    variants = set()
    for seed in SEEDS:
        inst = draw(q, seed)
        assert inst.question.prompt == draw(q, seed).question.prompt  # the seed reproduces the variant
        variants.add(inst.question.prompt)
        args = bind_args(q.compute.args, inst.values)
        hand = by_hand(q.compute.fn, args)
        for template, served in zip(numeric_answers(q), numeric_answers(inst.question)):
            if template.value is not None:
                continue
            name = template.output or "answer"
            expected = hand[name]
            if isinstance(expected, set):  # a count that may round either way
                assert served.value in expected, (seed, name, served.value, expected)
            else:
                assert served.value == pytest.approx(expected, rel=1e-5, abs=1e-7), (seed, inst.values, name)
    assert len(variants) >= 3, "retrying should give new numbers"


def test_compute_refuses_bad_calls_with_one_sentence():
    with pytest.raises(ValueError, match="unknown computation 'nope'"):
        compute("nope", {})
    with pytest.raises(ValueError, match="schedule_lr: .*it takes schedule, lr0, at"):
        compute("schedule_lr", {"schedule": "step", "lr0": 0.1})
    with pytest.raises(ValueError, match="give either grads or curvature"):
        compute("optimizer_steps", {"optimizer": "sgd", "lr": 0.1})
    with pytest.raises(ValueError, match="unknown optimizer|choose one of"):
        compute("optimizer_steps", {"optimizer": "lion", "lr": 0.1, "grads": [1.0]})
