"""The numeric answers of the creative-search-setup bank (``cgt-*``).

The grid's GPU time walks scikit-learn's ParameterGrid over the prompt's dictionary and prices each
cell by its step count; the expected share of a sampler among ParameterSampler's picks from a
list of dictionaries is counted on the ParameterGrid of the list and checked against the mean over
many seeds of ParameterSampler; the chance of a sampler never drawn is inclusion and exclusion in
exact fractions, after checking that a space with a distribution in it is drawn with replacement; the smallest
test fold is read off a real GroupKFold over the prompt's characters.
"""

from __future__ import annotations

import math
from fractions import Fraction

BANKS = ("creative-search-setup",)


def _grid_render_gpu_hours() -> float:
    from sklearn.model_selection import ParameterGrid

    grid = ParameterGrid({"sampler": ["DDIM", "Euler", "DPM-Solver++ 2M"],
                          "guidance_scale": [4, 6, 8, 10], "num_inference_steps": [20, 30, 50]})
    images_per_cell = 30 * 4  # prompts x seeds
    seconds = sum(images_per_cell * (Fraction(3, 10) + Fraction(6, 100) * cell["num_inference_steps"])
                  for cell in grid)
    return float(seconds / 3600)


def _sampler_share_list_of_dicts() -> float:
    from scipy.stats import uniform
    from sklearn.model_selection import ParameterGrid, ParameterSampler

    guidance, steps = [3, 4.5, 6, 7.5, 9], [20, 30, 40, 50]
    space = [{"sampler": ["DDIM"], "eta": [0.0, 0.5, 1.0], "guidance_scale": guidance, "num_inference_steps": steps},
             {"sampler": ["Euler", "DPM-Solver++ 2M"], "guidance_scale": guidance, "num_inference_steps": steps}]
    grid, n_iter = ParameterGrid(space), 20
    assert len(grid) == 100
    # every setting a list: n_iter distinct cells of the one grid, each cell equally likely
    expected = Fraction(n_iter * sum(cell["sampler"] == "Euler" for cell in grid), len(grid))
    searches = 500

    def mean_euler(space) -> float:
        return sum(d["sampler"] == "Euler" for seed in range(searches)
                   for d in ParameterSampler(space, n_iter=n_iter, random_state=seed)) / searches

    assert abs(mean_euler(space) - expected) < 0.2, mean_euler(space)
    # with a distribution in the space a dictionary is picked first, half the draws each: 5 Euler
    with_distribution = [dict(d, guidance_scale=uniform(3, 6)) for d in space]
    assert abs(mean_euler(with_distribution) - 5) < 0.2
    return float(expected)


def _random_search_misses_a_sampler() -> float:
    from scipy.stats import uniform
    from sklearn.model_selection import ParameterSampler

    samplers, n_iter = ["DDIM", "Euler", "Euler ancestral", "DPM-Solver++ 2M"], 10
    space = {"sampler": samplers, "num_inference_steps": [20, 25, 30, 40, 50], "guidance_scale": uniform(3, 9)}
    k = len(samplers)
    # P(at least one sampler never drawn), by inclusion and exclusion over the samplers missed
    p = sum((-1) ** (j + 1) * math.comb(k, j) * Fraction(k - j, k) ** n_iter for j in range(1, k))
    # with a distribution in the space every setting is drawn independently, with replacement:
    # the share of searches that leave a sampler out agrees with the formula
    searches = 600
    missed = sum(len({d["sampler"] for d in ParameterSampler(space, n_iter=n_iter, random_state=seed)}) < k
                 for seed in range(searches))
    assert abs(missed / searches - p) < 0.05, (missed / searches, float(p))
    return float(p)


def _groupkfold_character_folds() -> int:
    import numpy as np
    from sklearn.model_selection import GroupKFold

    renders = [40, 30, 25, 20, 15, 10, 10, 5, 5]
    groups = np.repeat(np.arange(len(renders)), renders)
    X = np.zeros((len(groups), 1))
    return min(len(test) for _, test in GroupKFold(n_splits=3).split(X, groups=groups))


CHECKS = {
    "cgt-grid-render-gpu-hours": _grid_render_gpu_hours,
    "cgt-sampler-share-list-of-dicts": _sampler_share_list_of_dicts,
    "cgt-random-search-misses-a-sampler": _random_search_misses_a_sampler,
    "cgt-groupkfold-character-folds": _groupkfold_character_folds,
}
