"""The numeric answers of the creative-optimiser-tradeoffs bank (``cot-*``).

As in :mod:`tests.content.reference_numbers.optimisers`: where a prompt names torch.optim or a
scheduler, the check runs it on a real tensor with the prompt's numbers. The bf16 weight is moved by
torch.optim.AdamW on a bf16 tensor; the momentum step after a rate drop by torch.optim.SGD under
MultiStepLR; the multi-GPU cosine by a LambdaLR with the prompt's formula, stepped once per process at
every optimiser step as accelerate's prepared scheduler does; the strength-slider curvatures are the
arithmetic the prompt sets out, in exact fractions.
"""

from __future__ import annotations

import math
from fractions import Fraction

BANKS = ("creative-optimiser-tradeoffs",)


def _full_bf16_small_update_lost() -> float:
    import torch

    w = torch.tensor([0.1], dtype=torch.bfloat16, requires_grad=True)  # stored as 0.10009765625
    start = w.item()
    opt = torch.optim.AdamW([w], lr=1e-5, weight_decay=0.0)  # state in the parameter's dtype, bf16
    for _ in range(1_000):
        w.grad = torch.tensor([0.02], dtype=torch.bfloat16)
        opt.step()
    return abs(w.item() - start)


def _momentum_step_after_rate_drop() -> float:
    import torch

    w = torch.zeros(1, dtype=torch.float64, requires_grad=True)
    opt = torch.optim.SGD([w], lr=0.02, momentum=0.9)
    sched = torch.optim.lr_scheduler.MultiStepLR(opt, milestones=[6000], gamma=0.1)
    moves = []
    for _ in range(6_010):
        before = w.item()
        w.grad = torch.tensor([0.5], dtype=torch.float64)
        opt.step()
        sched.step()
        moves.append(before - w.item())
    assert math.isclose(moves[5_999], 0.1, rel_tol=1e-9)  # the settled step before the milestone
    return sum(moves[6_000:6_010])  # the 10 steps at the new rate


def _multi_gpu_cosine_scheduler_rate() -> float:
    import torch

    warmup, total, peak, processes = 100, 2_000, 1e-4, 4

    def factor(s: int) -> float:  # the prompt's formula, as diffusers' get_scheduler("cosine") writes it
        if s < warmup:
            return s / warmup
        return 0.5 * (1 + math.cos(math.pi * (s - warmup) / (total - warmup)))

    w = torch.zeros(1, requires_grad=True)
    opt = torch.optim.SGD([w], lr=peak)
    sched = torch.optim.lr_scheduler.LambdaLR(opt, factor)
    for _ in range(2_000):  # optimiser steps
        w.grad = torch.zeros(1)
        opt.step()
        for _ in range(processes):  # the prepared scheduler steps the wrapped one once per process
            sched.step()
    return opt.param_groups[0]["lr"]


def _lora_strength_curvature() -> float:
    def per_unit(low, mid, high, norm) -> Fraction:
        second = (Fraction(low) - 2 * Fraction(mid) + Fraction(high)) / Fraction("0.2") ** 2
        return second / Fraction(norm) ** 2

    a = per_unit("0.1310", "0.1290", "0.1302", "0.5")
    b = per_unit("0.1296", "0.1284", "0.1290", "0.3")
    return float(b / a)


CHECKS = {
    "cot-full-bf16-small-update-lost": _full_bf16_small_update_lost,
    "cot-momentum-step-after-rate-drop": _momentum_step_after_rate_drop,
    "cot-multi-gpu-cosine-scheduler-rate": _multi_gpu_cosine_scheduler_rate,
    "cot-lora-strength-curvature": _lora_strength_curvature,
}
