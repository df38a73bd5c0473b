"""The numeric answers of the creative-validation-and-metrics bank (``cvm-*``).

The training sets are the ones scikit-learn's GroupKFold makes with the prompt's books; the
near-duplicate leak is the exact chance, in fractions, that a twin lands outside an
image's fold; the listening test's interval and the expected best of eight normal draws come from
scipy.stats and scipy.integrate.
"""

from __future__ import annotations

import math
from fractions import Fraction

from tests.content.reference_numbers._shared import mean_of_max_of_normals

BANKS = ("creative-validation-and-metrics",)


def _groupkfold_smallest_train() -> float:
    import numpy as np
    from sklearn.model_selection import GroupKFold

    books = np.arange(60) // 5  # 12 books of 5 illustrations
    X = np.zeros((60, 1))
    train = sorted(len(tr) for tr, _ in GroupKFold(n_splits=5).split(X, groups=books))
    assert train == [45, 45, 50, 50, 50]
    # the explanation's alternatives: 4 or 6 folds make every fold the same size
    for k, size in ((4, 45), (6, 50)):
        assert {len(tr) for tr, _ in GroupKFold(n_splits=k).split(X, groups=books)} == {size}
    return train[0]


def _near_duplicates_across_folds() -> float:
    images, folds, paired = 60, 5, 20
    per_fold = images // folds
    outside = Fraction(images - per_fold, images - 1)  # the twin's place among the 59 others: 48 of them elsewhere
    return float(paired * outside)


def _mos_listener_interval() -> float:
    from scipy import stats

    means = [3.9, 4.2, 3.6, 4.4, 3.8, 4.1, 3.5, 4.3]
    n = len(means)
    sd = stats.tstd(means)  # sample standard deviation, n - 1
    return stats.t.ppf(0.975, n - 1) * sd / math.sqrt(n)


def _best_of_checkpoints_optimism() -> float:
    k, n = 8, 400
    expected_max = mean_of_max_of_normals(k)
    assert round(expected_max, 3) == 1.424  # the value the prompt states
    return 0.5 + expected_max * math.sqrt(0.5 * 0.5 / n)


CHECKS = {
    "cvm-groupkfold-smallest-train": _groupkfold_smallest_train,
    "cvm-near-duplicates-across-folds": _near_duplicates_across_folds,
    "cvm-mos-listener-interval": _mos_listener_interval,
    "cvm-best-of-checkpoints-optimism": _best_of_checkpoints_optimism,
}
