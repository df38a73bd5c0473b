"""The numeric answers of the manager-reading-results bank (``mrr-*``).

Their prompts set out a manager's arithmetic: the false "improvements" expected by chance when many
configurations are each tested against the production model, and the months a fine-tune's savings
per request take to repay its one-off cost against a prompted hosted model. Each check writes that
arithmetic out in exact fractions.
"""

from __future__ import annotations

from fractions import Fraction

BANKS = ("manager-reading-results",)


def _false_improvements() -> float:
    comparisons, level = 50, Fraction(5, 100)
    return float(comparisons * level)  # expected false wins: the sum of the 50 probabilities


def _finetune_or_prompt_break_even() -> float:
    one_off = 24 * 10 * Fraction("2.50") + 4200  # search compute plus labelling and evaluation
    saving_per_month = (Fraction("0.006") - Fraction("0.002")) * 150_000
    return float(one_off / saving_per_month)


CHECKS = {
    "mrr-false-improvements": _false_improvements,
    "mrr-finetune-or-prompt-break-even": _finetune_or_prompt_break_even,
}
