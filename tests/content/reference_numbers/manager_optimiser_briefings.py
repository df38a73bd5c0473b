"""The numeric answers of the manager-optimiser-briefings bank (``mob-*``).

As in :mod:`tests.content.reference_numbers.optimisers`: where a prompt names torch.optim, the
check runs it on real tensors with the prompt's numbers (the two SGD runs on the toy valley, Adam's
moves on a steady gradient, AdamW's decay of a weight with no gradient); bytes per value and the
number of state tensors per weight come from torch, and the parameter count from the torch.nn
layers the prompt names; the checkpoint arithmetic is written out in exact fractions.
"""

from __future__ import annotations

from fractions import Fraction

from tests.content.reference_numbers._shared import state_tensors_per_parameter, weight_moves

BANKS = ("manager-optimiser-briefings",)


def _steps_to_stay_below(momentum: float, lr: float = 0.01, steps: int = 3_000) -> int:
    """The first step from which f(x, y) = ½(x² + 100·y²) stays below 10⁻⁶ of its value at (1, 1)."""
    import torch

    w = torch.tensor([1.0, 1.0], dtype=torch.float64, requires_grad=True)
    curvature = torch.tensor([1.0, 100.0], dtype=torch.float64)
    opt = torch.optim.SGD([w], lr=lr, momentum=momentum)

    def loss():
        return 0.5 * (curvature * w * w).sum()

    target = 1e-6 * loss().item()
    last_above = 0
    for t in range(1, steps + 1):
        opt.zero_grad()
        loss().backward()
        opt.step()
        if loss().item() > target:
            last_above = t
    assert last_above < steps // 2  # settled long before the end
    return last_above + 1


def _momentum_valley_step_ratio() -> float:
    return _steps_to_stay_below(momentum=0.0) / _steps_to_stay_below(momentum=0.9)  # 458 / 132


def _checkpoint_storage_adamw() -> float:
    import torch

    fp32 = torch.float32.itemsize
    states = state_tensors_per_parameter(torch.optim.AdamW)  # exp_avg and exp_avg_sq
    params = Fraction(13, 10) * 10**9
    full = params * (fp32 + states * fp32)  # weights and the optimiser state, no gradients
    weights_only = params * fp32
    checkpoints = 100_000 // 2_000
    return float((2 * full + (checkpoints - 2) * weights_only) / 10**9)  # GB


def _vendor_net_parameter_count() -> int:
    from torch import nn

    model = nn.Sequential(nn.Linear(40, 128), nn.BatchNorm1d(128), nn.ReLU(), nn.Dropout(0.3),
                          nn.Linear(128, 64), nn.ReLU(), nn.Linear(64, 1))
    return sum(p.numel() for p in model.parameters())  # BatchNorm's running statistics are buffers


def _adam_default_rate_distance() -> float:
    import torch

    moves = weight_moves(lambda p: torch.optim.Adam(p, lr=1e-3, betas=(0.9, 0.999), eps=1e-8), [0.004] * 100)
    return abs(sum(moves))


def _copied_weight_decay_shrink() -> float:
    import torch

    w = torch.ones(1, dtype=torch.float64, requires_grad=True)
    opt = torch.optim.AdamW([w], lr=5e-4, weight_decay=0.1)
    zero = torch.zeros_like(w)  # a weight the loss never touches: only the decay moves it
    for _ in range(60_000):
        w.grad = zero
        opt.step()
    return 100 * w.item()  # per cent of its starting size


CHECKS = {
    "mob-momentum-valley-step-ratio": _momentum_valley_step_ratio,
    "mob-checkpoint-storage-adamw": _checkpoint_storage_adamw,
    "mob-vendor-net-parameter-count": _vendor_net_parameter_count,
    "mob-adam-default-rate-distance": _adam_default_rate_distance,
    "mob-copied-weight-decay-shrink": _copied_weight_decay_shrink,
}
