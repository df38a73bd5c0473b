"""The numeric answers of the creative-search-in-practice bank (``csp-*``).

Their prompts set out the arithmetic of a search: the GPU-hours of a random search's training runs and
validation renders, the seed sets per setting that bring the standard error of a difference of two means
down to a target, and the GPU-hours of an Optuna study whose pruned trials stop early. Each check writes
that arithmetic out in exact integers or fractions.
"""

from __future__ import annotations

from fractions import Fraction

BANKS = ("creative-search-in-practice",)


def _search_gpu_hours() -> float:
    trials, steps, per_step = 24, 1500, Fraction("1.6")
    training = trials * steps * per_step  # seconds
    renders = trials * 50 * 2 * Fraction("3.0")  # 50 prompts x 2 seeds per trial, seconds
    return float((training + renders) / 3600)


def _seeds_per_setting() -> float:
    sd, target = Fraction("0.12"), Fraction("0.04")
    # SE of the difference of two independent means = sd * sqrt(2 / n); squared: sd^2 * 2 / n <= target^2
    n = 1
    while sd**2 * 2 / n > target**2:
        n += 1
    return n


def _pruned_study_gpu_hours() -> float:
    steps = 5 * 2000 + 18 * 500 + 9 * 1000 + 8 * 2000  # start-up trials, pruned at 500 and 1,000, the rest
    return float(steps * Fraction("1.2") / 3600)


CHECKS = {
    "csp-search-gpu-hours": _search_gpu_hours,
    "csp-seeds-per-setting": _seeds_per_setting,
    "csp-pruned-study-gpu-hours": _pruned_study_gpu_hours,
}
