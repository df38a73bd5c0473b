"""The numeric answers of the creative-optimisers-in-practice bank (``cop-*``).

Their prompts set out optimiser arithmetic for fine-tunes: the bytes per weight of mixed-precision
AdamW with 8-bit moments, AdamW's step when one bad batch follows a long steady run, clipping by one
global norm across three sets of adapters, and the step at which a warm-up and cosine schedule
reaches a quarter of its peak. Each check writes that arithmetic out in exact integers or fractions
(a square root only where the step itself takes one).
"""

from __future__ import annotations

import math
from fractions import Fraction

BANKS = ("creative-optimisers-in-practice",)


def _full_finetune_8bit_state_memory() -> float:
    params = 3 * 10**9
    bf16_weight, bf16_grad, fp32_master, moment_8bit = 2, 2, 4, 1
    per_weight = bf16_weight + bf16_grad + fp32_master + 2 * moment_8bit  # two moments, 1 byte each
    return params * per_weight / 10**9  # GB


def _beta2_gradient_spike_step() -> float:
    beta1, beta2 = Fraction(9, 10), Fraction(999, 1000)
    m, v, g = Fraction(1, 100), Fraction(1, 10**4), Fraction(1)  # settled on a steady 0.01
    m = beta1 * m + (1 - beta1) * g
    v = beta2 * v + (1 - beta2) * g * g
    # bias correction is negligible after 20,000 steps, and eps (1e-8) next to sqrt(v) ~ 0.033
    return float(m) / math.sqrt(v)  # the move in multiples of the learning rate


def _global_norm_clip_text_encoder() -> float:
    down, up, text = 6, 2, 3
    squared = down**2 + up**2 + text**2
    total = math.isqrt(squared)
    assert total * total == squared  # sqrt(49) = 7, exactly
    max_norm = 1
    return float(Fraction(text) * Fraction(max_norm, total))  # every gradient scaled by max_norm / total


def _cosine_quarter_peak_step() -> float:
    warmup, total = 200, 3200
    # 1/2 (1 + cos(pi p)) = 1/4  <=>  cos(pi p) = -1/2  <=>  p = 2/3 on the way down (0 <= p <= 1)
    progress = Fraction(2, 3)
    assert math.isclose(0.5 * (1 + math.cos(math.pi * progress)), 0.25)
    return float(warmup + progress * (total - warmup))


CHECKS = {
    "cop-full-finetune-8bit-state-memory": _full_finetune_8bit_state_memory,
    "cop-beta2-gradient-spike-step": _beta2_gradient_spike_step,
    "cop-global-norm-clip-text-encoder": _global_norm_clip_text_encoder,
    "cop-cosine-quarter-peak-step": _cosine_quarter_peak_step,
}
