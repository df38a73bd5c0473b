"""The numeric answers of the manager-debugging-schedules-and-tracking bank (``mds-*``).

The rate a resumed run used replays the prompt's resume with torch: Hugging Face's
get_linear_schedule_with_warmup on a real AdamW, the optimiser's state_dict saved at step 60,000
and loaded into a new optimiser under a new scheduler, against the uninterrupted schedule, with the
explanation's first update, second warm-up and final rate checked beside it; the widening of a
loss band reads the spread of batch means off per-example losses of a fitted scikit-learn model
drawn with numpy, and returns the exact factor for the prompt's training set; the distance lost
to a fresh momentum buffer is summed from torch.optim.SGD's own steps on one weight.
"""

from __future__ import annotations

import math
from fractions import Fraction

from tests.content.reference_numbers._shared import weight_moves

BANKS = ("manager-debugging-schedules-and-tracking",)


def _resume_fresh_scheduler_rate() -> float:
    import torch
    from transformers import get_linear_schedule_with_warmup

    peak, warmup, total, crash, at = 3e-4, 2_000, 100_000, 60_000, 70_000

    def new_run():
        w = torch.zeros(1, requires_grad=True)
        opt = torch.optim.AdamW([w], lr=peak)
        sched = get_linear_schedule_with_warmup(opt, num_warmup_steps=warmup, num_training_steps=total)
        w.grad = torch.zeros(1)
        return opt, sched

    def rate(opt):
        return opt.param_groups[0]["lr"] / peak

    # the run as planned; the schedule alone moves the rate, so one optimiser step starts it
    opt, sched = new_run()
    opt.step()
    for _ in range(crash):
        sched.step()
    saved = opt.state_dict()  # the checkpoint: the optimiser's state, not the scheduler's
    assert math.isclose(rate(opt), 40 / 98)
    for _ in range(at - crash):
        sched.step()
    planned = rate(opt)

    # the resume: a new optimiser loads the saved state, under a new scheduler
    opt, sched = new_run()
    opt.load_state_dict(saved)
    assert math.isclose(rate(opt), 40 / 98)  # the first update after the resume uses step 60,000's rate
    opt.step()
    sched.step()
    assert math.isclose(rate(opt), 1 / warmup)  # then a second warm-up begins
    for _ in range(warmup - 1):
        sched.step()
    assert math.isclose(rate(opt), 1.0)  # the full peak again at step 62,000
    for _ in range(at - crash - warmup):
        sched.step()
    ran = rate(opt)
    for _ in range(total - at):
        sched.step()
    assert math.isclose(rate(opt), 60 / 98)  # 61.2% of the peak at the end instead of 0
    assert math.isclose(planned, 30 / 98) and math.isclose(ran, 90 / 98)
    return ran / planned


def _smaller_batch_noise_band() -> float:
    import numpy as np
    from sklearn.datasets import make_classification
    from sklearn.linear_model import LogisticRegression

    big, small, n = 512, 128, 1_200_000
    # per-example losses of a fitted model; the spread of batch means drawn from them
    X, y = make_classification(n_samples=20_000, n_features=20, random_state=0)
    p = LogisticRegression(max_iter=500).fit(X, y).predict_proba(X)[np.arange(len(y)), y]
    losses = -np.log(p)
    rng = np.random.default_rng(0)

    def band(b: int) -> float:
        return float(np.std([losses[rng.choice(len(losses), b, replace=False)].mean() for _ in range(1_500)]))

    drawn = band(small) / band(big)
    with_fpc = math.sqrt(Fraction(big, small) * Fraction(len(losses) - small, len(losses) - big))
    assert abs(drawn - with_fpc) < 0.1, (drawn, with_fpc)
    # the prompt's training set: σ/√B times √((N − B)/(N − 1)) for each batch size
    factor = math.sqrt(Fraction(big, small) * Fraction(n - small, n - big))
    assert round(factor, 4) == 2.0003 and round(math.sqrt((n - big) / (n - 1)), 4) == 0.9998
    return factor


def _momentum_lost_on_resume() -> float:
    import torch

    lr, momentum, grad = 0.02, 0.9, 0.5
    moves = weight_moves(lambda p: torch.optim.SGD(p, lr=lr, momentum=momentum), [grad] * 400)
    settled = lr * grad / (1 - momentum)
    assert math.isclose(moves[0], -lr * grad) and math.isclose(moves[-1], -settled)
    assert next(k for k, m in enumerate(moves, 1) if abs(m) >= 0.9 * settled) == 22
    return sum(settled - abs(m) for m in moves) / settled


CHECKS = {
    "mds-resume-fresh-scheduler-rate": _resume_fresh_scheduler_rate,
    "mds-smaller-batch-noise-band": _smaller_batch_noise_band,
    "mds-momentum-lost-on-resume": _momentum_lost_on_resume,
}
