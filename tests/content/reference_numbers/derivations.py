"""The numeric answers of the derivations bank (``deriv-*``): each question's final number and the
numeric steps of its derivation.

Optimiser steps, the stability limit and the best fixed rate of gradient descent are measured on
torch.optim (an optimiser stepping a real tensor on the prompt's quadratic), schedules on
torch.optim.lr_scheduler, expected improvement on scipy.stats, the width of a top-5% cube per axis
as the tenth root it is, the spread of a cross-validated mean from the fold scores' covariance
matrix; the rest is the arithmetic the prompt sets out, written with its quantities.
"""

from __future__ import annotations

import numpy as np

from tests.content.reference_numbers._shared import expected_improvement, rate_after, weight_moves

BANKS = ("derivations",)


# --- helpers ---------------------------------------------------------------------------------

def _gd_factors(lr: float, eigenvalues) -> list[float]:
    """What one torch.optim.SGD step multiplies each eigen-coordinate by, on the quadratic
    sum(h w^2 / 2) whose Hessian has ``eigenvalues`` (its eigenvectors are the axes)."""
    import torch

    h = torch.tensor(eigenvalues, dtype=torch.float64)
    w = torch.ones_like(h, requires_grad=True)
    opt = torch.optim.SGD([w], lr=lr)
    (h * w.pow(2) / 2).sum().backward()
    opt.step()
    return w.detach().tolist()  # each coordinate started at 1


# --- the derivations ---------------------------------------------------------------------------

def _adam_bias_correction() -> float:
    import torch

    lr, beta1 = 1e-3, 0.9
    w = torch.zeros(1, dtype=torch.float64, requires_grad=True)
    # beta2 = 0 keeps v_t = g_t^2 with no correction of its own, so the step shows beta1's alone
    opt = torch.optim.Adam([w], lr=lr, betas=(beta1, 0.0), eps=0.0)
    for g in (0.7, 0.4):  # two steps: the factor does not depend on the gradients
        before = w.item()
        w.grad = torch.tensor([g], dtype=torch.float64)
        opt.step()
    move = abs(w.item() - before)  # lr m_hat_2 / |g_2|
    m_2 = abs(opt.state[w]["exp_avg"].item())
    return move * abs(g) / lr / m_2  # m_hat_2 / m_2


def _gd_stability_limit() -> float:
    eigenvalues = [2.0, 50.0]

    def converges(lr):
        return max(abs(f) for f in _gd_factors(lr, eigenvalues)) < 1

    lo, hi = 1e-6, 1.0  # converges at a tiny rate, diverges at 1
    assert converges(lo) and not converges(hi)
    for _ in range(50):
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if converges(mid) else (lo, mid)
    return lo


def _momentum_effective_step() -> float:
    import torch

    lr, beta, g = 0.01, 0.9, 1.0
    moves = weight_moves(lambda p: torch.optim.SGD(p, lr=lr, momentum=beta, dampening=0), [g] * 400)
    return abs(moves[-1]) / g  # the move per unit of gradient on a long steady stretch


def _ei_step3() -> float:
    from scipy import stats

    # the exploration term at the question's point: mu = f_best - 1, sigma = 1, so z = 1
    return round(1.0 * float(stats.norm.pdf(1.0)), 3)


def _ei_final() -> float:
    return expected_improvement(1.0, 1.0)  # minimised: mu = f_best - 1, a gain of 1; sigma = 1


def _bias_variance() -> float:
    bias, variance, noise = 0.3, 0.05, 0.1
    return bias ** 2 + variance + noise


def _fold_score_covariance() -> tuple[np.ndarray, float, int]:
    """The prompt's five fold scores: standard deviation 0.02 each, correlation 0.3 between any two."""
    sigma, rho, k = 0.02, 0.3, 5
    corr = np.full((k, k), rho)
    np.fill_diagonal(corr, 1.0)
    return sigma ** 2 * corr, sigma, k


def _cv_mean_variance() -> float:
    """Var((s₁ + … + sₖ) / k) = wᵀ Σ w with w = (1/k, …, 1/k): every covariance, summed."""
    cov, _, k = _fold_score_covariance()
    w = np.full(k, 1 / k)
    return float(w @ cov @ w)


def _cv_mean_inflation() -> float:
    _, sigma, k = _fold_score_covariance()
    return _cv_mean_variance() / (sigma ** 2 / k)  # against independent scores


def _cv_mean_spread() -> float:
    _, sigma, k = _fold_score_covariance()
    spread = _cv_mean_variance() ** 0.5
    assert round(sigma / k ** 0.5, 4) == 0.0089 and round(spread / (sigma / k ** 0.5), 1) == 1.5  # the text's
    return spread


def _top_region_log_side() -> float:
    import math

    return math.log(0.05) / 10  # s¹⁰ = 0.05


def _top_region_width_per_axis() -> float:
    import math

    side = 0.05 ** (1 / 10)
    # the explanation's contrast: the middle half of each of ten axes, and the samples it needs for 95%
    share = 0.5**10
    assert round(share * 100, 1) == 0.1 and 3000 <= math.ceil(math.log(0.05) / math.log(1 - share)) <= 3100
    return side


def _ema_weight_ten_back() -> float:
    beta, k = 0.9, 10
    return round((1 - beta) * beta ** k, 4)


def _ema_window() -> float:
    beta2 = 0.999
    # beta^n = 1 / e: the steps over which an old value's weight shrinks by a factor of e
    return float(-1 / np.log(beta2))


def _cosine_step2() -> float:
    T = 1000
    return float(np.cos(np.pi * (T / 2) / T))


def _cosine_halfway() -> float:
    from torch.optim.lr_scheduler import CosineAnnealingLR

    T, lr_max, lr_min = 1000, 0.1, 0.001
    return rate_after(lambda o: CosineAnnealingLR(o, T_max=T, eta_min=lr_min), T // 2, lr_max)[0]


def _exponential_half_life() -> float:
    from scipy.optimize import brentq
    from torch.optim.lr_scheduler import ExponentialLR

    # the gamma whose ExponentialLR leaves half the rate after 10 epochs
    return brentq(lambda gamma: rate_after(lambda o: ExponentialLR(o, gamma=gamma), 10, 1.0)[0] - 0.5,
                  0.5, 0.999, xtol=1e-12)


def _linear_scaling() -> float:
    lr, batch, new_batch = 0.1, 256, 1024
    return lr * new_batch / batch


def _best_fixed_rate() -> float:
    from scipy.optimize import brentq

    h_min, h_max = 1.0, 10.0
    # 1 - lr h_min = -(1 - lr h_max): the two directions' factors, from an SGD step, cancel
    return brentq(lambda lr: sum(_gd_factors(lr, [h_min, h_max])), 1e-6, 2 / h_max, xtol=1e-12)


def _best_fixed_rate_step3() -> float:
    return round(_best_fixed_rate(), 3)


def _best_fixed_rate_contraction() -> float:
    return max(abs(f) for f in _gd_factors(_best_fixed_rate(), [1.0, 10.0]))


def _adam_first_step() -> float:
    import torch

    moves = weight_moves(lambda p: torch.optim.Adam(p, lr=0.001, betas=(0.9, 0.999), eps=0.0), [250.0])
    return abs(moves[0])


def _l2_shrink_factor() -> float:
    import torch

    lr, lam = 0.1, 0.01
    w = torch.ones(1, dtype=torch.float64, requires_grad=True)
    opt = torch.optim.SGD([w], lr=lr)
    (lam / 2 * w.pow(2).sum()).backward()  # the penalty alone: what the step does to w itself
    opt.step()
    return w.item() / 1.0


CHECKS = {
    "deriv-adam-bias-correction": _adam_bias_correction,
    "deriv-gd-stability-limit": _gd_stability_limit,
    "deriv-momentum-effective-step": _momentum_effective_step,
    "deriv-expected-improvement/step 3": _ei_step3,
    "deriv-expected-improvement": _ei_final,
    "deriv-bias-variance": _bias_variance,
    "deriv-cv-mean-spread/step 3": _cv_mean_inflation,
    "deriv-cv-mean-spread": _cv_mean_spread,
    "deriv-top-region-width-per-axis/step 2": _top_region_log_side,
    "deriv-top-region-width-per-axis": _top_region_width_per_axis,
    "deriv-ema-window/step 1": _ema_weight_ten_back,
    "deriv-ema-window": _ema_window,
    "deriv-cosine-halfway/step 2": _cosine_step2,
    "deriv-cosine-halfway": _cosine_halfway,
    "deriv-exponential-half-life": _exponential_half_life,
    "deriv-linear-scaling-rule": _linear_scaling,
    "deriv-best-fixed-rate/step 3": _best_fixed_rate_step3,
    "deriv-best-fixed-rate": _best_fixed_rate_contraction,
    "deriv-adam-first-step": _adam_first_step,
    "deriv-l2-versus-decay": _l2_shrink_factor,
}
