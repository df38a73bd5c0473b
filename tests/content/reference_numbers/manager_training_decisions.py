"""The numeric answers of the manager-training-decisions bank (``mtd-*``).

As in :mod:`tests.content.reference_numbers.optimisers`: where a prompt names torch.optim or a
scheduler, the check runs it on a real tensor with the prompt's numbers, and bytes per value and
the number of state tensors per weight come from torch; the GPU-hours of a fair optimiser
comparison are the arithmetic its prompt sets out, in exact fractions.
"""

from __future__ import annotations

from fractions import Fraction

from tests.content.reference_numbers._shared import rate_after, state_tensors_per_parameter, weight_moves

BANKS = ("manager-training-decisions",)


def _fair_comparison_gpu_hours() -> float:
    per_step = Fraction(30 * 16, 40_000)  # GPU-hours of one step of the full run
    rates, seeds, short, stopped_at, diverging = 6, 3, 8_000, 1_000, 2
    sweep = (rates - diverging) * seeds * short + diverging * seeds * stopped_at  # steps per optimiser
    finals = 3 * 40_000  # the best rate trained in full with 3 seeds
    return float(2 * (sweep + finals) * per_step)  # two optimisers, each tuned alike


def _cosine_stopped_early_rate() -> float:
    import torch

    peak = 3e-4
    rate = rate_after(lambda opt: torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=100_000, eta_min=0),
                      60_000, peak)[0]
    return 100 * rate / peak  # per cent of the peak


def _adamw_sharded_state_memory() -> float:
    import torch

    states = state_tensors_per_parameter(torch.optim.AdamW)  # m and v
    fp32 = torch.float32.itemsize
    params, gpus = Fraction(25, 10) * 10**9, 8
    per_weight = fp32 + fp32 + Fraction(states * fp32, gpus)  # full weight and gradient, a shard of the state
    return float(params * per_weight / 10**9)  # GB per GPU


def _momentum_099_settled_step() -> float:
    import torch

    moves = weight_moves(lambda p: torch.optim.SGD(p, lr=0.01, momentum=0.99), [2.0] * 5_000)
    return abs(moves[-1])  # the momentum buffer has settled at g / (1 - beta)


CHECKS = {
    "mtd-fair-comparison-gpu-hours": _fair_comparison_gpu_hours,
    "mtd-cosine-stopped-early-rate": _cosine_stopped_early_rate,
    "mtd-adamw-sharded-state-memory": _adamw_sharded_state_memory,
    "mtd-momentum-099-settled-step": _momentum_099_settled_step,
}
