"""The numeric answers of the creative-fitting-momentum-and-tracking bank (``cfm-*``).

The run past the minimum is read off torch.optim.SGD with momentum on the toy ½w², with the
explanation's overshoot, the Nesterov and momentum-0.5 contrasts, and the multiple-choice question's
settled steps and sign turns (SGD with and without dampening, Adam) checked on the way; the third
Adam step of a new embedding entry comes from torch.optim.Adam, with its stored moments checked
against the bias-corrected means written out and the uncorrected step; the longest validation fold
in minutes is read off a real GroupKFold over the narrator's sessions; the p-value comes from
scipy.stats.ttest_ind with equal_var=False, with the explanation's interval, the pooled and
one-sided p-values and the seeds needed for 80% power (scipy.stats.nct) checked on the way.
"""

from __future__ import annotations

import math

from tests.content.reference_numbers._shared import weight_moves

BANKS = ("creative-fitting-momentum-and-tracking",)


def _toy_positions(momentum: float, nesterov: bool = False, steps: int = 60) -> list[float]:
    """w after each step of torch.optim.SGD(lr=0.1) on ½w² from w = 1 (index 0 is the start)."""
    import torch

    w = torch.tensor([1.0], dtype=torch.float64, requires_grad=True)
    opt = torch.optim.SGD([w], lr=0.1, momentum=momentum, nesterov=nesterov)
    ws = [w.item()]
    for _ in range(steps):
        opt.zero_grad()
        (0.5 * w**2).sum().backward()
        opt.step()
        ws.append(w.item())
    return ws


def _momentum_runs_past_minimum() -> int:
    import torch

    ws = _toy_positions(0.9)
    crossed = next(i for i in range(1, len(ws)) if ws[i] < 0)
    assert crossed == 5 and ws[4] > 0, ws[:7]  # the prompt's "passes the minimum during step 5"
    away = 0
    while ws[crossed + away + 1] < ws[crossed + away]:  # steps 6, 7, ... moving further below 0
        away += 1
    assert round(min(ws), 3) == -0.604 and round(ws[10], 3) == -0.589, ws[:12]
    assert round((ws[4] - ws[5]) / 0.1, 2) == 2.56  # the buffer after step 5
    plain = _toy_positions(0.0)
    assert min(plain) > 0 and math.isclose(plain[3], 0.9**3, rel_tol=1e-12)
    nest = _toy_positions(0.9, nesterov=True)
    n_cross = next(i for i in range(1, len(nest)) if nest[i] < 0)
    n_away = 0
    while nest[n_cross + n_away + 1] < nest[n_cross + n_away]:
        n_away += 1
    assert n_away == 3 and round(min(nest), 3) == -0.394
    assert -1e-3 < min(_toy_positions(0.5, steps=200)) < 0

    # cfm-adam-beta1-is-not-sgd-momentum: settled steps on a steady gradient, and the turn after +1 → -1
    lr, g = 3e-4, 0.05
    settled = {
        "sgd": weight_moves(lambda p: torch.optim.SGD(p, lr=lr, momentum=0.9), [g] * 400)[-1],
        "sgd damped": weight_moves(lambda p: torch.optim.SGD(p, lr=lr, momentum=0.9, dampening=0.9), [g] * 400)[-1],
        "adam": weight_moves(lambda p: torch.optim.Adam(p, lr=lr, betas=(0.9, 0.99)), [g] * 400)[-1],
        "adam b1 0.99": weight_moves(lambda p: torch.optim.Adam(p, lr=lr, betas=(0.99, 0.99)), [g] * 2000)[-1],
    }
    assert math.isclose(settled["sgd"], -10 * lr * g, rel_tol=1e-9), settled
    assert math.isclose(settled["sgd damped"], -lr * g, rel_tol=1e-9), settled
    assert math.isclose(settled["adam"], -lr, rel_tol=1e-6) and math.isclose(settled["adam b1 0.99"], -lr, rel_tol=1e-6)
    for make in (lambda p: torch.optim.SGD(p, lr=0.01, momentum=0.9),
                 lambda p: torch.optim.Adam(p, lr=0.01, betas=(0.9, 0.99))):
        moves = weight_moves(make, [1.0] * 500 + [-1.0] * 10)[500:]
        assert next(k for k, m in enumerate(moves, 1) if m > 0) == 7, moves
    return away


def _adam_bias_correction_third_step() -> float:
    import torch

    grads, lr = [0.5, -0.2, 0.4], 1e-3
    made = []

    def adam(params):  # betas (0.9, 0.999), eps 1e-8, weight_decay 0; kept, to read its moments
        made.append(torch.optim.Adam(params, lr=lr))
        return made[-1]

    moves = weight_moves(adam, grads)
    opt = made[0]
    (w,) = opt.param_groups[0]["params"]
    m, v = opt.state[w]["exp_avg"].item(), opt.state[w]["exp_avg_sq"].item()
    assert math.isclose(m, 0.0625, rel_tol=1e-12) and round(v, 6) == 0.000449, (m, v)
    m_hat, v_hat = m / (1 - 0.9**3), v / (1 - 0.999**3)
    assert round(m_hat, 4) == 0.2306 and round(v_hat, 4) == 0.1500, (m_hat, v_hat)
    # bias-corrected moments are the weighted means of the gradients and of their squares
    weights = [0.9**2 * 0.1, 0.9 * 0.1, 0.1]
    assert math.isclose(m_hat, sum(c * x for c, x in zip(weights, grads)) / sum(weights), rel_tol=1e-12)
    assert [round(abs(x) / lr, 3) for x in moves] == [1.0, 0.346, 0.596], moves
    assert math.isclose(moves[2], -lr * m_hat / (math.sqrt(v_hat) + 1e-8), rel_tol=1e-9)
    assert round(m / math.sqrt(v), 2) == 2.95  # the step without bias correction
    return abs(moves[2]) / lr


def _groupkfold_narrator_minutes() -> float:
    import numpy as np
    from sklearn.model_selection import GroupKFold

    clips, seconds = [120, 90, 80, 60, 45, 40, 30], [4, 12, 9, 8, 16, 9, 20]
    groups = np.repeat(np.arange(len(clips)), clips)
    length = np.repeat(seconds, clips)
    X = np.zeros((len(groups), 1))
    folds = [(len(test), length[test].sum() / 60, length[train].sum() / 60)
             for train, test in GroupKFold(n_splits=3).split(X, groups=groups)]
    assert sorted(folds) == [(140, 20.0, 54.0), (160, 14.0, 60.0), (165, 40.0, 34.0)], folds
    return max(minutes for _, minutes, _ in folds)


def _four_seeds_welch_p() -> float:
    import numpy as np
    from scipy import stats

    rank_8, rank_32 = [3.62, 3.41, 3.28, 3.55], [3.05, 3.20, 3.49, 3.38]
    welch = stats.ttest_ind(rank_8, rank_32, equal_var=False)
    assert round(float(welch.statistic), 2) == 1.50 and round(float(welch.df), 2) == 5.66, welch
    ci = welch.confidence_interval()
    assert (round(float(ci.low), 2), round(float(ci.high), 2)) == (-0.12, 0.49), ci
    assert round(float(stats.ttest_ind(rank_8, rank_32).pvalue), 3) == 0.184
    assert round(float(stats.ttest_ind(rank_8, rank_32, equal_var=False, alternative="greater").pvalue), 2) == 0.09
    sd = math.sqrt((np.std(rank_8, ddof=1) ** 2 + np.std(rank_32, ddof=1) ** 2) / 2)
    gap = np.mean(rank_8) - np.mean(rank_32)
    assert round(sd, 2) == 0.17 and round(float(gap), 3) == 0.185

    def power(n: int) -> float:  # two-sided two-sample t-test at 0.05, n seeds a side
        df, nc = 2 * n - 2, gap / (sd * math.sqrt(2 / n))
        crit = stats.t.ppf(0.975, df)
        return float(stats.nct.sf(crit, df, nc) + stats.nct.cdf(-crit, df, nc))

    assert round(power(4), 2) == 0.25
    assert min(n for n in range(2, 60) if power(n) >= 0.8) == 15
    return float(welch.pvalue)


CHECKS = {
    "cfm-momentum-runs-past-minimum": _momentum_runs_past_minimum,
    "cfm-adam-bias-correction-third-step": _adam_bias_correction_third_step,
    "cfm-groupkfold-narrator-minutes": _groupkfold_narrator_minutes,
    "cfm-four-seeds-welch-p": _four_seeds_welch_p,
}
