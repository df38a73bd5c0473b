"""The numeric answers of the creative-validation-and-tracking bank (``cvt-*``).

The spread of an accuracy measured on 40 rated renders is the standard deviation of
scipy.stats.binom divided by the number of renders, after checking with a real StratifiedKFold that
5-fold cross-validation tests each render exactly once; the epochs a micro-batch-logged run has
done at a shared chart position are exact arithmetic; the empty cells left by 16 random
configurations are counted in exact fractions and checked against scikit-learn's ParameterSampler
drawing from two scipy.stats.uniform ranges, with scipy.stats.qmc.Sobol shown to leave none; the
staged sweep is walked over the prompt's table of ratings with numpy.
"""

from __future__ import annotations

from fractions import Fraction

BANKS = ("creative-validation-and-tracking",)


def _tiny_set_accuracy_spread() -> float:
    import numpy as np
    from scipy.stats import binom
    from sklearn.model_selection import StratifiedKFold

    n, p = 40, 0.8
    # 5-fold cross-validation over the 40 renders (10 kept) tests each render once: the pooled
    # accuracy is a count of right answers out of 40
    y = np.array([1] * 10 + [0] * 30)
    tested = np.concatenate([test for _, test in StratifiedKFold(5, shuffle=True, random_state=0)
                             .split(np.zeros((n, 1)), y)])
    assert sorted(tested) == list(range(n))
    return float(binom(n, p).std() / n)


def _micro_batch_axis_epochs() -> float:
    images = 400
    run_a_steps = 10 * images // 4          # batch 4, one logged point per optimiser step
    assert run_a_steps == 1000
    micro_batch = 1                         # run B logs one point per micro-batch of 1 image
    images_seen_by_b = run_a_steps * micro_batch   # chart position 1,000 on run B's axis
    return float(Fraction(images_seen_by_b, images))


def _random_configs_empty_cells() -> float:
    import numpy as np
    from scipy.stats import qmc, uniform
    from sklearn.model_selection import ParameterSampler

    cells, draws = 16, 16
    expected = cells * Fraction(cells - 1, cells) ** draws

    def empty(guidance, strength) -> int:
        col = np.minimum(((np.asarray(guidance) - 3) / 2).astype(int), 3)      # 3-5, 5-7, 7-9, 9-11
        row = np.minimum(((np.asarray(strength) - 0.4) / 0.2).astype(int), 3)  # 0.4-0.6 ... 1.0-1.2
        return cells - len(set(zip(col.tolist(), row.tolist())))

    space = {"guidance_scale": uniform(3, 8), "lora_scale": uniform(0.4, 0.8)}
    searches = 200
    total = 0
    for seed in range(searches):
        drawn = list(ParameterSampler(space, n_iter=draws, random_state=seed))
        total += empty([d["guidance_scale"] for d in drawn], [d["lora_scale"] for d in drawn])
    assert abs(total / searches - float(expected)) < 0.3, (total / searches, float(expected))
    # a scrambled Sobol' sequence of 16 points puts one configuration in each cell
    for seed in range(5):
        u = qmc.Sobol(d=2, scramble=True, rng=seed).random_base2(m=4)
        assert empty(3 + 8 * u[:, 0], 0.4 + 0.8 * u[:, 1]) == 0
    return float(expected)


def _staged_sweep_gap() -> float:
    import numpy as np

    strengths, guidances = [0.4, 0.6, 0.8, 1.0], [3, 5, 7, 9]
    ratings = np.array([[4.8, 5.6, 6.3, 6.6],
                        [5.5, 6.4, 6.9, 6.2],
                        [6.6, 7.4, 6.5, 5.4],
                        [7.0, 6.8, 5.7, 4.6]])
    g = guidances.index(7)                       # stage 1: strength swept at the default guidance 7
    s = int(np.argmax(ratings[:, g]))
    g = int(np.argmax(ratings[s, :]))            # stage 2: guidance swept at the chosen strength
    assert (strengths[s], guidances[g]) == (0.6, 7)
    assert int(np.argmax(ratings[:, g])) == s    # a further pass would not move it
    return round(float(ratings.max() - ratings[s, g]), 10)


CHECKS = {
    "cvt-tiny-set-accuracy-spread": _tiny_set_accuracy_spread,
    "cvt-micro-batch-axis-epochs": _micro_batch_axis_epochs,
    "cvt-random-configs-empty-cells": _random_configs_empty_cells,
    "cvt-staged-sweep-misses-ridge": _staged_sweep_gap,
}
