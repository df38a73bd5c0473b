"""The numeric answers of the creative-grids-draws-and-landscapes bank (``cgl-*``), and the figures
four of its other questions quote.

The distinct strengths a grid and random draws test are counted on scikit-learn's ParameterGrid and
ParameterSampler (a fixed seed for the explanation's count, many seeds against the exact expectation).
The share of learning rates below 1e-4 comes from scipy.stats.loguniform and uniform, with the draws
ParameterSampler makes at a fixed seed. The loss along a blend of two LoRAs' factors is evaluated
with numpy on the prompt's grid. Adafactor's state is counted on the tensors torch.optim.Adafactor
creates for one matrix and one 3 × 3 kernel. ``FIGURES``: the collapse toy's precision, recall,
Fréchet distance and nearest-neighbour distance (numpy and scikit-learn's NearestNeighbors), the
blind test's p-value and interval (scipy.stats.binomtest), the noisy-rating toy of the Bayesian
question on Optuna's TPESampler with fixed seeds, and the step-size gap between
torch.optim.Adafactor and AdamW that the free-text question on the switch relies on.
"""

from __future__ import annotations

import math
from fractions import Fraction

BANKS = ("creative-grids-draws-and-landscapes",)


def _collapse_toy() -> None:
    """cgl-quality-score-rewards-collapse: four real clusters, and generators that cover all four,
    one, or one cluster's centre; improved precision and recall with k = 3 (Kynkäänniemi et al.)."""
    import numpy as np
    from scipy import linalg
    from sklearn.neighbors import NearestNeighbors

    def radii(x, k=3):
        dist, _ = NearestNeighbors(n_neighbors=k + 1).fit(x).kneighbors(x)
        return dist[:, k]  # the k-th neighbour other than the point itself

    def inside(a, b):  # share of a's points inside the union of b's k-NN balls
        d = np.linalg.norm(a[:, None, :] - b[None, :, :], axis=2)
        return float(np.mean((d <= radii(b)[None, :]).any(axis=1)))

    rng = np.random.default_rng(0)
    centres = np.array([[0, 0], [10, 0], [0, 10], [10, 10]], float)
    real = np.concatenate([c + rng.normal(size=(125, 2)) for c in centres])
    gens = {"diverse": np.concatenate([c + rng.normal(size=(125, 2)) for c in centres]),
            "one cluster": centres[0] + rng.normal(size=(500, 2)),
            "tight": centres[0] + 0.3 * rng.normal(size=(500, 2))}
    got = {}
    for name, fake in gens.items():
        precision, recall = inside(fake, real), inside(real, fake)
        s1, s2 = np.cov(real.T), np.cov(fake.T)
        fd = float(np.sum((real.mean(0) - fake.mean(0)) ** 2) + np.trace(s1 + s2 - 2 * linalg.sqrtm(s1 @ s2).real))
        nn = float(NearestNeighbors(n_neighbors=1).fit(real).kneighbors(fake)[0].mean())
        got[name] = (round(precision, 2), round(recall, 2), round(fd, 1), round(nn, 2))
    assert got == {"diverse": (0.98, 0.97, 0.0, 0.21), "one cluster": (0.98, 0.25, 82.9, 0.19),
                   "tight": (0.97, 0.09, 93.7, 0.13)}, got


def _blind_test_numbers() -> None:
    """cgl-sweep-result-for-art-director: 41 wins of 60 blind pairs."""
    from scipy import stats

    test = stats.binomtest(41, 60, 0.5)
    ci = test.proportion_ci()  # Clopper-Pearson
    assert round(41 / 60, 2) == 0.68 and round(test.pvalue, 3) == 0.006, test
    assert (round(ci.low, 2), round(ci.high, 2)) == (0.55, 0.80), ci


def _grid_or_draws_distinct_strengths() -> float:
    import numpy as np
    from scipy import stats
    from sklearn.model_selection import ParameterGrid, ParameterSampler

    grid = list(ParameterGrid({"guidance_scale": [5, 7, 9], "num_inference_steps": [20, 30, 40],
                               "lora_scale": [0.6, 0.8, 1.0]}))
    assert len(grid) == 27
    assert sorted({c["lora_scale"] for c in grid}) == [0.6, 0.8, 1.0]
    assert all(sum(c["lora_scale"] == s for c in grid) == 9 for s in (0.6, 0.8, 1.0))

    strengths = [round(0.5 + 0.05 * i, 2) for i in range(11)]
    space = {"guidance_scale": stats.uniform(4, 6), "num_inference_steps": [20, 25, 30, 35, 40],
             "lora_scale": strengths}
    expected = 11 * (1 - Fraction(10, 11) ** 27)

    def distinct(seed: int, key: str = "lora_scale", sp=space) -> int:
        return len({d[key] for d in ParameterSampler(sp, n_iter=27, random_state=seed)})

    assert distinct(0) == 10 and distinct(0, "guidance_scale") == 27  # the explanation's fixed seed
    mean = np.mean([distinct(seed) for seed in range(200)])  # with replacement: the exact mean holds
    assert abs(mean - float(expected)) < 0.1, (mean, float(expected))
    continuous = dict(space, lora_scale=stats.uniform(0.5, 0.5))
    assert distinct(0, sp=continuous) == 27
    assert round(0.5 / 28, 3) == 0.018  # the mean gap between 27 uniform strengths on [0.5, 1]
    return float(expected)


def _noisy_ratings_toy() -> None:
    """cgl-noisy-listener-ratings-tpe: true MOS known, ratings with noise of sd 0.3, 20 studies of
    30 trials with TPESampler(seed=s); study.best_trial against the trials' true scores."""
    import numpy as np
    import optuna
    from optuna.samplers._tpe.sampler import default_gamma

    optuna.logging.set_verbosity(optuna.logging.WARNING)

    def mos(temperature: float, cfg: float) -> float:
        return 4.2 - 3.0 * (temperature - 0.7) ** 2 - 0.08 * (cfg - 2.5) ** 2

    over, not_best, gap = [], 0, []
    for seed in range(20):
        rng = np.random.default_rng(seed)

        def objective(trial):
            t = trial.suggest_float("temperature", 0.3, 1.2)
            c = trial.suggest_float("cfg", 1.0, 5.0)
            trial.set_user_attr("mos", mos(t, c))
            return mos(t, c) + rng.normal(0, 0.3)

        study = optuna.create_study(direction="maximize", sampler=optuna.samplers.TPESampler(seed=seed))
        study.optimize(objective, n_trials=30)
        best_true = max(t.user_attrs["mos"] for t in study.trials)
        picked = study.best_trial.user_attrs["mos"]
        over.append(study.best_value - picked)
        not_best += picked < best_true
        gap.append(best_true - picked)
    assert round(float(np.mean(over)), 1) == 0.5, np.mean(over)
    assert not_best == 20 and round(float(np.mean(gap)), 2) == 0.08, (not_best, np.mean(gap))
    assert default_gamma(30) == 3  # the good group after 30 trials


def _loguniform_rate_share() -> float:
    from scipy import stats
    from sklearn.model_selection import ParameterSampler

    log_space, lin_space = stats.loguniform(1e-6, 5e-3), stats.uniform(1e-6, 5e-3)
    share = float(log_space.cdf(1e-4))
    assert math.isclose(share, math.log(100) / math.log(5000), rel_tol=1e-12)
    assert lin_space.support() == (1e-6, 1e-6 + 5e-3)  # loc and scale, not low and high
    assert math.isclose(float(lin_space.cdf(1e-4)), 0.0198, rel_tol=1e-9)
    lin = [d["lr"] for d in ParameterSampler({"lr": lin_space}, n_iter=30, random_state=0)]
    assert sum(x < 1e-4 for x in lin) == 0 and round(min(lin), 6) == 1.02e-4, min(lin)
    assert round(float(lin_space.median()), 4) == 0.0025 and round(float(log_space.median()), 6) == 7.1e-5
    band = (float(log_space.cdf(3e-4) - log_space.cdf(5e-5)), float(lin_space.cdf(3e-4) - lin_space.cdf(5e-5)))
    assert (round(band[0], 2), round(band[1], 2)) == (0.21, 0.05), band
    assert math.isclose(stats.loguniform(1e-6, 1e-3).cdf(1e-4), 2 / 3, rel_tol=1e-12)
    return share


def _lora_factor_blend_peak() -> float:
    import numpy as np

    t = np.linspace(0, 1, 101)
    b = (1 - t) * 2.0 + t * -1.0
    a = (1 - t) * 0.5 + t * -1.0
    loss = (b * a - 1) ** 2
    assert loss[0] == 0 and loss[-1] == 0 and t[int(np.argmax(loss))] == 0.5
    assert (b[50], a[50], b[50] * a[50]) == (0.5, -0.25, -0.125)
    worse = t[loss > 1]  # worse than no adapter (b·a = 0, loss 1): between t = 1/3 and 2/3
    assert (round(worse.min(), 2), round(worse.max(), 2)) == (0.34, 0.66)
    assert np.allclose(loss, 20.25 * t**2 * (1 - t) ** 2)
    assert round(float(loss[25]), 2) == 0.71
    products = (1 - t) * (2.0 * 0.5) + t * (-1.0 * -1.0)  # blending b·a itself stays at the minimum
    assert np.all((products - 1) ** 2 == 0)
    return float(loss.max())


def _adafactor_switch_step_ratio() -> None:
    """cgl-adafactor-worse-minimum-claim: at lr 2e-5, torch's Adafactor moves a matrix whose RMS is
    0.02 by about 4e-7 (RMS) per step, AdamW by 2e-5: fifty times further; and the zero-started
    LoRA matrix of cgl-compare-optimisers-one-rate."""
    import torch

    torch.manual_seed(0)
    w = torch.nn.Parameter(torch.randn(256, 256) * 0.02)
    w2 = torch.nn.Parameter(w.detach().clone())
    g = torch.randn(256, 256) * 1e-3
    ada, adamw = torch.optim.Adafactor([w], lr=2e-5), torch.optim.AdamW([w2], lr=2e-5, weight_decay=0.0)

    def rms(x):
        return x.pow(2).mean().sqrt().item()

    assert round(rms(w.detach()), 2) == 0.02
    # cgl-compare-optimisers-one-rate: a LoRA B matrix at zero moves by about 1e-4 × 1e-3 = 1e-7 (RMS)
    b = torch.nn.Parameter(torch.zeros(64, 16))
    zero_start = torch.optim.Adafactor([b], lr=1e-4)
    b.grad = torch.randn(64, 16) * 1e-3
    zero_start.step()
    assert round(rms(b.detach()), 9) == 1.0e-7, rms(b.detach())

    for _ in range(3):
        before, before2 = w.detach().clone(), w2.detach().clone()
        w.grad, w2.grad = g.clone(), g.clone()
        ada.step()
        adamw.step()
        step, step2 = rms(w.detach() - before), rms(w2.detach() - before2)
        assert round(step, 8) == 4.0e-7 and round(step2, 7) == 2.0e-5, (step, step2)
        assert round(step2 / step) == 50


def _adafactor_conv_kernel_state() -> float:
    import torch

    # the state torch.optim.Adafactor creates: a full-size 1,280 × 1,280 matrix, and a 3 × 3 kernel
    # with fewer channels (the full 1,280-channel kernel takes seconds) whose shapes give the rule
    matrix = torch.zeros(1280, 1280, requires_grad=True)
    kernel = torch.zeros(320, 256, 3, 3, requires_grad=True)
    opt = torch.optim.Adafactor([matrix, kernel])
    matrix.grad, kernel.grad = torch.ones_like(matrix), torch.ones_like(kernel)
    opt.step()

    def shapes(p):  # the factored second moment: row_var and col_var (the step counter left out)
        state = opt.state[p]
        assert state["row_var"].dtype == state["col_var"].dtype == torch.float32
        assert {k for k, v in state.items() if torch.is_tensor(v) and v.dim() > 0} == {"row_var", "col_var"}
        return tuple(state["row_var"].shape), tuple(state["col_var"].shape)

    assert shapes(matrix) == ((1280, 1), (1, 1280))
    assert shapes(kernel) == ((320, 256, 3, 1), (320, 256, 1, 3))  # the last two dims are factored
    per_matrix = math.prod(shapes(matrix)[0]) + math.prod(shapes(matrix)[1])
    per_kernel = 2 * 1280 * 1280 * 3  # the same rule for 1,280 × 1,280 × 3 × 3
    assert per_matrix == 2560 and Fraction(per_kernel, 1280 * 1280 * 9) == Fraction(2, 3)
    weights = 400 * 1280 * 1280 + 40 * 1280 * 1280 * 9
    assert weights == 1_245_184_000
    state_bytes = 4 * (400 * per_matrix + 40 * per_kernel)
    assert state_bytes == 1_576_960_000
    assert 1280 * 1280 * 9 == 14_745_600 and 400 * per_matrix + 40 * per_kernel == 394_240_000
    # the explanation's comparisons: 8-bit AdamW's and AdamW's two moments (1 and 4 bytes each), the
    # savings against AdamW, and the state if the kernels were factored as 1,280 × 11,520 matrices
    eight_bit, adamw = 2 * weights, 8 * weights
    assert (round(eight_bit / 1e9, 2), round(adamw / 1e9, 2)) == (2.49, 9.96)
    assert (round((adamw - state_bytes) / 1e9, 2), round((adamw - eight_bit) / 1e9, 2)) == (8.38, 7.47)
    assert round((eight_bit - state_bytes) / 1e9, 2) == 0.91
    assert round(4 * (400 * 2560 + 40 * (1280 + 11520)) / 1e9, 3) == 0.006
    return state_bytes / 1e9


CHECKS = {
    "cgl-grid-or-draws-distinct-strengths": _grid_or_draws_distinct_strengths,
    "cgl-loguniform-rate-share-below": _loguniform_rate_share,
    "cgl-lora-factor-blend-peak": _lora_factor_blend_peak,
    "cgl-adafactor-conv-kernel-state": _adafactor_conv_kernel_state,
}

FIGURES = {
    "cgl-quality-score-rewards-collapse": _collapse_toy,
    "cgl-sweep-result-for-art-director": _blind_test_numbers,
    "cgl-noisy-listener-ratings-tpe": _noisy_ratings_toy,
    "cgl-adafactor-worse-minimum-claim": _adafactor_switch_step_ratio,  # and cgl-compare-optimisers-one-rate's
}
