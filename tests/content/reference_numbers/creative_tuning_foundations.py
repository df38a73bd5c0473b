"""The numeric answers of the creative-tuning-foundations bank (``ctf-*``).

The LoRA's trainable count is read off real torch modules: the block's eight frozen projections
with a rank-16 A and B beside each, summing numel over the parameters with requires_grad; the
spread at which an untried rank ties a safe candidate in expected improvement is solved with
scipy.optimize.brentq on scipy.stats.norm's CDF and density; the seeds per prompt come from exact
fractions, after a numpy simulation confirms that averaging k seeds divides the noise by √k.
"""

from __future__ import annotations

import math
from fractions import Fraction

from tests.content.reference_numbers._shared import expected_improvement, lora_linear

BANKS = ("creative-tuning-foundations",)


def _lora_block_trainable_count() -> int:
    import torch
    from torch import nn

    c, text, r = 1280, 2048, 16
    # self-attention: to_q, to_k, to_v, to_out; cross-attention: to_q, to_k, to_v, to_out
    shapes = [(c, c, False), (c, c, False), (c, c, False), (c, c, True),
              (c, c, False), (text, c, False), (text, c, False), (c, c, True)]
    block = nn.ModuleList(lora_linear(d_in, d_out, r, bias=bias) for d_in, d_out, bias in shapes)
    trainable = sum(p.numel() for p in block.parameters() if p.requires_grad)
    frozen = sum(p.numel() for p in block.parameters() if not p.requires_grad)
    assert frozen == 15_075_840, frozen
    # the block still runs: text-width inputs for the cross-attention's to_k and to_v
    with torch.no_grad():
        for m, (d_in, d_out, _) in zip(block, shapes):
            assert m(torch.zeros(1, d_in)).shape == (1, d_out)
    return trainable


def _ei_untried_rank_tie() -> float:
    from scipy.optimize import brentq

    best = 6.30  # maximised: a candidate's gain is its mean less the best so far
    target = expected_improvement(6.36 - best, 0.04)
    assert abs(target - 0.0612) < 1e-3, target
    sigma = brentq(lambda s: expected_improvement(6.05 - best, s) - target, 0.01, 2.0)
    assert expected_improvement(6.05 - best, 0.35) < target < expected_improvement(6.05 - best, 0.40)
    return sigma


def _seeds_per_prompt_before_bo() -> int:
    import numpy as np

    sd_one, target = Fraction(18, 100), Fraction(5, 100)
    k = math.ceil((sd_one / target) ** 2)  # sd_one / √k ≤ target
    assert (sd_one / target) ** 2 == Fraction(1296, 100)
    # a simulation: 12 prompts, per-image noise chosen so that one seed per prompt gives sd 0.18
    rng = np.random.default_rng(0)
    per_image = 0.18 * math.sqrt(12)
    for seeds, want in ((1, 0.18), (k, 0.18 / math.sqrt(k))):
        means = rng.normal(0.0, per_image, size=(20_000, 12 * seeds)).mean(axis=1)
        assert abs(means.std() - want) < 0.005, (seeds, means.std(), want)
    return k


CHECKS = {
    "ctf-lora-block-trainable-count": _lora_block_trainable_count,
    "ctf-ei-untried-rank-tie": _ei_untried_rank_tie,
    "ctf-seeds-per-prompt-before-bo": _seeds_per_prompt_before_bo,
}
