"""The numeric answers of the creative-optimisers-in-practice bank (``cop-*``).

As in :mod:`tests.content.reference_numbers.optimisers`: where a prompt names torch.optim.AdamW or
clip_grad_norm_, the check runs it on real tensors with the prompt's numbers; bytes per value come
from torch's dtypes; the warm-up-and-cosine schedule, written out in its prompt, is solved from that
formula.
"""

from __future__ import annotations

import math
from fractions import Fraction

from tests.content.reference_numbers._shared import weight_moves

BANKS = ("creative-optimisers-in-practice",)


def _full_finetune_8bit_state_memory() -> float:
    import torch

    params = 3 * 10**9
    bf16, fp32, one_byte = torch.bfloat16.itemsize, torch.float32.itemsize, torch.uint8.itemsize
    per_weight = bf16 + bf16 + fp32 + 2 * one_byte  # weight, gradient, master copy, two 8-bit moments
    return params * per_weight / 10**9  # GB


def _beta2_gradient_spike_step() -> float:
    import torch

    # 20,000 steady steps settle m and v (bias correction spent), then the bad batch
    moves = weight_moves(lambda p: torch.optim.AdamW(p, lr=1.0, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0),
                         [0.01] * 20_000 + [1.0])
    return abs(moves[-1])  # the move in multiples of the learning rate (lr = 1)


def _global_norm_clip_text_encoder() -> float:
    import torch

    down, up, text = (torch.zeros(1, requires_grad=True) for _ in range(3))
    down.grad, up.grad, text.grad = torch.tensor([6.0]), torch.tensor([2.0]), torch.tensor([3.0])
    torch.nn.utils.clip_grad_norm_([down, up, text], max_norm=1.0)  # one norm over all three sets
    return text.grad.item()


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
