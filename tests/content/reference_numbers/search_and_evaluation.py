"""The numeric answers of the search, evaluation and tuning-management banks (``cv-*``, ``met-*``,
``mb-*``, ``ss-*``, ``tp-*``, ``pf-*``, ``rt-*``, ``mt-*``, ``mtt-*``, ``ia-*``).

Fit counts and splits are asked of scikit-learn's searches and splitters (a counting estimator on
a tiny dataset), metrics of sklearn.metrics on the label and score arrays the prompts describe,
parameter counts of torch.nn, distributions of scipy.stats; budgets and schedules are the
arithmetic (or the small simulation) the prompt sets out, with the prompt's numbers. ``FIGURES``
holds the figures that choice questions of these banks quote (a probability, a standard error, a
best-of-n optimism, GPU-hours), computed the same way.
"""

from __future__ import annotations

import heapq
import math
from fractions import Fraction

import numpy as np

from tests.content.reference_numbers._shared import expected_improvement, fit_counter, mean_of_max_of_normals

BANKS = ("cross-validation", "metrics", "metrics-beyond-binary", "search-strategies", "tuning-process",
         "parameters-and-fitting", "resources-and-tracking", "managing-tuning", "managing-tools-and-training",
         "interview-answers")


def _confusion_arrays(tp: int, fp: int, fn: int, tn: int):
    """y_true and y_pred for a binary confusion matrix's counts."""
    y_true = np.r_[np.ones(tp), np.zeros(fp), np.ones(fn), np.zeros(tn)]
    y_pred = np.r_[np.ones(tp), np.ones(fp), np.zeros(fn), np.zeros(tn)]
    return y_true, y_pred


def _makespan(durations, workers: int) -> float:
    """Finish time of jobs handed out in order, each to the first worker free."""
    free = [0.0] * workers
    for d in durations:
        heapq.heappush(free, heapq.heappop(free) + d)
    return max(free)


# --- cross-validation ---------------------------------------------------------------------------

def _cv_ten_fold_fit_hours() -> float:
    from sklearn.model_selection import GridSearchCV

    est, fits, X, y = fit_counter()
    GridSearchCV(est, {"a": list(range(20))}, cv=10, refit=True).fit(X, y)  # 20 configurations
    fold_fits = len(fits) - 1
    per_fold_fit = Fraction(6) * Fraction(9, 10) / Fraction(4, 5)  # minutes: fit time grows with the rows
    refit = Fraction(6) / Fraction(4, 5)  # all the rows
    five_fold = (100 * 6 + refit) / 60
    assert fold_fits == 200 and round(float(five_fold), 1) == 10.1  # the explanation's 5-fold job
    return round(float((fold_fits * per_fold_fit + refit) / 60), 1)


def _cv_nested_inner_train_rows() -> float:
    from sklearn.model_selection import KFold

    rows = np.arange(1000)
    outer_train, _ = next(KFold(n_splits=5).split(rows))  # the first outer fold
    inner = [(len(tr), len(va)) for tr, va in KFold(n_splits=3).split(outer_train)]
    assert len(outer_train) == 800 and inner == [(533, 267), (533, 267), (534, 266)]  # the explanation's splits
    return inner[0][0]  # the first inner split's training part


def _cv_best_score_optimism() -> float:
    expected_max_z = 2.51  # expected maximum of 100 standard normals, as the prompt gives it
    return round(0.80 + expected_max_z * 0.01, 3)


def _cv_timeseries_train_size() -> float:
    from sklearn.model_selection import TimeSeriesSplit

    splits = list(TimeSeriesSplit(n_splits=5).split(np.arange(120)))
    return len(splits[2][0])


# --- interview-answers --------------------------------------------------------------------------

def _ia_gpu_budget() -> float:
    gpu_hours = 40 * 3 * 4
    return gpu_hours * 2.50


def _ia_seed_difference_se() -> float:
    se_one = 0.4 / math.sqrt(5)
    return round(math.sqrt(se_one ** 2 + se_one ** 2), 2)


# --- managing-tools-and-training ----------------------------------------------------------------

def _mtt_sweep_invoice() -> float:
    machines, trials, hours_per_trial = 8, 120, 40 / 60
    release = [0.0] * machines
    for _ in range(trials):  # each agent takes the next trial as soon as it is free
        heapq.heappush(release, heapq.heappop(release) + hours_per_trial)
    machine_hours = sum(release)  # each machine billed until its agent runs out of trials
    return round(machine_hours * 25.60)


def _mtt_pruned_study() -> float:
    trials = 200
    pruned = 0.70 * trials
    complete = trials - pruned
    epochs = pruned * 8 + complete * 30
    return round(epochs * 6 / 60)


def _mtt_best_trial_percentile() -> float:
    n = next(n for n in range(1, 10_000) if Fraction(n, n + 1) >= Fraction(99, 100))
    return (n - 19) * 2 * 2.50


def _mtt_checkpoint_loss() -> float:
    failures = 200 / 40
    lost_work = 4 / 2  # a failure at a random moment lands halfway between checkpoints on average
    restart = 30 / 60
    return round(failures * (lost_work + restart) * 64)


# --- managing-tuning ----------------------------------------------------------------------------

def _mt_gpu_day_configurations() -> float:
    search_gpus, day, run = 8 - 1, 24.0, 3.5
    per_gpu = 0
    t = 0.0
    while t + run <= day:  # start a run only if it can finish within the day
        t += run
        per_gpu += 1
    return search_gpus * per_gpu


def _mt_nan_weekend_cost() -> float:
    every, nan_step, stopped = 1000, 3200, 63_000
    last_checkpoint = (nan_step // every) * every
    hours = (stopped - last_checkpoint) / 1000  # 1,000 steps an hour
    return round(hours * 64)


def _mt_seeds_for_a_claim() -> float:
    sd, limit = Fraction(4, 10), Fraction(1, 10)
    n = next(n for n in range(1, 10_000) if sd ** 2 * 2 / n <= limit ** 2)  # 0.4 sqrt(2/n) <= 0.1
    return 2 * n


def _mt_finetune_plan_cost() -> float:
    runs = 16 + 2 * 3
    return runs * 40 * 2.50


# --- metrics-beyond-binary ----------------------------------------------------------------------

def _mb_macro_f1() -> float:
    from sklearn.metrics import f1_score

    cm = {"A": (90, 6, 4), "B": (6, 20, 4), "C": (3, 3, 4)}  # rows true, columns predicted
    y_true, y_pred = [], []
    for t, row in cm.items():
        for p, count in zip("ABC", row):
            y_true += [t] * count
            y_pred += [p] * count
    assert len(y_true) == 140
    return round(f1_score(y_true, y_pred, average="macro"), 3)


def _mb_recall_at_k() -> float:
    from sklearn.metrics import recall_score

    # the top 5 (rel, not, rel, rel, not), then the 3 relevant documents not retrieved
    y_true = [1, 0, 1, 1, 0] + [1, 1, 1]
    y_pred = [1, 1, 1, 1, 1] + [0, 0, 0]
    assert sum(y_true) == 6
    return round(recall_score(y_true, y_pred), 2)


def _mb_mrr() -> float:
    first_relevant = [1, 3, None]  # None: no relevant result returned
    return round(float(np.mean([0.0 if r is None else 1 / r for r in first_relevant])), 3)


def _mb_ndcg() -> float:
    from sklearn.metrics import ndcg_score

    relevance = [[3, 2, 0]]
    scores = [[2, 1, 3]]  # ranked: the relevance-0 item first, then 3, then 2
    return round(ndcg_score(relevance, scores, k=3), 3)


def _mb_average_precision() -> float:
    from sklearn.metrics import average_precision_score

    y_true = [1, 0, 1, 1, 0]  # relevant at ranks 1, 3, 4
    scores = [5, 4, 3, 2, 1]
    return round(average_precision_score(y_true, scores), 3)


# --- metrics ------------------------------------------------------------------------------------

def _met_f1() -> float:
    from sklearn.metrics import f1_score

    y_true, y_pred = _confusion_arrays(tp=80, fp=20, fn=40, tn=860)
    return round(f1_score(y_true, y_pred), 3)


def _met_f2() -> float:
    from sklearn.metrics import fbeta_score

    y_true, y_pred = _confusion_arrays(tp=60, fp=15, fn=40, tn=885)
    return round(fbeta_score(y_true, y_pred, beta=2), 3)


def _met_precision_low_prevalence() -> float:
    from sklearn.metrics import precision_score

    n = 10_000
    pos = round(0.01 * n)
    neg = n - pos
    tp, fp = round(0.90 * pos), round(0.05 * neg)
    y_true, y_pred = _confusion_arrays(tp=tp, fp=fp, fn=pos - tp, tn=neg - fp)
    return round(precision_score(y_true, y_pred), 3)


def _met_auc_from_pairs() -> float:
    from sklearn.metrics import roc_auc_score

    scores = [0.9, 0.7, 0.5, 0.8, 0.5, 0.3, 0.2]
    y_true = [1, 1, 1, 0, 0, 0, 0]
    return round(roc_auc_score(y_true, scores), 3)  # ties count half


def _met_r2() -> float:
    from sklearn.metrics import r2_score

    return round(r2_score([3, 5, 7, 9, 11], [4, 5, 6, 10, 13]), 3)


def _met_cost_threshold() -> float:
    from scipy.optimize import brentq

    false_alarm, missed = 10, 200
    # flag when p * missed > (1 - p) * false_alarm: the threshold is where they are equal
    return round(brentq(lambda p: p * missed - (1 - p) * false_alarm, 0, 1), 3)


# --- parameters-and-fitting ---------------------------------------------------------------------

def _pf_mlp_parameters() -> float:
    import torch

    net = torch.nn.Sequential(torch.nn.Linear(20, 64), torch.nn.ReLU(), torch.nn.Linear(64, 32),
                              torch.nn.ReLU(), torch.nn.Linear(32, 3))
    return sum(p.numel() for p in net.parameters() if p.requires_grad)


def _pf_bias_variance_break_even() -> float:
    """The bias at which halving the variance leaves bias² + variance + noise where it was."""
    bias, variance, noise = 0.3, 0.05, 0.1
    now = bias ** 2 + variance + noise
    return round(math.sqrt(now - variance / 2 - noise), 3)


def _pf_bias_variance_from_models() -> float:
    predictions = np.array([2.5, 3.5, 4.0, 3.0])
    bias = predictions.mean() - 3.0
    return round(float(bias ** 2 + predictions.var(ddof=0)), 3)


def _pf_depth_one_se() -> float:
    errors = {1: 0.300, 2: 0.220, 3: 0.170, 4: 0.150, 5: 0.142, 6: 0.140, 7: 0.146, 8: 0.155}
    best = min(errors.values())
    threshold = best + 0.006
    return min(d for d, e in errors.items() if e <= threshold + 1e-12)


def _pf_early_stop_epoch() -> float:
    # Keras's EarlyStopping rule: an improvement must beat the best by more than min_delta, and
    # only an improvement resets the counter and replaces the best
    losses = [0.90, 0.72, 0.61, 0.58, 0.585, 0.575, 0.59, 0.60, 0.596, 0.61]
    patience, min_delta = 3, 0.01
    best, waited = math.inf, 0
    for epoch, loss in enumerate(losses, start=1):
        if loss < best - min_delta:
            best, waited = loss, 0
        else:
            waited += 1
            if waited >= patience:
                return epoch
    return len(losses)


# --- resources-and-tracking ---------------------------------------------------------------------

def _rt_budget_grid_size() -> float:
    from sklearn.model_selection import GridSearchCV

    fits_bought = Fraction(150) / Fraction(5, 2) * 60 / 12  # GPU-hours, then 12-minute fits
    configs = int((fits_bought - 1) // 5)  # the refit first, then 5 fits per configuration
    est, fits, X, y = fit_counter()
    GridSearchCV(est, {"a": list(range(configs))}, cv=5, refit=True).fit(X, y)
    assert len(fits) * Fraction(12, 60) * Fraction(5, 2) <= 150 < (len(fits) + 5) * Fraction(12, 60) * Fraction(5, 2)
    return configs


def _rt_parallel_wall_clock() -> float:
    drawn = [10] * 30 + [90] * 2  # minutes, the two long trials last in the queue
    longest_first = sorted(drawn, reverse=True)
    assert _makespan(longest_first, workers=8) == 90 and sum(drawn) / 8 == 60  # the explanation's figures
    return _makespan(drawn, workers=8)


def _rt_sh_survivors() -> float:
    n, eta = 32, 2
    rungs = [n]
    while len(rungs) < 3:
        rungs.append(rungs[-1] // eta)
    return rungs[2]


def _rt_sh_total_budget() -> float:
    eta, n, r = 3, 81, 1
    total = 0
    while n >= 1:
        total += n * r  # each rung trains its configurations from scratch
        n, r = n // eta, r * eta
    return total


def _rt_hyperband_configs() -> float:
    R, eta = 81, 3
    s_max = round(math.log(R, eta))
    return sum(math.ceil(Fraction(s_max + 1, s + 1) * eta ** s) for s in range(s_max, -1, -1))


def _rt_early_stopping_savings() -> float:
    full = 100 * 50
    spent = 70 * 10 + 30 * 50
    return round(100 * (full - spent) / full)


# --- search-strategies --------------------------------------------------------------------------

def _ss_halving_grid_fits() -> float:
    import warnings

    from sklearn.experimental import enable_halving_search_cv  # noqa: F401
    from sklearn.model_selection import HalvingGridSearchCV

    est, fits, _, _ = fit_counter()
    X = np.arange(810, dtype=float).reshape(-1, 1)
    y = np.arange(810) % 2
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        search = HalvingGridSearchCV(est, {"a": list(range(9)), "b": list(range(9))}, factor=3, cv=5,
                                     min_resources=10).fit(X, y)
    assert list(search.n_candidates_) == [81, 27, 9, 3, 1] and list(search.n_resources_) == [10, 30, 90, 270, 810]
    return len(fits)


def _ss_grid_curse_days() -> float:
    from sklearn.model_selection import ParameterGrid

    runs = len(ParameterGrid({f"h{i}": range(5) for i in range(6)}))
    return round(runs * 10 / 60 / 24, 1)


def _ss_random_draws_from_lists() -> float:
    from scipy import stats
    from sklearn.model_selection import ParameterSampler

    space = {"a": list(range(10)), "b": list(range(10))}
    for seed in range(5):  # lists only: 20 distinct cells each time, drawn without replacement
        assert len({(d["a"], d["b"]) for d in ParameterSampler(space, n_iter=20, random_state=seed)}) == 20
    assert round(1 - 0.95**20, 3) == 0.642  # the rule for independent draws, which the explanation contrasts
    return round(float(stats.hypergeom(100, 5, 20).sf(0)), 3)  # at least one of the 5 good cells


def _ss_random_trials_important_settings() -> float:
    from scipy import stats

    hit = Fraction(20, 100) * Fraction(25, 100) * Fraction(10, 100)  # the three settings that matter
    n = int(stats.geom(float(hit)).ppf(0.95))  # smallest n with P(a hit within n trials) >= 0.95
    assert 1 - (1 - hit) ** n >= Fraction(95, 100) > 1 - (1 - hit) ** (n - 1)
    assert round(1 - 0.995**200, 2) == 0.63  # 1 / p trials, the explanation's wrong plan
    return n


def _ss_expected_improvement() -> float:
    f_best, mu, sigma = 0.20, 0.22, 0.04  # minimised: the gain is the best less the mean
    return round(expected_improvement(f_best - mu, sigma), 4)


# --- tuning-process -----------------------------------------------------------------------------

def _tp_repeated_cv_fits() -> float:
    from scipy import stats
    from sklearn.model_selection import RandomizedSearchCV, RepeatedStratifiedKFold

    est, fits, X, y = fit_counter()
    RandomizedSearchCV(est, {"a": stats.uniform(0, 1)}, n_iter=40, refit=True, random_state=0,
                       cv=RepeatedStratifiedKFold(n_splits=5, n_repeats=3, random_state=0)).fit(X, y)
    return len(fits)


def _tp_log_uniform_share() -> float:
    from scipy import stats

    return round(float(stats.loguniform(1e-4, 1e-1).cdf(1e-3)), 3)


def _tp_cv_standard_error() -> float:
    return round(0.012 / math.sqrt(5), 4)


CHECKS = {
    "cv-ten-fold-fit-hours": _cv_ten_fold_fit_hours,
    "cv-nested-inner-train-rows": _cv_nested_inner_train_rows,
    "cv-best-score-optimism": _cv_best_score_optimism,
    "cv-timeseries-train-size": _cv_timeseries_train_size,
    "ia-gpu-budget-number": _ia_gpu_budget,
    "ia-seed-difference-standard-error": _ia_seed_difference_se,
    "mtt-sweep-invoice": _mtt_sweep_invoice,
    "mtt-pruned-study-gpu-hours": _mtt_pruned_study,
    "mtt-best-trial-percentile": _mtt_best_trial_percentile,
    "mtt-checkpoint-expected-loss": _mtt_checkpoint_loss,
    "mt-gpu-day-configurations": _mt_gpu_day_configurations,
    "mt-nan-weekend-cost": _mt_nan_weekend_cost,
    "mt-seeds-for-a-claim": _mt_seeds_for_a_claim,
    "mt-finetune-plan-cost": _mt_finetune_plan_cost,
    "mb-macro-f1": _mb_macro_f1,
    "mb-recall-at-k": _mb_recall_at_k,
    "mb-mrr": _mb_mrr,
    "mb-ndcg": _mb_ndcg,
    "mb-average-precision": _mb_average_precision,
    "met-f1-from-confusion-matrix": _met_f1,
    "met-f2-score": _met_f2,
    "met-precision-at-low-prevalence": _met_precision_low_prevalence,
    "met-auc-from-pairs": _met_auc_from_pairs,
    "met-r2-worked": _met_r2,
    "met-cost-threshold": _met_cost_threshold,
    "pf-mlp-parameter-count": _pf_mlp_parameters,
    "pf-bias-variance-break-even": _pf_bias_variance_break_even,
    "pf-bias-variance-from-models": _pf_bias_variance_from_models,
    "pf-depth-one-se-rule": _pf_depth_one_se,
    "pf-early-stop-epoch": _pf_early_stop_epoch,
    "rt-budget-grid-size": _rt_budget_grid_size,
    "rt-parallel-wall-clock": _rt_parallel_wall_clock,
    "rt-sh-survivors": _rt_sh_survivors,
    "rt-sh-total-budget": _rt_sh_total_budget,
    "rt-hyperband-configs": _rt_hyperband_configs,
    "rt-early-stopping-savings": _rt_early_stopping_savings,
    "ss-halving-grid-fits": _ss_halving_grid_fits,
    "ss-grid-curse-days": _ss_grid_curse_days,
    "ss-random-draws-from-lists": _ss_random_draws_from_lists,
    "ss-random-trials-important-settings": _ss_random_trials_important_settings,
    "ss-expected-improvement": _ss_expected_improvement,
    "tp-repeated-cv-fits": _tp_repeated_cv_fits,
    "tp-log-uniform-share": _tp_log_uniform_share,
    "tp-cv-standard-error": _tp_cv_standard_error,
}


# --- figures quoted by questions with no typed number ---------------------------------------------

def _ia_random_top5_caveats_figures() -> None:
    """60 random trials: about 95% for a trial in the top 5%, about 45% for the top 1%, 3 expected hits."""
    from scipy import stats

    assert round(100 * float(stats.geom(0.05).cdf(60))) == 95  # first hit within 60 trials
    assert round(100 * float(stats.geom(0.01).cdf(60))) == 45
    assert 60 * Fraction(5, 100) == 3  # expected hits, not a probability


def _mt_audit_deleted_trials_figures() -> None:
    """The best of the 170 runs that finished (of 200) reads about 2.7σ high, the best of 5 about 1.16σ."""
    assert round(mean_of_max_of_normals(170), 1) == 2.7
    assert round(mean_of_max_of_normals(5), 2) == 1.16


def _met_ship_at_operating_point_figures() -> None:
    """Recall on 600 churners: a standard error near 0.02, B's gap of 0.11 over A about 0.029, nearly
    four standard errors; C's 0.02 over A well inside one."""
    se = lambda r: math.sqrt(r * (1 - r) / 600)  # noqa: E731
    assert all(round(se(r), 2) == 0.02 for r in (0.41, 0.43, 0.52))
    gap_se = math.hypot(se(0.41), se(0.52))
    assert round(gap_se, 3) == 0.029 and 3.8 < (0.52 - 0.41) / gap_se < 3.9
    assert (0.43 - 0.41) / math.hypot(se(0.41), se(0.43)) < 1
    assert round((0.52 - 0.41) * 600) == 66


def _mt_large_batch_figures() -> None:
    """Batch 256 to 8,192 is 32 times larger; the linear scaling rule takes the rate from 0.1 to 3.2."""
    factor = Fraction(8_192, 256)
    assert factor == 32 and Fraction(1, 10) * factor == Fraction(32, 10)


def _mt_adamw_switch_figures() -> None:
    """Five seeds each with a spread of 0.2: the gap's standard error about 0.13, the worst end of a 95%
    t interval (8 degrees of freedom) a drop of about 0.39; 720 against 480 GPU-hours."""
    from scipy import stats

    se = math.sqrt(2 * 0.2 ** 2 / 5)
    assert round(0.2 / math.sqrt(5), 2) == 0.09 and round(se, 2) == 0.13
    worst = (76.8 - 76.7) + stats.t.ppf(0.975, 8) * se
    assert round(worst, 2) == 0.39 and worst < 0.5
    assert (90 * 8, 60 * 8, 90 * 8 - 60 * 8) == (720, 480, 240)


#: figures the text of a question with no typed number quotes (tests/content/test_reference_numbers.py)
FIGURES = {
    "ia-random-search-top5-caveats": _ia_random_top5_caveats_figures,
    "mt-audit-deleted-trials": _mt_audit_deleted_trials_figures,
    "met-ship-at-operating-point": _met_ship_at_operating_point_figures,
    "mt-large-batch-sharp-minima-slide": _mt_large_batch_figures,
    "mt-adamw-switch-evidence": _mt_adamw_switch_figures,
}
