"""The numeric answers of the creative-search-methods bank (``csm-*``).

The grid's chance of catching a band is the exact share, in fractions, of the band's positions that
hold one of its rates; the repeated
renders of a sampling grid are counted with scikit-learn's ParameterGrid, written once as one
dictionary and once as a list of two; the step that momentum 0.99 builds up runs torch.optim.SGD on
a real tensor, as its prompt names it, and so does the GAN discriminator's step before and after its
move from torch.optim.SGD to torch.optim.Adam; the attention matrix's size takes its bytes per score from
torch's fp16 dtype.
"""

from __future__ import annotations

from fractions import Fraction

from tests.content.reference_numbers._shared import weight_moves

BANKS = ("creative-search-methods",)


def _grid_rates_miss_band() -> float:
    # positions along the log range from 0 to 1: the grid's three rates, and a band 0.1 wide whose
    # start is uniform on [0, 0.9]; a rate g is inside when the start lies in [g - 0.1, g]
    grid, width = [Fraction(0), Fraction(1, 2), Fraction(1)], Fraction(1, 10)
    starts = [(max(g - width, 0), min(g, 1 - width)) for g in grid]
    covered = sum(hi - lo for lo, hi in starts if hi > lo)  # the three windows do not overlap
    chance = covered / (1 - width)
    assert round(1 - 0.9**27, 2) == 0.94  # plan B's 27 log-uniform draws
    return float(chance)


def _grid_eta_repeated_renders() -> int:
    from sklearn.model_selection import ParameterGrid

    guidance, etas = [4, 6, 8, 10], [0, 0.25, 0.5, 0.75, 1.0]
    full = ParameterGrid({"sampler": ["ddim", "euler", "dpmpp_2m"], "eta": etas, "guidance": guidance})
    split = ParameterGrid([{"sampler": ["ddim"], "eta": etas, "guidance": guidance},
                           {"sampler": ["euler", "dpmpp_2m"], "guidance": guidance}])
    # the split grid renders every distinct image once: euler and dpmpp_2m ignore eta
    distinct = {(p["sampler"], p.get("eta") if p["sampler"] == "ddim" else None, p["guidance"]) for p in full}
    assert len(distinct) == len(split)
    images_per_cell = 20 * 2  # prompts x seeds
    return (len(full) - len(split)) * images_per_cell


def _momentum_099_step_300() -> float:
    import torch

    moves = weight_moves(lambda p: torch.optim.SGD(p, lr=0.01, momentum=0.99, dampening=0, nesterov=False),
                         [0.05] * 300)
    return moves[299] / moves[0]  # step 300 in multiples of the first step, lr x gradient


def _latent_factor_attention_memory() -> float:
    import torch

    tokens = (512 // 4) ** 2  # one token per latent position at f = 4
    return tokens**2 * torch.float16.itemsize / 10**6  # MB


def _gan_discriminator_step_after_switch() -> float:
    """The settled step of torch.optim.SGD(lr=0.01, momentum=0.9) over that of
    torch.optim.Adam(lr=2e-4, betas=(0.5, 0.999)), both fed a gradient of 0.05 for 300 steps."""
    import torch

    grads = [0.05] * 300
    sgd = weight_moves(lambda p: torch.optim.SGD(p, lr=0.01, momentum=0.9), grads)
    adam = weight_moves(lambda p: torch.optim.Adam(p, lr=2e-4, betas=(0.5, 0.999)), grads)
    return sgd[-1] / adam[-1]


CHECKS = {
    "csm-grid-rates-miss-band": _grid_rates_miss_band,
    "csm-grid-eta-repeated-renders": _grid_eta_repeated_renders,
    "csm-momentum-099-step-300": _momentum_099_step_300,
    "csm-gan-discriminator-step-after-switch": _gan_discriminator_step_after_switch,
    "csm-latent-factor-attention-memory": _latent_factor_attention_memory,
}
