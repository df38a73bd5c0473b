"""The numeric answers of the data-science-generative-sampling bank (``dgs-*``).

The entropy of a next-token distribution at two temperatures comes from
torch.distributions.Categorical on the logits divided by the temperature; the size of a top-p
nucleus is counted with torch.sort and torch.cumsum and read again off Hugging Face's
TopPLogitsWarper; pass@5 is Chen et al.'s unbiased estimator in exact fractions with math.comb;
the paired t statistic is scipy.stats.ttest_rel; the optimism of the best of 16 equally good
settings is the mean of the largest of 16 normals, integrated with scipy and checked against a
seeded numpy simulation. Each check also asserts the side numbers its question's explanation
quotes.
"""

from __future__ import annotations

import math
from fractions import Fraction

from tests.content.reference_numbers._shared import mean_of_max_of_normals

BANKS = ("data-science-generative-sampling",)


def _entropy_temperature_bits() -> float:
    import torch

    logits = torch.tensor([4.0, 3.1, 2.5, 1.2, 0.4, -0.3], dtype=torch.float64)

    def bits(t: float) -> float:  # Categorical.entropy() is in nats
        return torch.distributions.Categorical(logits=logits / t).entropy().item() / math.log(2)

    assert round(bits(0.7), 2) == 1.24 and round(bits(1.0), 2) == 1.65 and round(bits(1.3), 2) == 1.91
    assert round(torch.softmax(logits / 0.7, dim=0)[0].item(), 3) == 0.704
    assert round(torch.softmax(logits / 1.3, dim=0)[0].item(), 3) == 0.492
    # the named slips: the rise in nats, and the logits multiplied by the temperature
    assert round((bits(1.3) - bits(0.7)) * math.log(2), 2) == 0.47
    mult = (torch.distributions.Categorical(logits=logits * 1.3).entropy()
            - torch.distributions.Categorical(logits=logits * 0.7).entropy()).item() / math.log(2)
    assert round(mult, 2) == -0.65
    assert all(bits(a) < bits(b) for a, b in [(0.3, 0.7), (1.3, 2.0), (2.0, 5.0)])  # rises with T
    return bits(1.3) - bits(0.7)


def _nucleus_size(probs, top_p: float) -> int:
    """The smallest set of most likely tokens whose probabilities reach top_p (sort, cumsum)."""
    import torch

    ordered, _ = torch.sort(probs, descending=True)
    before = torch.cumsum(ordered, dim=0) - ordered  # the mass ranked above each token
    return int((before < top_p).sum())


def _top_p_flat_step_count() -> int:
    import torch
    from transformers.generation.logits_process import TopKLogitsWarper, TopPLogitsWarper

    f64 = dict(dtype=torch.float64)
    flat = torch.cat([torch.full((10,), 0.03, **f64), torch.full((50,), 0.0132, **f64),
                      torch.full((940,), 0.04 / 940, **f64)])
    peaked = torch.cat([torch.tensor([0.82, 0.09], **f64), torch.full((8,), 0.01, **f64),
                        torch.full((990,), 0.01 / 990, **f64)])
    assert math.isclose(flat.sum().item(), 1) and math.isclose(peaked.sum().item(), 1)
    kept = _nucleus_size(flat, 0.9)
    # Hugging Face's warpers on the same steps, as log-probabilities
    def finite(warper, p):
        return int(torch.isfinite(warper(None, torch.log(p).unsqueeze(0))).sum())

    assert finite(TopPLogitsWarper(0.9), flat) == kept
    assert _nucleus_size(peaked, 0.9) == finite(TopPLogitsWarper(0.9), peaked) == 2
    assert finite(TopKLogitsWarper(10), flat) == finite(TopKLogitsWarper(10), peaked) == 10
    ordered, _ = torch.sort(flat, descending=True)
    assert round(ordered[:55].sum().item(), 4) == 0.894 and round(ordered[:56].sum().item(), 4) == 0.9072
    assert round(float(Fraction(6, 10) / Fraction(132, 10000)), 2) == 45.45  # tokens past the ten best
    assert round(float(Fraction(8, 100) / Fraction(99, 100)), 3) == 0.081  # top-k's draws of a 0.01 token
    return kept


def _pass_at_k_mean_over_problems() -> float:
    n, k, counts = 20, 5, [0, 2, 5, 20]

    def pass_at_k(c: int) -> Fraction:  # Chen et al. (2021): 1 - C(n - c, k) / C(n, k)
        return 1 - Fraction(math.comb(n - c, k), math.comb(n, k))

    each = [pass_at_k(c) for c in counts]
    assert each[1] == 1 - Fraction(8568, 15504) and each[2] == 1 - Fraction(3003, 15504)
    assert [round(float(e), 3) for e in each] == [0.0, 0.447, 0.806, 1.0]
    # the named slips: the plug-in 1 - (1 - c/n)^k per problem, and the pooled rate
    plug_in = sum(1 - (1 - Fraction(c, n)) ** k for c in counts) / len(counts)
    pooled = 1 - (1 - Fraction(sum(counts), n * len(counts))) ** k
    assert round(float(plug_in), 3) == 0.543 and round(float(pooled), 3) == 0.872
    assert sum(Fraction(c, n) for c in counts) / len(counts) == Fraction(3375, 10000)  # pass@1
    return float(sum(each) / len(each))


def _paired_ratings_t() -> float:
    import numpy as np
    from scipy import stats

    a = np.array([6.1, 4.3, 7.8, 5.0, 3.6, 8.2, 6.7, 4.9, 7.1, 5.5, 3.9, 6.4])
    b = np.array([6.5, 4.4, 8.3, 4.8, 4.2, 8.5, 6.9, 5.4, 7.0, 5.9, 4.2, 6.6])
    paired = stats.ttest_rel(b, a)
    d = b - a
    assert round(d.mean(), 3) == 0.267 and round(d.std(ddof=1), 3) == 0.242
    assert round(d.std(ddof=1) / math.sqrt(len(d)), 3) == 0.070 and paired.df == 11
    assert round(paired.pvalue, 4) == 0.0029
    low, high = paired.confidence_interval()
    assert (round(low, 2), round(high, 2)) == (0.11, 0.42)
    unpaired = stats.ttest_ind(b, a)  # the named slip: the two columns as independent samples
    assert round(unpaired.statistic, 2) == 0.43 and round(unpaired.pvalue, 2) == 0.67
    assert round(a.std(ddof=1), 1) == 1.5 and round(b.std(ddof=1), 1) == 1.5
    return float(paired.statistic)


def _best_of_settings_optimism() -> float:
    import numpy as np

    settings, sd = 16, 0.4
    e_max = mean_of_max_of_normals(settings)
    assert round(e_max, 3) == 1.766
    draws = np.random.default_rng(0).normal(0, sd, size=(40_000, settings)).max(axis=1)
    assert abs(draws.mean() - sd * e_max) < 0.01
    assert round(sd * math.sqrt(2 * math.log(settings)), 2) == 0.94  # the named slip: √(2 ln n)
    assert round(sd / 2 * e_max, 2) == 0.35  # four times the samples halve the noise and the optimism
    return sd * e_max


CHECKS = {
    "dgs-entropy-temperature-bits": _entropy_temperature_bits,
    "dgs-top-p-flat-step-count": _top_p_flat_step_count,
    "dgs-pass-at-k-mean-over-problems": _pass_at_k_mean_over_problems,
    "dgs-paired-ratings-t": _paired_ratings_t,
    "dgs-best-of-settings-optimism": _best_of_settings_optimism,
}
