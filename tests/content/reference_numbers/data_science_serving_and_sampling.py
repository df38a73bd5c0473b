"""The numeric answers of the data-science-serving-and-sampling bank (``dss-*``).

Their prompts set out a data scientist's serving and sampling arithmetic: the arrival rate one core
takes under a p99 budget when its queue is M/M/1 (the time in the system exponential with rate
μ − λ, its percentile taken from scipy.stats.expon), the daily alerts a recall and a false-positive
rate produce, the probability of a label at temperature 0.7 (torch.softmax, as the prompt names it),
the chance that a top-p cut lets a wrong digit through, and the run-to-run spread of an accuracy
whose uncertain tickets are binomial (scipy.stats.binom). The rest is written in exact fractions.
"""

from __future__ import annotations

import math
from fractions import Fraction

BANKS = ("data-science-serving-and-sampling",)


def _core_load_p99() -> float:
    from scipy.stats import expon

    mu, budget = 1 / 0.004, 0.050  # service rate per second; p99 budget in seconds
    # the p99 of an exponential time with rate r is ln 100 / r; solve p99 = budget for r = mu - lam
    margin = math.log(100) / budget
    lam = mu - margin
    assert math.isclose(expon(scale=1 / (mu - lam)).ppf(0.99), budget)
    return lam


def _alerts_per_day() -> float:
    daily, fraud_rate = 250_000, Fraction(4, 1000)
    recall, false_positive_rate = Fraction(60, 100), Fraction(1, 1000)
    frauds = daily * fraud_rate
    return float(frauds * recall + (daily - frauds) * false_positive_rate)


def _temperature_label_probability() -> float:
    import torch

    logits = torch.tensor([2.4, 1.6, 0.9, 0.2], dtype=torch.float64)  # billing, technical, account, other
    return torch.softmax(logits / 0.7, dim=0)[0].item()


def _top_p_extraction_digit() -> float:
    probs = [Fraction(72, 100), Fraction(12, 100), Fraction(8, 100), Fraction(5, 100)]  # "4", "7", "1", "9"
    top_p = Fraction(9, 10)
    kept, total = [], Fraction(0)
    for p in sorted(probs, reverse=True):  # smallest set of most likely tokens reaching top_p
        kept.append(p)
        total += p
        if total >= top_p:
            break
    return float(1 - probs[0] / total)


def _llm_classifier_run_spread() -> float:
    from scipy.stats import binom

    tickets, uncertain, p_right = 400, 90, 0.6
    return binom(uncertain, p_right).std() / tickets * 100  # percentage points


CHECKS = {
    "dss-core-load-p99": _core_load_p99,
    "dss-alerts-per-day": _alerts_per_day,
    "dss-temperature-label-probability": _temperature_label_probability,
    "dss-top-p-extraction-digit": _top_p_extraction_digit,
    "dss-llm-classifier-run-spread": _llm_classifier_run_spread,
}
