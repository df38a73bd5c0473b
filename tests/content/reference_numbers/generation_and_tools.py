"""The numeric answers of the creative-generation, creative-search-and-evaluation and
tools-and-architecture banks (``cg-*``, ``cse-*``, ``ta-*``).

Their prompts name sampling from logits (temperature, top-k, top-p, penalties), diffusion
guidance and its cost, FID and CLIP score, preference win rates, LoRA and layer parameter counts,
scikit-learn's forests and searches, Optuna's TPE defaults and serving budgets; each check takes the
prompt's quantities and asks torch, scikit-learn, scipy or Optuna for the result, or writes out the
arithmetic the prompt sets out.
"""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np

from tests.content.reference_numbers._shared import fit_counter

BANKS = ("creative-generation", "creative-search-and-evaluation", "tools-and-architecture")


def _nucleus(probs, p: float):
    """The top-p mask of ``probs``: the smallest set of most likely tokens whose mass reaches p, the
    rule of Hugging Face's TopPLogitsWarper (a token is kept while the mass before it is below p)."""
    import torch

    ordered, order = torch.sort(probs, descending=True)
    before = torch.cumsum(ordered, 0) - ordered
    mask = torch.zeros_like(probs, dtype=torch.bool)
    mask[order] = before < p
    return mask


def _temperature_softmax() -> float:
    import torch

    probs = torch.softmax(torch.tensor([2.0, 1.0, 0.0]) / 0.5, 0)
    return round(probs.max().item(), 3)


def _top_k_renormalise() -> float:
    import torch

    kept = torch.topk(torch.tensor([0.5, 0.3, 0.15, 0.05]), k=2).values
    return round((kept / kept.sum())[1].item(), 3)  # the second most likely token


def _top_p_nucleus() -> float:
    import torch

    probs = torch.tensor([0.5, 0.3, 0.15, 0.05], dtype=torch.float64)
    kept = torch.where(_nucleus(probs, 0.9), probs, torch.zeros_like(probs))
    return round((kept / kept.sum())[2].item(), 3)  # the third most likely token


def _temperature_before_top_p() -> float:
    import torch

    probs = torch.tensor([0.5, 0.3, 0.15, 0.05], dtype=torch.float64)
    tempered = torch.softmax(probs.log() / 2.0, 0)  # temperature 2 on the log-probabilities first
    return int(_nucleus(tempered, 0.9).sum().item())


def _repetition_penalty() -> float:
    import torch

    penalty, logit = 1.2, torch.tensor([-1.0])
    # CTRL's rule as RepetitionPenaltyLogitsProcessor applies it: negative logits are multiplied
    # by the penalty, positive ones divided, so the seen token always becomes less likely
    return round(torch.where(logit < 0, logit * penalty, logit / penalty).item(), 2)


def _frequency_presence_penalty() -> float:
    logit, count, frequency_penalty, presence_penalty = 2.0, 3, 0.5, 0.3
    return round(logit - count * frequency_penalty - (1 if count > 0 else 0) * presence_penalty, 1)


def _cfg_arithmetic() -> float:
    import torch

    uncond, cond, w = torch.tensor(0.2, dtype=torch.float64), torch.tensor(0.5, dtype=torch.float64), 7.5
    return round(torch.lerp(uncond, cond, w).item(), 2)  # uncond + w * (cond - uncond)


def _steps_latency() -> float:
    ms_per_pass, passes_per_step, steps = 25, 2, 30
    return steps * passes_per_step * ms_per_pass


def _fid_one_dimension() -> float:
    from scipy import linalg

    mu1, mu2 = np.array([1.0]), np.array([1.5])
    s1, s2 = np.array([[4.0]]), np.array([[1.0]])
    covmean = linalg.sqrtm(s1 @ s2).real
    return round(float(np.sum((mu1 - mu2) ** 2) + np.trace(s1 + s2 - 2 * covmean)), 2)


def _win_rate() -> float:
    scores = np.r_[np.ones(130), np.zeros(90), np.full(30, 0.5)]  # A wins, B wins, ties as half
    assert scores.size == 250
    return round(float(scores.mean()), 2)


def _elo_win_probability() -> float:
    r_a, r_b = 100.0, 0.0
    return round(1 / (1 + 10 ** ((r_b - r_a) / 400)), 3)


def _distinct_2() -> float:
    words = "the cat sat on the cat sat".split()
    bigrams = list(zip(words, words[1:]))
    return round(len(set(bigrams)) / len(bigrams), 3)


def _lora_rank_params() -> float:
    import torch

    rank, d = 8, 4096
    down, up = torch.nn.Linear(d, rank, bias=False), torch.nn.Linear(rank, d, bias=False)  # A, B
    return sum(p.numel() for m in (down, up) for p in m.parameters())


def _checkpointing_step_time() -> float:
    import torch
    from torch.utils.checkpoint import checkpoint

    calls = []

    class Block(torch.nn.Linear):
        def forward(self, x):
            calls.append(1)
            return torch.relu(super().forward(x))

    blocks = [Block(8, 8) for _ in range(4)]
    x = torch.randn(2, 8)
    for block in blocks:  # every block checkpointed: only its input is kept
        x = checkpoint(block, x, use_reentrant=False)
    x.sum().backward()
    forwards_per_step = len(calls) / len(blocks)
    assert forwards_per_step == 2  # the backward pass reruns each block's forward once
    forward, backward, steps = 0.5, 1.0, 3000
    return steps * (forwards_per_step * forward + backward) / 60


def _sampling_grid_images() -> float:
    from sklearn.model_selection import ParameterGrid

    grid = ParameterGrid({"guidance_scale": [3, 5, 7, 9, 11], "steps": [20, 30, 50],
                          "sampler": ["DPM-Solver++ 2M", "Euler ancestral"]})
    return len(grid) * 40 * 4  # 40 prompts x 4 seeds per cell


def _grid_checkpoints_gpu_hours() -> float:
    from sklearn.model_selection import ParameterGrid

    cells = list(ParameterGrid({"rank": [4, 8, 16, 32], "lr": [5e-5, 1e-4, 2e-4, 4e-4],
                                "steps": [1000, 2000, 3000]}))
    runs: dict[tuple, int] = {}  # each (rank, rate) trained once, to its longest step count
    for c in cells:
        key = (c["rank"], c["lr"])
        runs[key] = max(runs.get(key, 0), c["steps"])
    train_s = sum(runs.values()) * 0.9
    eval_s = len(cells) * 32 * 2 * 2.5  # every checkpoint: 32 prompts x 2 seeds at 2.5 s
    return round((train_s + eval_s) / 3600, 2)


def _random_three_good_picks() -> float:
    from scipy import stats

    guidance = stats.uniform(1, 15)  # uniform on [1, 16]
    steps = stats.randint(10, 60)  # whole numbers 10..59
    p_hit = (guidance.cdf(8) - guidance.cdf(5)) * steps.sf(29)  # steps >= 30
    good = stats.binom(20, p_hit)
    # the explanation's figures: the chances of none, one and two, of at least one and two, and the
    # draws that give 90% for three or more (and for one)
    assert [round(float(good.pmf(k)), 3) for k in range(3)] == [0.078, 0.212, 0.274]
    assert round(float(good.sf(0)), 3) == 0.922 and round(float(good.sf(1)), 3) == 0.711
    assert min(n for n in range(3, 200) if stats.binom(n, p_hit).sf(2) >= 0.9) == 43
    assert min(n for n in range(1, 200) if stats.binom(n, p_hit).sf(0) >= 0.9) == 19
    return round(float(good.sf(2)), 3)  # at least three good draws in 20


def _fid_infinity_extrapolate() -> float:
    n = np.array([5000.0, 10000.0])
    fid = np.array([14.2, 12.6])
    slope, intercept = np.polyfit(1 / n, fid, 1)  # FID_N = FID_inf + k / N
    return round(float(intercept), 1)


def _win_rate_interval() -> float:
    from scipy import stats

    n, wins = 300, 171
    p = wins / n
    return round(p - float(stats.norm.ppf(0.975)) * math.sqrt(p * (1 - p) / n), 3)


def _halving_how_many_configs() -> float:
    budget = 10 * 2000
    rungs = [250, 500, 1000, 2000]

    def cost(n: int) -> int:
        total, alive, reached = 0, n, 0
        for rung in rungs:
            total += alive * (rung - reached)  # survivors resume from their checkpoints
            reached, alive = rung, alive // 2
        return total

    return max(n for n in range(1, budget // rungs[0] + 1) if cost(n) <= budget)


def _clip_score_mean() -> float:
    import torch

    cos = torch.tensor([0.312, 0.287, 0.334, -0.015, 0.301], dtype=torch.float64)
    return round(torch.clamp(100 * cos, min=0).mean().item(), 2)


def _rf_max_features() -> float:
    from sklearn.datasets import make_classification
    from sklearn.ensemble import RandomForestClassifier

    X, y = make_classification(n_samples=60, n_features=30, random_state=0)  # 30 features, as the data
    forest = RandomForestClassifier(n_estimators=1, max_features="sqrt", random_state=0).fit(X, y)
    return forest.estimators_[0].max_features_


def _rf_oob_share() -> float:
    from scipy import stats

    n = 1000
    return round(float(stats.binom(n, 1 / n).pmf(0)), 4)  # no draw of n picks the row


def _conv_params() -> float:
    import torch

    return sum(p.numel() for p in torch.nn.Conv2d(64, 128, 3).parameters())


def _width_doubling() -> float:
    import torch

    def count(m) -> int:
        return sum(p.numel() for p in m.parameters())

    return round(count(torch.nn.Linear(1024, 1024)) / count(torch.nn.Linear(512, 512)), 2)


def _gridsearch_njobs_wall_clock() -> float:
    from sklearn.model_selection import GridSearchCV

    est, fits, X, y = fit_counter()
    GridSearchCV(est, {"a": list(range(4)), "b": list(range(3))}, cv=5, n_jobs=1).fit(X, y)  # 12 candidates
    assert len(fits) == 61
    fold_fit, cores = Fraction(4), 4  # minutes, on 4/5 of the rows
    rounds = -(-(len(fits) - 1) // cores)  # the candidate-fold fits, four at a time
    refit = fold_fit * Fraction(5, 4)  # afterwards, alone, on all the rows
    return float(rounds * fold_fit + refit)


def _halving_candidates() -> float:
    from sklearn.experimental import enable_halving_search_cv  # noqa: F401
    from sklearn.model_selection import HalvingGridSearchCV

    X, y = np.arange(1620, dtype=float)[:, None], np.arange(1620) % 2
    # default factor (3); cv=2 only to keep it fast: the candidate schedule does not depend on it
    search = HalvingGridSearchCV(fit_counter()[0], {"a": list(range(81))}, cv=2).fit(X, y)
    return search.n_candidates_[2]  # the third iteration


def _optuna_quiet():
    import optuna

    class Quiet:
        def __enter__(self):
            self.level = optuna.logging.get_verbosity()
            optuna.logging.set_verbosity(optuna.logging.WARNING)

        def __exit__(self, *exc):
            optuna.logging.set_verbosity(self.level)

    return Quiet()


def _optuna_startup_trials() -> float:
    import optuna

    sampler = optuna.samplers.TPESampler(seed=0)
    modelled = []
    fit_model = sampler._sample
    sampler._sample = lambda *a, **k: modelled.append(1) or fit_model(*a, **k)  # TPE's own proposals
    with _optuna_quiet():
        study = optuna.create_study(sampler=sampler)
        study.optimize(lambda t: (t.suggest_float("x", -1, 1) - 0.3) ** 2, n_trials=50)
    return len(study.trials) - len(modelled)  # the trials sampled at random


def _optuna_good_group() -> float:
    from unittest import mock

    import optuna
    from optuna.samplers._tpe import sampler as tpe

    dist = optuna.distributions.FloatDistribution(0, 1)
    split = []

    def recording_split(study, trials, n_below):
        below, above = real_split(study, trials, n_below)
        split.append(len(below))
        return below, above

    real_split = tpe._split_trials
    with _optuna_quiet(), mock.patch.object(tpe, "_split_trials", recording_split):
        study = optuna.create_study(sampler=optuna.samplers.TPESampler(seed=0))
        study.add_trials([optuna.trial.create_trial(params={"x": i / 120}, distributions={"x": dist},
                                                    value=(i / 120 - 0.3) ** 2) for i in range(120)])
        study.ask().suggest_float("x", 0, 1)  # the 121st trial: TPE splits the 120 finished ones
    return split[0]


def _latency_tree_budget() -> float:
    budget, lookup, per_tree = Fraction(10), Fraction(4), Fraction("0.02")  # ms, exact decimals
    return math.floor((budget - lookup) / per_tree)


def _serving_cost() -> float:
    peak = 1000
    gpus_large, gpus_small = math.ceil(peak / 250), math.ceil(peak / 400)  # whole GPUs only
    return (gpus_large - gpus_small) * 2 * 24 * 30


CHECKS = {
    "cg-temperature-softmax": _temperature_softmax,
    "cg-top-k-renormalise": _top_k_renormalise,
    "cg-top-p-nucleus": _top_p_nucleus,
    "cg-temperature-before-top-p": _temperature_before_top_p,
    "cg-repetition-penalty": _repetition_penalty,
    "cg-frequency-presence-penalty": _frequency_presence_penalty,
    "cg-cfg-arithmetic": _cfg_arithmetic,
    "cg-steps-latency": _steps_latency,
    "cg-fid-one-dimension": _fid_one_dimension,
    "cg-win-rate": _win_rate,
    "cg-elo-win-probability": _elo_win_probability,
    "cg-distinct-2": _distinct_2,
    "cg-lora-rank-params": _lora_rank_params,
    "cg-checkpointing-step-time": _checkpointing_step_time,
    "cse-sampling-grid-images": _sampling_grid_images,
    "cse-grid-checkpoints-gpu-hours": _grid_checkpoints_gpu_hours,
    "cse-random-three-good-picks": _random_three_good_picks,
    "cse-fid-infinity-extrapolate": _fid_infinity_extrapolate,
    "cse-win-rate-interval": _win_rate_interval,
    "cse-halving-how-many-configs": _halving_how_many_configs,
    "cse-clip-score-mean": _clip_score_mean,
    "ta-rf-max-features-count": _rf_max_features,
    "ta-rf-oob-share": _rf_oob_share,
    "ta-conv-params": _conv_params,
    "ta-width-doubling": _width_doubling,
    "ta-gridsearch-njobs-wall-clock": _gridsearch_njobs_wall_clock,
    "ta-halving-candidates": _halving_candidates,
    "ta-optuna-startup-trials": _optuna_startup_trials,
    "ta-optuna-good-group": _optuna_good_group,
    "ta-latency-tree-budget": _latency_tree_budget,
    "ta-serving-cost": _serving_cost,
}
