"""The numeric answers of the creative-tools-and-choices bank (``ctc-*``).

The grid's size is counted by running optuna.samplers.GridSampler over the prompt's search space
until it stops the study itself; Adafactor's state is read off a real torch.optim.Adafactor after
one step on a 4,096 x 4,096 matrix; the warm-up and the smoothed loss's spread are the arithmetic
their prompts set out, in exact fractions, and so are the trials a 40-GPU-hour plan can afford once
its renders are paid for.
"""

from __future__ import annotations

import math
from fractions import Fraction

BANKS = ("creative-tools-and-choices",)


def _grid_trials_vs_budget() -> float:
    import optuna

    optuna.logging.set_verbosity(optuna.logging.WARNING)
    space = {"lr": [5e-5, 1e-4, 2e-4, 4e-4, 8e-4], "rank": [4, 8, 16, 32], "steps": [1000, 2000, 3000]}

    def objective(trial):
        lr = trial.suggest_float("lr", 5e-5, 8e-4, log=True)
        rank = trial.suggest_categorical("rank", space["rank"])
        steps = trial.suggest_categorical("steps", space["steps"])
        return lr * rank * steps

    study = optuna.create_study(sampler=optuna.samplers.GridSampler(space, seed=0))
    study.optimize(objective)  # no n_trials: GridSampler stops the study once every point has run
    return len(study.trials)


def _adafactor_state_memory() -> float:
    import torch

    w = torch.zeros(4096, 4096, requires_grad=True)
    opt = torch.optim.Adafactor([w])  # defaults
    w.grad = torch.ones_like(w)
    opt.step()
    # row_var (4096 x 1) and col_var (1 x 4096); the one-number step counter is left out
    per_matrix = sum(t.numel() * t.element_size() for t in opt.state[w].values()
                     if torch.is_tensor(t) and t.dim() > 0)
    return 240 * per_matrix / 10**6  # MB


def _warmup_ratio_rerun() -> float:
    total = 10 * Fraction(1800, 4 * 2)  # epochs x optimiser steps per epoch (8 images a step)
    return math.ceil(Fraction(5, 100) * total)


def _smoothed_diffusion_loss_noise() -> float:
    alpha, sigma = Fraction(98, 100), Fraction(4, 100)
    # s = (1 - alpha) * sum alpha^k loss_{t-k}: variance sigma^2 (1 - alpha)^2 / (1 - alpha^2)
    variance = sigma**2 * (1 - alpha) ** 2 / (1 - alpha**2)
    return math.sqrt(variance)


def _budget_trials_after_renders() -> int:
    """Whole Optuna trials that fit in 40 GPU-hours after the baseline and the rate sweep, every judged
    run rendering 50 prompts x 4 seeds, one trial in four going on from 500 to 2,000 steps."""
    step, render = Fraction(18, 10), Fraction(25, 10)
    judge = 50 * 4 * render
    spent = (2_000 * step + judge) + 4 * (500 * step + judge)
    per_trial = 500 * step + judge + Fraction(1, 4) * (1_500 * step + judge)
    return math.floor((40 * 3_600 - spent) / per_trial)


CHECKS = {
    "ctc-grid-trials-vs-budget": _grid_trials_vs_budget,
    "ctc-adafactor-state-memory": _adafactor_state_memory,
    "ctc-warmup-ratio-rerun": _warmup_ratio_rerun,
    "ctc-smoothed-diffusion-loss-noise": _smoothed_diffusion_loss_noise,
    "ctc-budget-trials-after-renders": _budget_trials_after_renders,
}
