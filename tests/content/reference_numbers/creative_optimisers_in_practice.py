"""The numeric answers of the creative-optimisers-in-practice bank (``cop-*``).

As in :mod:`tests.content.reference_numbers.optimisers`: where a prompt names torch.optim.AdamW or
clip_grad_norm_, the check runs it on real tensors with the prompt's numbers; bytes per value come
from torch's dtypes; the warm-up-and-cosine schedule, written out in its prompt, is solved from that
formula. ``FIGURES`` holds the figures the RAdam question quotes, from torch.optim.RAdam stepped
beside AdamW.
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


def _radam_built_in_warmup_figures() -> None:
    """cop-radam-built-in-warmup's text, from torch.optim.RAdam against AdamW (no weight decay) on a
    steady gradient of 0.01, lr = 1: five momentum steps of lr × m̂, then Adam's step times a factor of
    0.026 at step 6, 0.22 at step 100, a half first reached at step 556 and 0.69 at step 1,200; the
    1,200 steps average 0.48 of AdamW's (0.91 with β₂ = 0.99, a half at step 61). RAdam leaves the
    learning rate itself alone."""
    import torch

    def ratios(beta2: float) -> list[float]:
        betas, grads = (0.9, beta2), [0.01] * 1200
        radam = weight_moves(lambda p: torch.optim.RAdam(p, lr=1.0, betas=betas), grads)
        adamw = weight_moves(lambda p: torch.optim.AdamW(p, lr=1.0, betas=betas, weight_decay=0.0), grads)
        return [r / a for r, a in zip(radam, adamw)]

    r = ratios(0.999)
    assert all(math.isclose(x, 0.01, rel_tol=1e-6) for x in r[:5])  # lr × m̂ = 0.01 against about lr: no √v̂
    assert round(r[5], 3) == 0.026 and round(r[99], 2) == 0.22 and round(r[1199], 2) == 0.69 < 0.7
    assert min(t for t, x in enumerate(r, 1) if t > 5 and x >= 0.5) == 556
    assert round(sum(r) / len(r), 2) == 0.48
    r99 = ratios(0.99)
    assert min(t for t, x in enumerate(r99, 1) if t > 5 and x >= 0.5) == 61 and round(sum(r99) / len(r99), 2) == 0.91
    assert round(2 / (1 - 0.999) - 1) == 1999  # the count v̂ averages tends to
    w = torch.zeros(1, requires_grad=True)
    opt = torch.optim.RAdam([w], lr=1e-4)
    for _ in range(10):
        w.grad = torch.ones(1)
        opt.step()
    assert opt.param_groups[0]["lr"] == 1e-4  # the logged rate stays at 1e-4


#: figures the text of a question with no typed number quotes (tests/content/test_reference_numbers.py)
FIGURES = {
    "cop-radam-built-in-warmup": _radam_built_in_warmup_figures,
}
