"""Every registered surface, optimiser and schedule meets the same contract."""

from __future__ import annotations

import numpy as np
import pytest

from engine.optim.optimizers import OPTIMIZERS, check_lr, get_optimizer
from engine.optim.run import MAX_STEPS, RunConfig, run_many, run_one
from engine.optim.schedules import SCHEDULES, ScheduleSpec, lr_values
from engine.optim.surfaces import SURFACES, get_surface


@pytest.mark.parametrize("name", list(SURFACES))
def test_surface_gradient_matches_finite_differences(name):
    s = get_surface(name)
    rng = np.random.default_rng(0)
    (x0, x1), (y0, y1) = s.bounds
    pts = np.column_stack([rng.uniform(x0, x1, 20), rng.uniform(y0, y1, 20)])
    h = 1e-6
    num = np.column_stack([
        (s.value(pts + [h, 0]) - s.value(pts - [h, 0])) / (2 * h),
        (s.value(pts + [0, h]) - s.value(pts - [0, h])) / (2 * h),
    ])
    np.testing.assert_allclose(s.grad(pts), num, rtol=1e-5, atol=1e-4)


@pytest.mark.parametrize("name", list(SURFACES))
def test_surface_minima_are_minima(name):
    s = get_surface(name)
    m = np.array(s.minima)
    np.testing.assert_allclose(s.value(m), s.min_value, atol=1e-9)
    np.testing.assert_allclose(s.grad(m), 0, atol=1e-4)
    (x0, x1), (y0, y1) = s.bounds
    grid = np.stack(np.meshgrid(np.linspace(x0, x1, 60), np.linspace(y0, y1, 60)), -1).reshape(-1, 2)
    assert s.value(grid).min() >= s.min_value - 1e-9
    assert x0 <= s.start[0] <= x1 and y0 <= s.start[1] <= y1


@pytest.mark.parametrize("name", list(SURFACES))
def test_a_start_outside_the_picture_is_said_and_one_inside_is_not(name):
    s = get_surface(name)
    (x0, x1), (y0, y1) = s.bounds
    assert s.outside_note(s.start) is None and s.outside_note((x1, y0)) is None  # the edge is in the picture
    note = s.outside_note((1000.0, s.start[1]))
    assert note.startswith("The start (1000, ") and f"x from {x0:g} to {x1:g}" in note
    assert s.outside_note((s.start[0], y1 + 0.5)) is not None


def test_unknown_surface_and_bad_parameters():
    with pytest.raises(ValueError, match="unknown surface 'nope'"):
        get_surface("nope")
    with pytest.raises(ValueError, match="condition number must be from 1 to 1,000,000, got 0.5"):
        get_surface("quadratic", condition=0.5)
    with pytest.raises(ValueError, match="does not take"):
        get_surface("beale", condition=3)


@pytest.mark.parametrize("name", list(OPTIMIZERS))
def test_optimizer_reduces_loss_on_a_convex_quadratic(name):
    s = get_surface("quadratic", condition=4)
    r = run_one(s, RunConfig(name, 0.1), 200)
    assert r.outcome != "diverged"
    assert r.losses[-1] < 0.5 * r.losses[0]
    assert np.all(np.isfinite(r.trajectory))


@pytest.mark.parametrize("name", list(OPTIMIZERS))
def test_optimizer_rejects_invalid_hyperparameters(name):
    spec = get_optimizer(name)
    with pytest.raises(ValueError, match="learning rate must be > 0, got -0.1"):
        run_one(get_surface("quadratic"), RunConfig(name, -0.1), 10)
    for key in spec.defaults:
        with pytest.raises(ValueError, match=key):
            spec.hyper(**{key: -1.0})
    with pytest.raises(ValueError, match="has no hyperparameter"):
        spec.hyper(bogus=1.0)


@pytest.mark.parametrize("key", ["momentum", "beta1", "beta2", "alpha"])
def test_coefficients_must_stay_below_one(key):
    spec = next(s for s in OPTIMIZERS.values() if key in s.defaults)
    with pytest.raises(ValueError, match=f"^{key} must be >= 0 and < 1, got 1$"):
        spec.hyper(**{key: 1.0})


def test_step_limits_and_lr_type():
    with pytest.raises(ValueError, match=f"steps must be a whole number from 1 to {MAX_STEPS}"):
        run_one(get_surface("quadratic"), RunConfig("sgd", 0.1), MAX_STEPS + 1)
    with pytest.raises(ValueError, match="^learning rate must be > 0, got 0$"):
        check_lr(0.0)
    for bad in (float("nan"), float("inf")):
        with pytest.raises(ValueError, match="^learning rate must be a finite number, got (nan|inf)$"):
            check_lr(bad)
    # a denormal rate overflowed the sweep's log axis (1 / 5e-324) in the Optimizer lab
    with pytest.raises(ValueError, match="learning rate must be at least 1e-12, got 5e-324"):
        check_lr(5e-324)
    assert check_lr(1e-12) == 1e-12
    # a rate just past a bound is quoted whole: six digits quoted the bound itself ("got 1000")
    with pytest.raises(ValueError, match=r"^learning rate must be at most 1,000, got 1000\.0000001$"):
        check_lr(1000.0000001)
    with pytest.raises(ValueError, match=r"^learning rate must be at least 1e-12, got 9\.999999999e-13$"):
        check_lr(9.999999999e-13)
    with pytest.raises(ValueError, match="unknown optimizer"):
        run_one(get_surface("quadratic"), RunConfig("lion", 0.1), 10)


@pytest.mark.parametrize("name", list(SCHEDULES))
def test_schedule_is_positive_finite_and_bounded_by_lr0(name):
    lr = lr_values(ScheduleSpec(name), 0.5, 300)
    assert lr.shape == (300,)
    assert np.all(np.isfinite(lr)) and np.all(lr > 0) and np.all(lr <= 0.5 + 1e-12)


@pytest.mark.parametrize(
    "spec, message",
    [
        (ScheduleSpec("step", {"step_size": 0}), "step_size must be a whole number from 1 to 1,000,000,000, got 0"),
        (ScheduleSpec("exponential", {"gamma": 1.5}), r"gamma must be in \(0, 1\]"),
        (ScheduleSpec("inverse_time", {"k": -1}), "k must be >= 0"),
        (ScheduleSpec("cosine", {"eta_min": 1.0}), "eta_min must be >= 0 and below"),
        (ScheduleSpec("warmup_cosine", {"warmup": 500}), "must exceed the warmup"),
        (ScheduleSpec("one_cycle", {"pct_start": 1.5}), "pct_start must be between 0 and 1"),
        (ScheduleSpec("polynomial"), "unknown schedule 'polynomial'"),
        (ScheduleSpec("step", {"bogus": 1}), "schedule 'step'"),
    ],
)
def test_schedule_rejects_invalid_parameters(spec, message):
    with pytest.raises(ValueError, match=message):
        lr_values(spec, 0.1, 100)


def test_same_seed_same_numbers_on_the_noisy_surface():
    s = get_surface("noisy_quadratic")
    a = run_one(s, RunConfig("sgd", 0.01), 100, seed=5)
    b = run_one(s, RunConfig("sgd", 0.01), 100, seed=5)
    c = run_one(s, RunConfig("sgd", 0.01), 100, seed=6)
    np.testing.assert_array_equal(a.trajectory, b.trajectory)
    assert not np.array_equal(a.trajectory, c.trajectory)
    # the batch a run shares does not change its numbers
    together = run_many(s, [RunConfig("adam", 0.1), RunConfig("sgd", 0.01)], 100, seed=5)[1]
    np.testing.assert_array_equal(a.trajectory, together.trajectory)
