"""The typed vocabulary of a question's ``simulation`` field (pydantic, nothing evaluated).

Each scenario has a parameter model; :data:`SCENARIO_PARAMS` maps the scenario name to it.
Imports only pydantic (and :mod:`engine.plain`), so the schema can validate banks without loading numpy or torch.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, PositiveFloat

from engine.plain import StrictModel

Label = str

# The names each registry holds, written once here: this module imports only pydantic, so a
# bank validates without loading numpy or torch. tests/engine/test_registries.py holds each
# list equal to its registry (engine.optim.optimizers.OPTIMIZERS, ...SCHEDULES, ...SURFACES,
# engine.search.strategies.STRATEGIES, engine.search.objectives.METRICS, ...TRAIN_DATASETS).
OptimizerName = Literal["sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adam", "adamw"]
ScheduleName = Literal["constant", "step", "exponential", "inverse_time", "cosine", "warmup_cosine", "one_cycle"]
SurfaceName = Literal["quadratic", "noisy_quadratic", "rosenbrock", "beale", "saddle", "himmelblau"]
StrategyName = Literal["grid", "random", "bayes", "tpe", "halving"]
MetricName = Literal["accuracy", "f1", "roc_auc", "neg_mse"]
TrainDataset = Literal["digits", "moons"]
CVExperiment = Literal["overtuning", "k_variance", "stratification"]


class OptimRun(StrictModel):
    label: Label
    optimizer: OptimizerName
    lr: PositiveFloat
    hyper: dict[str, float] = Field(default_factory=dict)
    schedule: ScheduleName = "constant"
    schedule_params: dict[str, float] = Field(default_factory=dict)
    start: tuple[float, float] | None = None


class OptimizerScenario(StrictModel):
    """Optimiser runs on one loss surface. Measures, per run label ``L``: ``L.outcome``,
    ``L.final_loss``, ``L.steps_to_threshold``, ``L.diverged_at``, ``L.first_step`` (length of
    the first update), ``L.final_x``, ``L.final_y``; across runs: ``winner_by_final_loss``,
    ``ranking_by_final_loss``, ``worst_by_final_loss``, ``ranking_by_steps`` (never reaching counts as last),
    ``diverged`` and ``converged`` (lists of labels), ``distinct_endpoints`` (how many different
    points the runs that did not diverge ended at, points closer than 0.05 counting as one) and
    ``L.nearest_minimum`` (the index, from 0, of the surface's listed minimum nearest to where
    run ``L`` ended)."""

    surface: SurfaceName
    surface_params: dict[str, float] = Field(default_factory=dict)
    steps: int = Field(ge=1, le=5000)
    seed: int = 0
    runs: list[OptimRun] = Field(min_length=1, max_length=8)


class ScheduleScenario(StrictModel):
    """A learning-rate schedule. Measures ``lr`` (the rate used at step ``at``)."""

    schedule: ScheduleName
    schedule_params: dict[str, float] = Field(default_factory=dict)
    lr0: PositiveFloat
    steps: int = Field(ge=1, le=100_000)
    at: int = Field(ge=0)


class SweepScenario(StrictModel):
    """One optimiser over log-spaced rates. Measures ``best_lr`` (fewest steps to the
    threshold), ``good_low`` / ``good_high`` (the converging range), ``largest_stable_lr``
    (the largest rate that did not diverge) and ``n_good``."""

    surface: SurfaceName
    surface_params: dict[str, float] = Field(default_factory=dict)
    optimizer: OptimizerName
    hyper: dict[str, float] = Field(default_factory=dict)
    lr_min: PositiveFloat
    lr_max: PositiveFloat
    n: int = Field(default=100, ge=10, le=300)
    steps: int = Field(ge=10, le=3000)
    start: tuple[float, float] | None = None


class TrainRun(StrictModel):
    label: Label
    optimizer: OptimizerName
    lr: PositiveFloat
    batch_size: int = Field(default=32, ge=1, le=2048)
    hyper: dict[str, float] = Field(default_factory=dict)
    schedule: ScheduleName = "constant"
    schedule_params: dict[str, float] = Field(default_factory=dict)


class TrainingScenario(StrictModel):
    """Small torch networks, same initial weights. Measures per run ``L.final_val_acc``,
    ``L.best_val_acc``, ``L.final_train_loss``, ``L.diverged``; across runs
    ``winner_by_val_acc``, ``winner_by_train_loss``, ``ranking_by_train_loss``, ``worst_by_train_loss``, and per run
    ``L.best_val_epoch`` (the epoch of the lowest validation loss)."""

    dataset: TrainDataset
    hidden: list[int] = Field(default_factory=lambda: [32], min_length=1, max_length=3)
    epochs: int = Field(ge=1, le=30)
    seed: int = 0
    runs: list[TrainRun] = Field(min_length=1, max_length=6)


class SearchScenario(StrictModel):
    """Strategies on one budget, over several seeds. Measures per strategy ``S.median_best``
    (and ``S.median_regret`` for benchmark functions); ``winner``, ``worst`` and ``ranking``."""

    objective: str
    strategies: list[StrategyName] = Field(min_length=2, max_length=5)
    budget: int = Field(ge=2, le=60)
    seeds: list[int] = Field(default_factory=lambda: [0], min_length=1, max_length=10)
    folds: int = Field(default=3, ge=2, le=10)
    metric: MetricName | None = None


class CVScenario(StrictModel):
    """Cross-validation experiments.

    ``overtuning``: measures ``best_cv``, ``nested``, ``test``, ``optimism`` (best_cv - nested)
    and ``optimistic`` (True when best_cv > nested).
    ``k_variance``: the same model under k-fold for each k in ``ks``, over ``seeds``; measures
    ``k<k>.std`` (mean std of fold scores), ``k<k>.mean`` and ``ranking_by_std``.
    ``stratification``: plain vs stratified k-fold over ``seeds``; measures ``plain.std``,
    ``stratified.std`` and ``lower_std`` (the label with the smaller spread of fold scores).
    """

    experiment: CVExperiment
    dataset: str
    model: str
    model_params: dict[str, float] = Field(default_factory=dict)
    metric: MetricName = "accuracy"
    budget: int = Field(default=15, ge=2, le=40)
    folds: int = Field(default=3, ge=2, le=10)
    outer_folds: int = Field(default=3, ge=2, le=5)
    ks: list[int] = Field(default_factory=list, max_length=5)
    seeds: list[int] = Field(default_factory=lambda: [0], min_length=1, max_length=20)
    seed: int = 0


class FitRun(StrictModel):
    label: Label
    degree: int = Field(ge=1, le=25)
    optimizer: OptimizerName = "adam"
    lr: PositiveFloat
    weight_decay: float = Field(default=0.0, ge=0)


class FittingScenario(StrictModel):
    """Polynomial regression of a noisy sine, trained by gradient descent with torch (see
    :mod:`engine.sim.fitting`). Measures per run ``L.diagnosis`` (over-fitting, under-fitting,
    good fit, diverged), ``L.best_val_epoch``, ``L.final_train_loss``, ``L.final_val_loss``,
    ``L.min_val_loss``; across runs ``ranking_by_val_loss``, ``winner_by_val_loss``,
    ``ranking_by_train_loss``, ``winner_by_train_loss``, ``worst_by_train_loss``."""

    n_train: int = Field(default=15, ge=4, le=200)
    noise: PositiveFloat = 0.25
    epochs: int = Field(ge=10, le=5000)
    record_every: int = Field(default=20, ge=1, le=500)
    seed: int = 0
    runs: list[FitRun] = Field(min_length=1, max_length=6)


class RangeTestScenario(StrictModel):
    """The learning-rate range test on a small torch network (exponential ramp). Measures
    ``suggestion`` (steepest descent of the smoothed loss), ``min_loss_lr``, their base-10
    logarithms rounded to whole decades ``suggestion_decade`` and ``min_loss_decade``, and
    ``stopped_early`` (the loss blew up before the end of the ramp)."""

    dataset: TrainDataset
    hidden: list[int] = Field(default_factory=lambda: [32], min_length=1, max_length=3)
    optimizer: OptimizerName
    hyper: dict[str, float] = Field(default_factory=dict)
    batch_size: int = Field(default=32, ge=1, le=2048)
    lr_min: PositiveFloat = 1e-6
    lr_max: PositiveFloat = 10.0
    num_iter: int = Field(default=150, ge=20, le=1000)
    seed: int = 0


SCENARIO_PARAMS: dict[str, type[StrictModel]] = {
    "optimizer": OptimizerScenario,
    "schedule": ScheduleScenario,
    "lr_sweep": SweepScenario,
    "training": TrainingScenario,
    "search_comparison": SearchScenario,
    "cross_validation": CVScenario,
    "fitting": FittingScenario,
    "range_test": RangeTestScenario,
}
