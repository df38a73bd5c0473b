"""The numeric answers of the creative-validation-and-metrics bank (``cvm-*``).

The search's cost counts the fits scikit-learn's GridSearchCV makes with the prompt's grid, groups
and refit; the near-duplicate leak is the exact chance, in fractions, that a twin lands outside an
image's fold; the listening test's interval and the expected best of eight normal draws come from
scipy.stats and scipy.integrate.
"""

from __future__ import annotations

import math
from fractions import Fraction

from tests.content.reference_numbers._shared import fit_counter, mean_of_max_of_normals

BANKS = ("creative-validation-and-metrics",)


def _cv_search_gpu_hours() -> float:
    import numpy as np
    from sklearn.model_selection import GridSearchCV, GroupKFold

    estimator, fits, X, y = fit_counter()  # 60 rows, one per illustration
    books = np.arange(60) // 5  # 12 books of 5 illustrations
    grid = {"a": [4, 8, 16, 32], "b": [5e-5, 1e-4, 2e-4]}  # rank x learning rate
    GridSearchCV(estimator, grid, cv=GroupKFold(n_splits=5), refit=True).fit(X, y, groups=books)
    return len(fits) * Fraction(24, 60)  # 24 minutes per training, in GPU-hours


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
    "cvm-cv-search-gpu-hours": _cv_search_gpu_hours,
    "cvm-near-duplicates-across-folds": _near_duplicates_across_folds,
    "cvm-mos-listener-interval": _mos_listener_interval,
    "cvm-best-of-checkpoints-optimism": _best_of_checkpoints_optimism,
}
