"""The numeric answers of the manager-folds-grids-and-training bank (``mvt-*``).

The grid's CPU-hours walk scikit-learn's ParameterGrid over the prompt's param_grid and price each
fit by its tree count in exact fractions, after a real GridSearchCV over a grid of the same shape
counts its fits (cells × folds); the hours of a fine-tune's epochs read the batches per GPU off a
real DataLoader over a DistributedSampler; the step at which a plateau ends is read off
torch.optim.SGD on the prompt's toy loss, whose other runs (the start at 10⁻⁶, with and without
momentum) are checked against the steps the prompt quotes.
"""

from __future__ import annotations

from fractions import Fraction

from tests.content.reference_numbers._shared import fit_counter

BANKS = ("manager-folds-grids-and-training",)


def _grid_fits_cpu_hours() -> float:
    from sklearn.model_selection import GridSearchCV, ParameterGrid

    param_grid = {"n_estimators": [100, 300, 900], "max_depth": [2, 3, 4, 5],
                  "learning_rate": [0.01, 0.03, 0.1, 0.3]}
    folds = 5
    cells = list(ParameterGrid(param_grid))
    assert len(cells) == 48
    # a search of the same shape fits every cell once per fold (refit=False: the refit is not counted)
    estimator, fits, X, y = fit_counter()
    shaped = {"a": param_grid["n_estimators"], "b": param_grid["max_depth"], "c": param_grid["learning_rate"]}
    GridSearchCV(estimator, shaped, cv=folds, refit=False, scoring="accuracy").fit(X, y)
    assert len(fits) == len(cells) * folds == 240
    minutes = folds * sum(Fraction(3, 100) * cell["n_estimators"] for cell in cells)
    return float(minutes / 60)


def _steps_vs_batches_hours() -> float:
    from torch.utils.data import DataLoader, DistributedSampler

    photos, gpus, batch, accumulation, epochs = 1_228_800, 8, 32, 4, 3
    data = range(photos)
    loader = DataLoader(data, batch_size=batch,
                        sampler=DistributedSampler(data, num_replicas=gpus, rank=0, shuffle=False))
    batches_per_epoch = len(loader)  # on each GPU
    assert batches_per_epoch == 4_800
    assert epochs * batches_per_epoch // accumulation == 3_600  # the plan's "steps" are updates
    return float(epochs * batches_per_epoch * Fraction(55, 100) / 3600)


def _first_step_below(y0: float, momentum: float = 0.0, threshold: float = -0.2, lr: float = 0.1) -> int:
    """The first step at which f(x, y) = ½x² + ¼y⁴ − ½y² falls below ``threshold`` under
    torch.optim.SGD from (1, y0)."""
    import torch

    p = torch.tensor([1.0, y0], dtype=torch.float64, requires_grad=True)
    opt = torch.optim.SGD([p], lr=lr, momentum=momentum)
    for step in range(2_000):
        loss = 0.5 * p[0] ** 2 + 0.25 * p[1] ** 4 - 0.5 * p[1] ** 2
        if loss.item() < threshold:
            return step
        opt.zero_grad()
        loss.backward()
        opt.step()
    raise AssertionError("the loss never fell below the threshold")


def _saddle_plateau_start() -> int:
    assert _first_step_below(1e-6) == 146  # the prompt's run
    assert _first_step_below(1e-6, momentum=0.9) == 52  # the prompt's run with momentum
    assert _first_step_below(1e-9) == 218  # the explanation's start at 10⁻⁹
    return _first_step_below(1e-3)


CHECKS = {
    "mvt-grid-fits-cpu-hours": _grid_fits_cpu_hours,
    "mvt-steps-vs-batches-hours": _steps_vs_batches_hours,
    "mvt-saddle-plateau-start": _saddle_plateau_start,
}
