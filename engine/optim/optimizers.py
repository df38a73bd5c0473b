"""Vectorised optimisers that follow torch.optim's algorithms step for step.

Each optimiser updates a batch of parameter vectors ``P`` of shape ``(n, d)`` in place, one
row per configuration; every hyperparameter is a column ``(n, 1)`` so a single call steps many
learning rates, momenta or betas at once. The arithmetic mirrors torch.optim's single-tensor
code paths operation for operation (``lerp`` for Adam's first moment, ``addcdiv`` as
``(value * a) / b``), so trajectories agree with torch.optim in float64 to ~1e-12 (the tests
hold them to 1e-6 over 500 steps).

The registry uses torch.optim's parameter names and defaults. Two entries are torch.optim.SGD
with settings fixed: ``momentum`` (momentum 0.9) and ``nesterov`` (momentum 0.9, nesterov=True).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from engine.text import number, quoted

State = dict[str, Any]
Hyper = dict[str, np.ndarray]


# --------------------------------------------------------------------------- algorithms
def sgd_step(P: np.ndarray, G: np.ndarray, lr: np.ndarray, h: Hyper, s: State, t: int) -> None:
    r"""SGD with optional momentum, dampening, Nesterov and L2 weight decay.

    .. math::
        g &\leftarrow \nabla f(p) + \lambda p \\
        b_1 &= g, \quad b_t = \mu b_{t-1} + (1 - \tau) g \\
        p &\leftarrow p - \eta (g + \mu b_t) \text{ (Nesterov) or } p - \eta b_t
    """
    g = G + h["weight_decay"] * P if s["decay"] else G
    if s["momentum"]:
        if t == 1:
            buf = s["buf"] = g.copy()
        else:
            buf = s["buf"]
            buf *= h["momentum"]
            buf += (1 - h.get("dampening", 0.0)) * g
        g = g + h["momentum"] * buf if s["nesterov"] else buf
    P += -lr * g


def adagrad_step(P: np.ndarray, G: np.ndarray, lr: np.ndarray, h: Hyper, s: State, t: int) -> None:
    r"""Adagrad: divide by the root of the running *sum* of squared gradients.

    .. math::
        \eta_t = \eta / (1 + (t - 1)\,\text{lr\_decay}), \quad
        S \leftarrow S + g^2, \quad p \leftarrow p - \eta_t\, g / (\sqrt{S} + \epsilon)
    """
    g = G + h["weight_decay"] * P if s["decay"] else G
    clr = lr / (1 + (t - 1) * h["lr_decay"])
    s["sum"] += g * g
    std = np.sqrt(s["sum"]) + h["eps"]
    P += (-clr * g) / std


def rmsprop_step(P: np.ndarray, G: np.ndarray, lr: np.ndarray, h: Hyper, s: State, t: int) -> None:
    r"""RMSprop: divide by the root of an exponential *average* of squared gradients.

    .. math::
        v \leftarrow \alpha v + (1 - \alpha) g^2, \quad
        p \leftarrow p - \eta\, g / (\sqrt{v} + \epsilon)

    With ``centered`` the running mean of g is subtracted from v; with ``momentum`` the
    scaled gradient feeds a velocity buffer.
    """
    g = G + h["weight_decay"] * P if s["decay"] else G
    alpha = h["alpha"]
    sq = s["square_avg"]
    sq *= alpha
    sq += ((1 - alpha) * g) * g
    if s["centered"]:
        ga = s["grad_avg"]
        ga += (1 - alpha) * (g - ga)  # torch: grad_avg.lerp_(grad, 1 - alpha)
        avg = np.sqrt(sq - ga * ga)
    else:
        avg = np.sqrt(sq)
    avg += h["eps"]
    if s["momentum"]:
        buf = s["buf"]
        buf *= h["momentum"]
        buf += g / avg
        P += -lr * buf
    else:
        P += (-lr * g) / avg


def adam_step(P: np.ndarray, G: np.ndarray, lr: np.ndarray, h: Hyper, s: State, t: int) -> None:
    r"""Adam and AdamW (decoupled weight decay), with optional AMSGrad.

    .. math::
        m &\leftarrow \beta_1 m + (1 - \beta_1) g, \quad v \leftarrow \beta_2 v + (1 - \beta_2) g^2 \\
        p &\leftarrow p - \frac{\eta}{1 - \beta_1^t}\,
            \frac{m}{\sqrt{v} / \sqrt{1 - \beta_2^t} + \epsilon}

    Adam adds ``weight_decay * p`` to the gradient (L2); AdamW instead shrinks the weights
    first, ``p <- p (1 - lr * weight_decay)``, so the decay is not rescaled by 1/sqrt(v).
    """
    b1, b2 = h["beta1"], h["beta2"]
    if s["decoupled"]:
        P *= 1 - lr * h["weight_decay"]
        g = G
    else:
        g = G + h["weight_decay"] * P if s["decay"] else G
    m, v = s["exp_avg"], s["exp_avg_sq"]
    m += (1 - b1) * (g - m)  # torch: exp_avg.lerp_(grad, 1 - beta1)
    v *= b2
    v += ((1 - b2) * g) * g
    step_size = lr / (1 - b1**t)
    bc2_sqrt = np.sqrt(1 - b2**t)
    if s["amsgrad"]:
        np.maximum(s["max_exp_avg_sq"], v, out=s["max_exp_avg_sq"])
        denom = np.sqrt(s["max_exp_avg_sq"]) / bc2_sqrt + h["eps"]
    else:
        denom = np.sqrt(v) / bc2_sqrt + h["eps"]
    P += (-step_size * m) / denom


# --------------------------------------------------------------------------- registry
@dataclass(frozen=True)
class OptimizerSpec:
    """An optimiser: torch.optim class, defaults, fixed settings, and its vectorised step."""

    name: str
    title: str
    torch_class: str
    #: tunable hyperparameters (besides lr) with torch.optim's defaults
    defaults: Mapping[str, float]
    #: settings this entry fixes (e.g. nesterov=True); passed to torch as they are
    fixed: Mapping[str, Any]
    default_lr: float
    step: Callable[..., None]
    summary: str

    def hyper(self, **overrides: float) -> dict[str, float]:
        """Defaults merged with ``overrides``, validated as torch.optim does.

        Raises
        ------
        ValueError
            For an unknown name or a value out of range, in one sentence.
        """
        unknown = set(overrides) - set(self.defaults)
        if unknown:
            raise ValueError(
                f"{self.name} has no hyperparameter {', '.join(sorted(unknown))}; "
                f"it takes {', '.join(self.defaults) or 'only lr'}"
            )
        h = {**self.defaults, **{k: float(v) for k, v in overrides.items()}}
        for key, value in h.items():
            check_hyper(key, value)
        if self.fixed.get("nesterov") and (h.get("momentum", 0) <= 0 or h.get("dampening", 0) != 0):
            raise ValueError("Nesterov momentum needs momentum > 0 and dampening = 0")
        return h

    def init_state(self, n: int, d: int, h: Mapping[str, np.ndarray]) -> State:
        z = lambda: np.zeros((n, d))  # noqa: E731
        s: State = {"decay": bool(np.any(h.get("weight_decay", 0) != 0))}
        if self.torch_class == "SGD":
            s.update(
                momentum=bool(np.any(h.get("momentum", 0.0) != 0)),
                nesterov=bool(self.fixed.get("nesterov")),
            )
        elif self.torch_class == "Adagrad":
            s["sum"] = np.zeros((n, d)) + h["initial_accumulator_value"]
        elif self.torch_class == "RMSprop":
            s.update(
                square_avg=z(), grad_avg=z(), buf=z(),
                centered=bool(self.fixed.get("centered")),
                momentum=bool(np.any(h["momentum"] != 0)),
            )
        else:  # Adam, AdamW
            s.update(
                exp_avg=z(), exp_avg_sq=z(), max_exp_avg_sq=z(),
                amsgrad=bool(self.fixed.get("amsgrad")),
                decoupled=self.torch_class == "AdamW",
            )
        return s

    def torch_kwargs(self, lr: float, h: Mapping[str, float]) -> dict[str, Any]:
        """Keyword arguments for ``torch.optim.<torch_class>`` with the same settings."""
        kw: dict[str, Any] = {"lr": lr, **self.fixed}
        for k, v in h.items():
            if k in ("beta1", "beta2"):
                continue
            kw[k] = v
        if "beta1" in h:
            kw["betas"] = (h["beta1"], h["beta2"])
        return kw


#: (lower, upper, upper inclusive?) for every hyperparameter name
RANGES: dict[str, tuple[float, float, bool]] = {
    "momentum": (0.0, 1.0, False),
    "dampening": (0.0, 1.0, True),
    "weight_decay": (0.0, float("inf"), False),
    "eps": (0.0, float("inf"), False),
    "alpha": (0.0, 1.0, False),
    "beta1": (0.0, 1.0, False),
    "beta2": (0.0, 1.0, False),
    "lr_decay": (0.0, float("inf"), False),
    "initial_accumulator_value": (0.0, float("inf"), False),
}


#: no lesson needs more; above ~3e38 torch's float32 parameters cannot even hold lr x gradient
MAX_LR = 1e3
#: below this a rate moves no float32 weight at all, and a denormal such as 5e-324 overflows the
#: log-scale axes that draw it (1 / lr): refused as too small rather than crashing a figure
MIN_LR = 1e-12


def check_lr(lr: float) -> float:
    """Raise ``ValueError`` unless ``lr`` is a finite number in [``MIN_LR``, ``MAX_LR``].

    The messages echo the value as a visitor typed it ("got -1", not "got -1.0"; :func:`engine.text.number`).
    """
    if isinstance(lr, bool) or not isinstance(lr, (int, float, np.floating)):
        raise ValueError(f"learning rate must be a number, got {lr!r}")
    # inf and nan (and '1e400', which float() makes inf) are not "<= 0": say what is wrong with them
    if not np.isfinite(lr):
        raise ValueError(f"learning rate must be a finite number, got {number(lr)}")
    if lr <= 0:
        raise ValueError(f"learning rate must be > 0, got {number(lr)}")
    if lr < MIN_LR:
        raise ValueError(f"learning rate must be at least {MIN_LR:g}, got {number(lr)}")
    if lr > MAX_LR:
        raise ValueError(f"learning rate must be at most {MAX_LR:,.0f}, got {number(lr)}")
    return float(lr)


#: a zero, a comma and digits with no space between: no rate is 0, so "0,1" meant 0.1
DECIMAL_COMMA = re.compile(r"(?<![\d.eE])0,\d+")


def parse_lrs(text: str) -> list[float]:
    """Learning rates typed as '0.01, 0.1, 1e-3'.

    Raises
    ------
    ValueError
        For an empty list, a non-number, or a rate ``check_lr`` refuses (not finite, not > 0,
        or outside [``MIN_LR``, ``MAX_LR``]).
    """
    values = []
    if len(text) > 1000:
        raise ValueError("the list of learning rates is too long: give a few rates, separated by commas")
    # "0,1" is a decimal comma, not the rates 0 and 1 (a walk-through was told "must be > 0, got 0")
    if comma := DECIMAL_COMMA.search(text):
        raise ValueError(f"write decimals with a point, {quoted(comma.group().replace(',', '.'))} rather than "
                         f"{quoted(comma.group())}: commas separate the rates")
    for part in text.replace(";", ",").split(","):
        part = part.strip()
        if not part:
            continue
        try:
            v = float(part)
        except ValueError:
            raise ValueError(f"'{quoted(part)}' is not a number") from None
        values.append(check_lr(v))  # one rule and its words for typed and linked rates
    if not values:
        raise ValueError("type at least one learning rate")
    return list(dict.fromkeys(values))


def check_hyper(key: str, value: float) -> None:
    """Raise ``ValueError`` unless ``value`` is a finite number in ``RANGES[key]``."""
    lo, hi, inclusive = RANGES[key]
    if not np.isfinite(value):
        raise ValueError(f"{key} must be a finite number, got {number(value)}")
    if not (lo <= value and (value <= hi if inclusive else value < hi)):
        upper = ("<= " if inclusive else "< ") + (f"{hi:g}" if np.isfinite(hi) else "infinity")
        raise ValueError(f"{key} must be >= {lo:g} and {upper}, got {number(value)}")


_ADAM = {"beta1": 0.9, "beta2": 0.999, "eps": 1e-8}

OPTIMIZERS: dict[str, OptimizerSpec] = {
    spec.name: spec
    for spec in (
        OptimizerSpec("sgd", "SGD", "SGD", {"weight_decay": 0.0}, {"momentum": 0.0},
                      0.01, sgd_step, "Plain (stochastic) gradient descent: p -= lr * g."),
        OptimizerSpec("momentum", "SGD + momentum", "SGD",
                      {"momentum": 0.9, "dampening": 0.0, "weight_decay": 0.0}, {},
                      0.01, sgd_step, "A velocity that accumulates gradients: b = mu b + g; p -= lr b."),
        OptimizerSpec("nesterov", "Nesterov", "SGD",
                      {"momentum": 0.9, "weight_decay": 0.0}, {"nesterov": True, "dampening": 0.0},
                      0.01, sgd_step, "Momentum with a look-ahead: p -= lr (g + mu b)."),
        OptimizerSpec("adagrad", "Adagrad", "Adagrad",
                      {"lr_decay": 0.0, "weight_decay": 0.0, "initial_accumulator_value": 0.0, "eps": 1e-10},
                      {}, 0.01, adagrad_step, "Per-coordinate steps shrinking with the sum of squared gradients."),
        OptimizerSpec("rmsprop", "RMSprop", "RMSprop",
                      {"alpha": 0.99, "eps": 1e-8, "weight_decay": 0.0, "momentum": 0.0}, {"centered": False},
                      0.01, rmsprop_step, "Per-coordinate steps scaled by a moving average of squared gradients."),
        OptimizerSpec("adam", "Adam", "Adam", {**_ADAM, "weight_decay": 0.0}, {"amsgrad": False},
                      0.001, adam_step, "Momentum plus RMSprop scaling, with bias correction."),
        OptimizerSpec("adamw", "AdamW", "AdamW", {**_ADAM, "weight_decay": 0.01}, {"amsgrad": False},
                      0.001, adam_step, "Adam with decoupled weight decay."),
    )
}


def get_optimizer(name: str) -> OptimizerSpec:
    try:
        return OPTIMIZERS[name]
    except KeyError:
        raise ValueError(f"unknown optimizer '{name}'; choose one of {', '.join(OPTIMIZERS)}") from None
