"""The numeric answers of the manager-generative-projects bank (``mgp-*``).

Their prompts set out a manager's arithmetic for a team that tunes text generators: the projects
after which Bayesian optimisation repays its set-up against random search, and the extra drafts a
higher temperature costs when a checker must pass one of them, both in exact fractions; the share of
replies with a wrong fact at temperature 1.2, computed with torch.softmax as the prompt names; and the
side-by-side ratings that detect a 55% preference, with the z values from scipy.stats.norm.
"""

from __future__ import annotations

import math
from fractions import Fraction

BANKS = ("manager-generative-projects",)


def _bo_payback_projects() -> float:
    trial = 8 * 3 * Fraction("2.50")  # GPUs × hours × $ per GPU-hour
    net_per_project = (60 - 24) * trial - 360  # trials saved, less the extra engineer time
    setup, projects = 15_000, 1
    while projects * net_per_project < setup:
        projects += 1
    return float(projects)


def _temperature_wrong_refund() -> float:
    import torch

    logits = torch.tensor([6.0, 2.8, 2.1, 1.3], dtype=torch.float64)  # "30" (right), "14", "60", "90"
    probs = torch.softmax(logits / 1.2, dim=0)
    return 100 * (1 - probs[0].item())  # per cent of replies with a wrong window


def _ratings_for_55_percent() -> float:
    from scipy.stats import norm

    p0, p1, alpha, power = 0.5, 0.55, 0.05, 0.8
    z_a, z_b = norm.ppf(1 - alpha / 2), norm.ppf(power)
    n = ((z_a * math.sqrt(p0 * (1 - p0)) + z_b * math.sqrt(p1 * (1 - p1))) / (p1 - p0)) ** 2
    return float(math.ceil(n))


def _drafts_needed(pass_rate: Fraction, target: Fraction = Fraction(99, 100)) -> int:
    n = 1
    while 1 - (1 - pass_rate) ** n < target:  # at least one of n independent drafts passes
        n += 1
    return n


def _best_of_n_cost() -> float:
    extra = _drafts_needed(Fraction("0.70")) - _drafts_needed(Fraction("0.92"))  # temperature 1.2 vs 0.7
    return float(extra * 100_000 * Fraction("0.002"))


CHECKS = {
    "mgp-bo-payback-projects": _bo_payback_projects,
    "mgp-temperature-wrong-refund": _temperature_wrong_refund,
    "mgp-ratings-for-55-percent": _ratings_for_55_percent,
    "mgp-best-of-n-cost": _best_of_n_cost,
}
