"""The numeric answers of the creative-debugging-schedules-and-metrics bank (``cds-*``).

The warm-up length is Ma and Yarats's rule, 2 / (1 − β₂) steps, in exact fractions, with AdamW's
default β₂ read off torch.optim.AdamW; AdamW's
first-step moves come from torch.optim.AdamW on two float64 weights, with torch.optim.SGD for the
contrast the explanation draws; the wins a blind test needs come from scipy.stats.binomtest, with
the explanation's p-values, interval and power checked on the way; the step at which a warm-up
passes the stability limit uses numpy.linalg.eigvalsh for the sharpness and a real LinearLR for the
rate, after checking on torch.optim.SGD that the toy converges below the limit and diverges above.
"""

from __future__ import annotations

import math

from tests.content.reference_numbers._shared import rate_after, weight_moves

BANKS = ("creative-debugging-schedules-and-metrics",)


def _adam_warmup_length_beta2() -> float:
    from fractions import Fraction

    import torch

    def rule(beta2: Fraction) -> Fraction:  # Ma and Yarats: a linear warm-up over 2 / (1 - beta2) steps
        return 2 / (1 - beta2)

    default_beta2 = torch.optim.AdamW([torch.zeros(1, requires_grad=True)]).defaults["betas"][1]
    assert default_beta2 == 0.999 and rule(Fraction(999, 1000)) == 2000  # the explanation's default
    return float(rule(Fraction(99, 100)))


def _adamw_tiny_gradient_first_step() -> float:
    import torch

    def adamw(params):
        return torch.optim.AdamW(params, lr=1e-4)  # betas (0.9, 0.999), eps 1e-8, weight_decay 0.01

    small, large = weight_moves(adamw, [3e-7])[0], weight_moves(adamw, [3e-3])[0]  # LoRA B starts at 0
    # the explanation's contrast: SGD with momentum keeps the gradients' ratio; eps halves a 1e-8 step
    sgd = [weight_moves(lambda p: torch.optim.SGD(p, lr=1e-2, momentum=0.9), [g])[0] for g in (3e-7, 3e-3)]
    assert math.isclose(sgd[0] / sgd[1], 1e-4, rel_tol=1e-9), sgd
    assert math.isclose(weight_moves(adamw, [1e-8])[0], -5e-5, rel_tol=1e-6)
    return small / large


def _fid_better_wins_needed() -> float:
    from scipy import stats

    n = 400
    p = {k: stats.binomtest(k, n, 0.5).pvalue for k in (212, 220, 221)}
    assert round(p[212], 2) == 0.25 and round(p[220], 3) == 0.051 and round(p[221], 3) == 0.040, p
    ci = stats.binomtest(212, n, 0.5).proportion_ci()
    assert (round(ci.low, 3), round(ci.high, 3)) == (0.480, 0.580), ci
    one_sided = min(k for k in range(n // 2, n + 1)
                    if stats.binomtest(k, n, 0.5, alternative="greater").pvalue < 0.05)
    assert one_sided == 217

    def needed(pairs: int) -> int:
        return min(k for k in range(pairs // 2, pairs + 1) if stats.binomtest(k, pairs, 0.5).pvalue < 0.05)

    def power(pairs: int, rate: float = 0.53) -> float:
        c = needed(pairs)  # the test is symmetric: reject at c or more wins, or at pairs - c or fewer
        return float(stats.binom.sf(c - 1, pairs, rate) + stats.binom.cdf(pairs - c, pairs, rate))

    assert round(power(n), 2) == 0.20 and abs(power(2200) - 0.8) < 0.01
    return needed(n)


def _warmup_crosses_stability_limit() -> float:
    import numpy as np
    import torch

    H = np.array([[40.0, 12.0], [12.0, 10.0]])
    limit = 2 / np.linalg.eigvalsh(H).max()

    def losses(lr: float, steps: int, warmup: bool) -> list[float]:
        w = torch.tensor([1.0, 1.0], dtype=torch.float64, requires_grad=True)
        opt = torch.optim.SGD([w], lr=lr)
        sched = (torch.optim.lr_scheduler.LinearLR(opt, start_factor=0.01, end_factor=1.0, total_iters=200)
                 if warmup else None)
        out = []
        for _ in range(steps):
            opt.zero_grad()
            loss = 0.5 * w @ torch.from_numpy(H) @ w
            out.append(loss.item())
            loss.backward()
            opt.step()
            if sched is not None:
                sched.step()
        return out

    # the rule the prompt states holds for the toy: a constant rate just under the limit converges,
    # just over it diverges; with the warm-up the loss bottoms out near step 200 and passes 37 near 290
    assert losses(0.045, 2000, False)[-1] < 1e-10 < 1e10 < losses(0.0455, 2000, False)[-1]
    warm = losses(0.06, 400, True)
    assert warm[0] == 37.0 and abs(int(np.argmin(warm)) - 200) <= 2
    assert 280 <= next(i for i, x in enumerate(warm) if i > 0 and x > warm[0]) <= 295

    def make(opt):
        return torch.optim.lr_scheduler.LinearLR(opt, start_factor=0.01, end_factor=1.0, total_iters=200)

    opt = torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=0.06)
    sched, calls = make(opt), 0
    while opt.param_groups[0]["lr"] <= limit:
        opt.step()
        sched.step()
        calls += 1
    assert rate_after(make, calls - 1, 0.06)[0] <= limit < rate_after(make, calls, 0.06)[0]
    return calls


CHECKS = {
    "cds-adam-warmup-length-beta2": _adam_warmup_length_beta2,
    "cds-adamw-tiny-gradient-first-step": _adamw_tiny_gradient_first_step,
    "cds-fid-better-wins-needed": _fid_better_wins_needed,
    "cds-warmup-crosses-stability-limit": _warmup_crosses_stability_limit,
}
