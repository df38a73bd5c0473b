"""The numeric answers of the manager-search-and-serving-choices bank (``mss-*``).

The trials a random search needs for a 90% chance of the top 5% are counted in exact fractions
(and the chance is checked against a numpy simulation of the draws); the trials that Optuna 5.1's
TPESampler proposes from its model are counted by playing the prompt's schedule of workers through
a real study's ask-and-tell interface, with the explanation's other schedules checked beside it;
the cost per 1,000 tickets applies the prompt's p99 budget to its load-test rows and prices the
largest batch that fits in exact fractions, with the explanation's comparison to model B and the
monthly bill of whole GPUs checked beside it.
"""

from __future__ import annotations

import math
from fractions import Fraction

BANKS = ("manager-search-and-serving-choices",)


def _random_trials_for_ninety_percent() -> int:
    import numpy as np

    miss, target = Fraction(95, 100), Fraction(9, 10)
    n = 1
    while 1 - miss**n < target:
        n += 1
    assert round(float(1 - miss**20), 3) == 0.642  # the plan's 20 trials: about 64%
    assert 1 - miss ** (n - 1) < target <= 1 - miss**n
    # the same chance read off simulated searches: uniform positions, the top 5% being below 0.05
    rng = np.random.default_rng(0)
    hits = (rng.random((20_000, n)) < 0.05).any(axis=1).mean()
    assert abs(hits - float(1 - miss**n)) < 0.01, hits
    return n


def _modelled_trials(workers: int, budget: int) -> int:
    """How many trials TPESampler (Optuna's defaults, seed 0) proposes from its model when
    ``budget`` trials run on ``workers`` workers that start and finish each round together."""
    import optuna

    optuna.logging.set_verbosity(optuna.logging.WARNING)
    sampler = optuna.samplers.TPESampler(seed=0)
    modelled = set()
    fit_model = sampler._sample  # TPE's own proposals; the random start goes to its RandomSampler

    def recording(study, trial, search_space):
        modelled.add(trial.number)
        return fit_model(study, trial, search_space)

    sampler._sample = recording
    study = optuna.create_study(sampler=sampler, direction="maximize")
    started = 0
    while started < budget:
        running = [study.ask() for _ in range(min(workers, budget - started))]  # a round starts together
        scores = []
        for trial in running:
            lr = trial.suggest_float("learning_rate", 1e-5, 1e-2, log=True)
            wd = trial.suggest_float("weight_decay", 1e-6, 1e-1, log=True)
            dropout = trial.suggest_float("dropout", 0.0, 0.5)
            trial.suggest_categorical("batch_size", [16, 32, 64])
            scores.append(-(math.log10(lr) + 3.5) ** 2 - 0.1 * (math.log10(wd) + 3) ** 2 - dropout)
        for trial, score in zip(running, scores):  # ... and finishes together
            study.tell(trial, score)
        started += len(running)
    return len(modelled)


def _tpe_random_start_on_16_workers() -> int:
    # the explanation's other schedules: one at a time, 10, 8 and 20 workers
    assert [_modelled_trials(w, 20) for w in (1, 10, 8, 20)] == [10, 10, 4, 0]
    return _modelled_trials(16, 20)


def _accurate_model_cost_per_thousand() -> float:
    budget = Fraction(3, 2)  # seconds at p99
    # (batch, tickets a second on one GPU, p99 in seconds) from the load tests
    a_on_h100 = [(4, 5, Fraction(9, 10)), (8, 8, Fraction(14, 10)), (16, 11, Fraction(23, 10))]
    b_on_l4 = [(4, 4, Fraction(8, 10)), (8, 6, Fraction(12, 10)), (16, 9, Fraction(19, 10))]
    h100, l4 = Fraction(360, 100), Fraction(90, 100)  # dollars an hour

    def best_allowed(rows):
        return max((row for row in rows if row[2] <= budget), key=lambda row: row[0])

    def per_thousand(rows, price):
        _, rate, _ = best_allowed(rows)
        return price * Fraction(1000, rate) / 3600

    a, b = per_thousand(a_on_h100, h100), per_thousand(b_on_l4, l4)
    assert best_allowed(a_on_h100)[0] == best_allowed(b_on_l4)[0] == 8
    assert a / b == 3 and round(float(b), 3) == 0.042
    # whole GPUs at a peak of 20 tickets a second over a 720-hour month
    monthly_a = math.ceil(Fraction(20, 8)) * h100 * 720
    monthly_b = math.ceil(Fraction(20, 6)) * l4 * 720
    assert (monthly_a, monthly_b, monthly_a - monthly_b) == (7776, 2592, 5184)
    return float(a)


CHECKS = {
    "mss-random-trials-for-ninety-percent": _random_trials_for_ninety_percent,
    "mss-tpe-random-start-on-16-workers": _tpe_random_start_on_16_workers,
    "mss-accurate-model-cost-per-thousand": _accurate_model_cost_per_thousand,
}
