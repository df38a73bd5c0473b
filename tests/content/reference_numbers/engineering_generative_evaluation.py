"""The numeric answers of the engineering-generative-evaluation bank (``mge-*``).

The perplexity of a padded toy batch is torch.nn.functional.cross_entropy over the flattened batch
with ignore_index=-100, set against the average of per-sequence losses; the near-duplicate's share
of shared word 4-grams is counted with Python's re and sets; the judge's win-rate interval is
scipy.stats.binomtest(...).proportion_ci() at its default (exact) method; the overstatement of a
judge that favours the first reply is exact arithmetic in fractions, with binomtest on the flips;
the trainable parameters of a head on a frozen backbone are counted on a real torch nn.Module.
Each check also asserts the side numbers its question's explanation quotes.
"""

from __future__ import annotations

import math
import re
from fractions import Fraction

BANKS = ("engineering-generative-evaluation",)


def _perplexity_padded_batch() -> float:
    import torch
    import torch.nn.functional as F

    f64 = dict(dtype=torch.float64)
    seq1 = torch.tensor([[2.0, 0.5, 0.0, -1.0], [0.5, 2.5, 0.0, 0.0]], **f64)
    seq2 = torch.tensor([[1.0, 0.0, 1.5, 0.5], [0.0, 2.0, 0.5, 1.0], [1.5, 0.0, 0.5, 1.0]], **f64)
    pad = torch.zeros(1, 4, **f64)  # the padded position's logits do not matter: its label is -100
    logits = torch.stack([torch.cat([seq1, pad]), seq2])
    labels = torch.tensor([[0, 1, -100], [2, 3, 2]])
    loss = F.cross_entropy(logits.view(-1, 4), labels.view(-1), ignore_index=-100)
    per_token = F.cross_entropy(logits.view(-1, 4), labels.view(-1), reduction="none")
    kept = per_token[labels.view(-1) != -100]
    assert [round(x, 3) for x in kept.tolist()] == [0.342, 0.262, 0.787, 1.546, 1.787]
    assert round(kept.sum().item(), 3) == 4.725 and round(loss.item(), 3) == 0.945
    # the named slips: the mean of the two sequences' losses, the mean of their perplexities, base 2
    l1 = F.cross_entropy(seq1, torch.tensor([0, 1]))
    l2 = F.cross_entropy(seq2, torch.tensor([2, 3, 2]))
    assert round(l1.item(), 3) == 0.302 and round(l2.item(), 3) == 1.374
    assert round(((l1 + l2) / 2).exp().item(), 2) == 2.31
    assert round(((l1.exp() + l2.exp()) / 2).item(), 2) == 2.65
    assert round(2 ** loss.item(), 2) == 1.93
    assert round(((l1 + l2) / 2).item(), 3) == 0.838
    assert round(torch.softmax(seq1[0], 0)[0].item(), 2) == 0.71  # the easy first token
    assert torch.softmax(seq2[1], 0)[3].item() < 0.22 and torch.softmax(seq2[2], 0)[2].item() < 0.22
    return loss.exp().item()


TRAIN_TICKET = ("Customer reports that the invoice for March was charged twice and asks for a refund of the "
                "second payment to the card ending 4417.")
HELD_OUT_TICKET = ("Customer reports that the invoice for April was charged twice and asks for a refund of the "
                   "duplicate payment to the card ending 4417.")


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower())


def _ngrams(text: str, n: int) -> list[tuple[str, ...]]:
    words = _words(text)
    return [tuple(words[i:i + n]) for i in range(len(words) - n + 1)]


def _shared_ngrams(n: int) -> int:
    """How many of the held-out ticket's word n-grams appear in the training ticket."""
    train = set(_ngrams(TRAIN_TICKET, n))
    return sum(g in train for g in _ngrams(HELD_OUT_TICKET, n))


def _near_duplicate_four_grams() -> float:
    held, train = _ngrams(HELD_OUT_TICKET, 4), set(_ngrams(TRAIN_TICKET, 4))
    assert len(_words(HELD_OUT_TICKET)) == 24 and len(held) == len(set(held)) == 21
    shared = _shared_ngrams(4)
    assert shared == 13
    # the 13-gram rule lets the ticket through; 8-grams and 5-grams, for the explanation
    assert _shared_ngrams(13) == 0 and len(_ngrams(HELD_OUT_TICKET, 13)) == 12
    assert _shared_ngrams(8) == 3 and len(_ngrams(HELD_OUT_TICKET, 8)) == 17
    assert _shared_ngrams(5) == 10
    # the named slips: the Jaccard index of the two sets of 4-grams, and the share not shared
    assert round(float(Fraction(shared, len(set(held) | train))), 2) == 0.45
    assert round(float(Fraction(len(held) - shared, len(held))), 2) == 0.38
    return shared / len(held)


def _judge_win_rate_exact_interval() -> float:
    from scipy import stats

    wins, losses, ties = 112, 64, 24
    test = stats.binomtest(wins, wins + losses)
    ci = test.proportion_ci()  # method="exact", Clopper-Pearson
    assert round(wins / (wins + losses), 3) == 0.636 and round(ci.high, 3) == 0.707
    assert round(test.pvalue, 5) == 0.00037
    wilson = test.proportion_ci(method="wilson").low
    p = wins / (wins + losses)
    wald = p - 1.96 * math.sqrt(p * (1 - p) / (wins + losses))
    assert round(wilson, 3) == 0.563 and round(wald, 3) == 0.565
    # the named slip: ties counted as losses, 112 of 200
    as_losses = stats.binomtest(wins, wins + losses + ties).proportion_ci().low
    assert round(as_losses, 3) == 0.488
    assert Fraction(wins * 2 + ties, 2 * (wins + losses + ties)) == Fraction(62, 100)  # ties as half a win
    return ci.low


def _judge_position_bias_overstatement() -> float:
    from scipy import stats

    both_new, both_old, first, second = 101, 47, 84, 18
    n = both_new + both_old + first + second
    assert n == 250
    fine_tune_first = Fraction(both_new + first, n)  # last month's fixed order
    fine_tune_second = Fraction(both_new + second, n)
    fair = (both_new + Fraction(first + second, 2)) / n  # a flipped verdict counts as a tie
    assert fine_tune_first == Fraction(74, 100) and fine_tune_second == Fraction(476, 1000)
    assert fair == Fraction(608, 1000) == (fine_tune_first + fine_tune_second) / 2
    assert Fraction(first + second, n) == Fraction(408, 1000)
    consistent_only = Fraction(both_new, both_new + both_old)
    assert round(float(consistent_only) * 100, 1) == 68.2
    assert round(float(fine_tune_first - consistent_only) * 100, 1) == 5.8  # the named slip
    flips = stats.binomtest(first, first + second)
    assert flips.pvalue < 1e-10 and round(first / (first + second), 2) == 0.82
    return float((fine_tune_first - fair) * 100)


def _frozen_backbone_trainable() -> int:
    from torch import nn

    class Scorer(nn.Module):
        def __init__(self):
            super().__init__()
            self.backbone = nn.Sequential(nn.Embedding(8000, 64), nn.Linear(64, 256), nn.GELU(),
                                          nn.Linear(256, 64), nn.LayerNorm(64))
            self.dropout = nn.Dropout(0.1)
            self.head = nn.Linear(64, 3)

    model = Scorer()
    model.backbone.requires_grad_(False)
    model.backbone[4].requires_grad_(True)
    trainable = sum(p.numel() for p in model.parameters() if p.requires_grad)
    frozen = sum(p.numel() for p in model.parameters() if not p.requires_grad)
    assert frozen == 545_088 and trainable + frozen == 545_411
    assert sum(p.numel() for p in model.head.parameters()) == 195
    assert sum(p.numel() for p in model.dropout.parameters()) == 0
    assert round(100 * trainable / (trainable + frozen), 3) == 0.059
    return trainable


CHECKS = {
    "mge-perplexity-padded-batch": _perplexity_padded_batch,
    "mge-near-duplicate-four-grams": _near_duplicate_four_grams,
    "mge-judge-win-rate-exact-interval": _judge_win_rate_exact_interval,
    "mge-judge-position-bias-overstatement": _judge_position_bias_overstatement,
    "mge-frozen-backbone-trainable": _frozen_backbone_trainable,
}
