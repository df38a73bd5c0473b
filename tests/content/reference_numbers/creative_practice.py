"""The numeric answers of the two creative-roles banks of 2026-12-04 (``cfs-*``, ``ctp-*``).

Their prompts name torch.optim and its schedulers, GridSearchCV, a DataLoader; each check takes
the prompt's quantities and asks that library (or scipy) for the result. ``FIGURES`` holds the
figures the EMA question quotes, from torch's AveragedModel.
"""

from __future__ import annotations

import math

import numpy as np

from tests.content.reference_numbers._shared import rate_after, weight_moves

BANKS = ("creative-fitting-and-search", "creative-training-practice")


def _vae_heads() -> float:
    import torch

    heads = (torch.nn.Linear(512, 16), torch.nn.Linear(512, 16))  # means, log-variances
    return sum(p.numel() for head in heads for p in head.parameters())


def _ada_overfit() -> float:
    signs = np.sign(np.r_[np.full(52, 0.7), np.full(12, -0.4)])  # 52 positive scores, 12 negative
    return float(signs.mean())


def _narrow_transformer() -> float:
    import torch

    d, layers, vocab = 256, 8, 8000
    block = [torch.nn.MultiheadAttention(d, 8, bias=False), torch.nn.Linear(d, 4 * d, bias=False),
             torch.nn.Linear(4 * d, d, bias=False)]
    per_layer = sum(p.numel() for m in block for p in m.parameters())
    tied = torch.nn.Embedding(vocab, d).weight.numel()  # input and output share it
    return (layers * per_layer + tied) / 1e6


def _grid_fits() -> float:
    from sklearn.datasets import make_classification
    from sklearn.model_selection import GridSearchCV
    from sklearn.svm import SVC

    fits = []

    class Counting(SVC):
        def fit(self, X, y, sample_weight=None):
            fits.append(1)
            return super().fit(X, y, sample_weight)

    grid = [{"kernel": ["linear"], "C": [0.1, 1, 10, 100]},
            {"kernel": ["rbf"], "C": [0.1, 1, 10, 100], "gamma": [0.001, 0.01, 0.1]}]
    X, y = make_classification(n_samples=60, n_features=4, random_state=0)
    GridSearchCV(Counting(), grid, cv=5).fit(X, y)
    return len(fits)


def _random_band_hits() -> float:
    from scipy import stats

    share = stats.uniform(1, 12).cdf(7.5) - stats.uniform(1, 12).cdf(6.5)  # guidance drawn on [1, 13]
    return 64 * share


def _random_expected_best() -> float:
    from scipy import stats

    # the best of n uniform shares' complement is Beta(1, n): its mean is what beats the best
    return next(n for n in range(1, 1000) if stats.beta(1, n).mean() <= 0.02)


def _paired_standard_error() -> float:
    from scipy import stats

    a = [0.712, 0.655, 0.690, 0.601, 0.684]
    b = [0.731, 0.668, 0.716, 0.605, 0.709]
    mean = float(np.mean(np.subtract(b, a)))
    return mean / stats.ttest_rel(b, a).statistic  # t = mean difference / its standard error


def _momentum_samples() -> float:
    import torch

    w = torch.zeros(1, requires_grad=True)
    opt = torch.optim.SGD([w], lr=1.0, momentum=0.9, dampening=0)
    weights = []
    for step in range(400):  # one unit gradient, then none: the buffer's weight on it, step by step
        before = w.item()
        w.grad = torch.ones(1) if step == 0 else torch.zeros(1)
        opt.step()
        weights.append(before - w.item())
    weights = np.array(weights)
    return float(weights.sum() ** 2 / (weights ** 2).sum())  # effective sample size of the weights


def _exponential_decay() -> float:
    from torch.optim.lr_scheduler import ExponentialLR

    return rate_after(lambda o: ExponentialLR(o, gamma=0.999), 1000, 2e-4)[0]


def _restarts_last_settled_checkpoint() -> float:
    import warnings

    import torch
    from torch.optim.lr_scheduler import CosineAnnealingWarmRestarts, LinearLR, SequentialLR

    peak, stop = 1e-4, 6000
    opt = torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=peak)
    sched = SequentialLR(opt, [LinearLR(opt, start_factor=0.01, total_iters=500),
                               CosineAnnealingWarmRestarts(opt, T_0=1000, T_mult=2)], milestones=[500])
    rates = [peak * 0.01]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # SequentialLR's own step of the restarting scheduler
        for _ in range(stop):
            opt.step()
            sched.step()
            rates.append(opt.param_groups[0]["lr"])
    # a cycle ends after the step whose count the rate then jumps back up to the peak at
    restarts = [steps for steps in range(501, stop + 1) if rates[steps] > rates[steps - 1]]
    assert restarts == [1500, 3500] and math.isclose(rates[stop], 1e-4 * (1 + math.cos(0.625 * math.pi)) / 2)
    return restarts[-1]


def _rmsprop_loss_scale_recovery() -> int:
    import torch

    lr = 5e-5
    # 5,000 steps at a steady 0.3, then the loss scaled by 0.1: a steady 0.03
    moves = weight_moves(lambda p: torch.optim.RMSprop(p, lr=lr), [0.3] * 5000 + [0.03] * 1000)
    before, after = abs(moves[4999]), [abs(m) for m in moves[5000:]]
    assert math.isclose(before, lr, rel_tol=1e-6) and math.isclose(after[0], 0.1 * lr, rel_tol=0.01)
    return next(t for t, move in enumerate(after, 1) if move >= before / 2)


def _spike_batch() -> float:
    from torch.utils.data import DataLoader

    loader = DataLoader(range(10_000), batch_size=16, shuffle=False)
    spikes = (1437, 2062, 2687)
    assert len({s % len(loader) for s in spikes}) == 1  # one batch, once an epoch
    return next(int(batch[0]) for k, batch in enumerate(loader) if k == spikes[0] % len(loader))


def _accumulation_gpu_hours() -> float:
    micro_per_gpu = 64 // (8 * 4)  # micro-batches each GPU runs per optimiser step
    return 3000 * micro_per_gpu * 0.9 * 8 / 3600


def _bits_per_character() -> float:
    return 2.2 / math.log(2) / 4.0


CHECKS = {
    "cfs-vae-latent-heads": _vae_heads,
    "cfs-ada-overfit-heuristic": _ada_overfit,
    "cfs-lyrics-transformer-width": _narrow_transformer,
    "cfs-gridsearchcv-kernel-fits": _grid_fits,
    "cfs-random-vs-grid-guidance-band": _random_band_hits,
    "cfs-random-expected-best": _random_expected_best,
    "cfs-paired-fold-difference": _paired_standard_error,
    "ctp-momentum-noise-averaging": _momentum_samples,
    "ctp-vocoder-exponential-decay": _exponential_decay,
    "ctp-restarts-last-settled-checkpoint": _restarts_last_settled_checkpoint,
    "ctp-rmsprop-loss-scale-recovery": _rmsprop_loss_scale_recovery,
    "ctp-spike-batch-index": _spike_batch,
    "ctp-accumulation-gpu-hours": _accumulation_gpu_hours,
    "ctp-bits-per-character": _bits_per_character,
}


def _resume_without_ema_state_figures() -> None:
    """ctp-resume-without-ema-state's text, from torch's AveragedModel with an EMA of decay 0.9995: a
    memory of about 2,000 steps, and a copy restarted from the raw weights still 37% that restart point
    2,000 steps later and 5% after 6,000; a copy started at zero instead is about 5% of the weights'
    size after 100 steps."""
    import torch
    from torch.optim.swa_utils import AveragedModel, get_ema_multi_avg_fn

    decay = 0.9995
    assert round(1 / (1 - decay)) == 2000

    def share_of_start(start: float, steps: int) -> float:
        """The copy's weight after ``steps`` updates towards a raw weight of 1, begun at ``start``."""
        raw = torch.nn.Linear(1, 1, bias=False)
        ema = AveragedModel(raw, multi_avg_fn=get_ema_multi_avg_fn(decay))
        with torch.no_grad():
            raw.weight.fill_(start)
        ema.update_parameters(raw)  # the first update copies the raw weights
        with torch.no_grad():
            raw.weight.fill_(1.0)
        for _ in range(steps):
            ema.update_parameters(raw)
        return ema.module.weight.item()

    assert round(1 - share_of_start(0.0, 2000), 2) == 0.37  # the restart point's share of the copy
    assert round(1 - share_of_start(0.0, 6000), 2) == 0.05
    assert round(share_of_start(0.0, 100), 2) == 0.05  # a copy begun at zero, 100 steps on


#: figures the text of a question with no typed number quotes (tests/content/test_reference_numbers.py)
FIGURES = {
    "ctp-resume-without-ema-state": _resume_without_ema_state_figures,
}
