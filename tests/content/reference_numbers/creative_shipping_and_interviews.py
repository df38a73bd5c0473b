"""The numeric answers of the creative-shipping-and-interviews bank (``cic-*``).

The step count and the batch are the arithmetic their prompts set out, in exact fractions, with the
latent's size worked out from the VAE's factor of 8; the factor on the learning rate is measured on
a real LoRA layer, (alpha / r)·B·A added to a frozen weight, after one step of torch.optim.AdamW,
as the prompt names it.
"""

from __future__ import annotations

import math
from fractions import Fraction

BANKS = ("creative-shipping-and-interviews",)


def _steps_inside_latency_budget() -> float:
    budget = 1800  # ms, p95
    fixed = 25 + 190 + 40 + 130  # text encoders, VAE decode, safety checker, request in and image out
    per_step = 56 + 8  # a guided step with the LoRA fused, plus the unfused adapter's cost
    return math.floor(Fraction(budget - fixed, per_step))


def _batch_at_1024_on_48gb() -> float:
    factor = 8
    positions = {side: (side // factor) ** 2 for side in (768, 1024)}  # the latent's height x width
    per_sample = Fraction(16, 10) * Fraction(positions[1024], positions[768])  # GB, grows with positions
    per_image = 2 * per_sample  # guidance: a conditional and an unconditional sample per image
    free = 48 - Fraction(15, 10) - Fraction(69, 10)  # GB left after the reserve and the fp16 weights
    return math.floor(free / per_image)


def _alpha_change_adam_rate() -> float:
    import torch

    def first_step_change(alpha: float, lr: float) -> torch.Tensor:
        torch.manual_seed(0)  # the same A, frozen weight and first batch for both runs
        d, r = 64, 32
        w0 = torch.randn(d, d, dtype=torch.float64)
        a = torch.empty(r, d, dtype=torch.float64)
        torch.nn.init.kaiming_uniform_(a, a=math.sqrt(5))
        a.requires_grad_()
        b = torch.zeros(d, r, dtype=torch.float64, requires_grad=True)
        x, target = torch.randn(16, d, dtype=torch.float64), torch.randn(16, d, dtype=torch.float64)
        opt = torch.optim.AdamW([a, b], lr=lr, weight_decay=0.0)
        scale = alpha / r
        loss = ((x @ (w0 + scale * b @ a).T - target) ** 2).mean()
        loss.backward()
        opt.step()
        return (scale * b @ a).detach()  # the change in the effective weight (it starts at zero)

    recipe, teammate = first_step_change(32, 1e-4), first_step_change(8, 1e-4)
    factor = (recipe.norm() / teammate.norm()).item()
    # the teammate's run at factor x the rate makes the same change, up to AdamW's eps
    matched = first_step_change(8, factor * 1e-4)
    assert ((matched - recipe).norm() / recipe.norm()).item() < 1e-3
    return factor


CHECKS = {
    "cic-steps-inside-latency-budget": _steps_inside_latency_budget,
    "cic-batch-at-1024-on-48gb": _batch_at_1024_on_48gb,
    "cic-alpha-change-adam-rate": _alpha_change_adam_rate,
}
