"""The numeric answers of the manager-tuning-choices bank (``mtc-*``).

Their prompts set out a manager's arithmetic: the share of a small fine-tune that a model card's
warm-up would take, the trials a month at which running Optuna in-house beats a managed service,
the trials a weekend of GPUs buys with a pruner, and the updates a fine-tune with gradient
accumulation made. Each check writes that arithmetic out in exact fractions.
"""

from __future__ import annotations

import math
from fractions import Fraction

BANKS = ("manager-tuning-choices",)


def _model_card_warmup_share() -> float:
    examples, batch, epochs, warmup = 4000, 16, 3, 500
    steps = Fraction(examples, batch) * epochs  # one optimiser step per batch
    return float(Fraction(warmup) / steps * 100)  # percent


def _managed_tuner_break_even() -> int:
    gpu_hours_per_trial = 3
    saving_per_trial = gpu_hours_per_trial * (Fraction("4.10") - Fraction("2.50"))
    fixed_per_month = Fraction(9600, 12) + 1200  # integration spread over 12 months, plus upkeep
    trials = math.floor(fixed_per_month / saving_per_trial) + 1  # the first volume where in-house is cheaper

    def managed(n):
        return n * gpu_hours_per_trial * Fraction("4.10")

    def in_house(n):
        return n * gpu_hours_per_trial * Fraction("2.50") + fixed_per_month

    assert in_house(trials) < managed(trials) and in_house(trials - 1) >= managed(trials - 1)
    return trials


def _weekend_trials_with_pruner() -> float:
    budget = 16 * 48  # GPU-hours
    epoch = Fraction(9, 60)  # GPU-hours
    full = 20 * epoch
    reference = 32
    later = Fraction(6, 10) * 4 * epoch + Fraction(4, 10) * full  # expected cost of a later trial
    return float(reference + (budget - reference * full) / later)


def _forgetting_update_count() -> int:
    examples, batch, accumulation, epochs = 25_600, 32, 4, 4
    per_epoch = Fraction(examples, batch * accumulation)
    assert per_epoch.denominator == 1
    return int(per_epoch * epochs)


CHECKS = {
    "mtc-model-card-warmup-share": _model_card_warmup_share,
    "mtc-managed-tuner-break-even": _managed_tuner_break_even,
    "mtc-weekend-trials-with-pruner": _weekend_trials_with_pruner,
    "mtc-forgetting-update-count": _forgetting_update_count,
}
