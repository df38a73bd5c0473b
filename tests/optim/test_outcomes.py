"""Outcome classification on cases whose answer is known."""

from __future__ import annotations

import json

import numpy as np
import pytest

from engine.optim.run import RunConfig, run_many, run_one
from engine.optim.surfaces import get_surface

X2 = get_surface("quadratic", condition=1)  # x^2 + y^2; from (1, 0) this is SGD on x^2


def sgd_x2(lr, steps=100):
    return run_one(X2, RunConfig("sgd", lr, start=(1.0, 0.0)), steps)


def test_sgd_on_x_squared_with_lr_1_1_diverges():
    r = sgd_x2(1.1)
    assert r.outcome == "diverged"
    # |x_t| = 1.2^t, so the gap passes 1e4 * max(gap0, 1) = 1e4 when 1.44^t > 1e4: t = 26
    assert r.diverged_at == 26
    assert len(r.trajectory) == 26 and np.all(np.isfinite(r.trajectory))


def test_sgd_on_x_squared_with_lr_0_1_converges():
    r = sgd_x2(0.1)
    assert r.outcome == "converged"
    # x_t = 0.8^t; gap 0.64^t <= 1e-4 first at t = 21
    assert r.steps_to_threshold == 21 and r.diverged_at is None


def test_lr_just_below_the_limit_oscillates():
    r = sgd_x2(0.999)
    assert r.outcome == "oscillating"
    assert np.all(np.sign(r.trajectory[1:6, 0]) == [-1, 1, -1, 1, -1])


def test_tiny_lr_is_still_descending():
    r = sgd_x2(1e-3)
    assert r.outcome == "still descending"
    assert np.all(np.diff(r.losses) < 0)


def test_a_run_that_stops_at_a_saddle_has_stalled_and_the_slowest_sweep_rate_has_not():
    """Adam started on the saddle's ridge slides into the saddle and stops there: "still descending"
    beside the question's answer "It stops at the saddle point" (the learner walk-through)."""
    saddle = get_surface("saddle")
    (adam,) = run_many(saddle, [RunConfig("adam", 0.1, start=(-2.0, 0.0))], 400)
    assert adam.outcome == "stalled" and adam.steps_to_threshold is None
    assert abs(adam.trajectory[-1][0]) < 1e-6 and adam.trajectory[-1][1] == 0.0  # at the saddle
    (off,) = run_many(saddle, [RunConfig("adam", 0.1, start=(-2.0, 0.01))], 400)
    assert off.outcome == "converged"  # off the ridge it rolls into a minimum
    assert sgd_x2(1e-6, steps=200).outcome == "still descending"  # slow, not stopped
    assert sgd_x2(1.0).outcome == "oscillating"  # a constant bounce is a bounce, not a stall


def test_momentum_beats_sgd_in_a_ravine():
    ravine = get_surface("quadratic", condition=50)
    # at a learning rate safe for the steep direction, plain SGD crawls along the flat one
    sgd, mom = run_many(ravine, [RunConfig("sgd", 0.002), RunConfig("momentum", 0.002)], 200)
    assert sgd.outcome == "still descending" and mom.outcome == "converged"
    assert mom.losses[-1] < 1e-3 * sgd.losses[-1]


def test_overflow_never_reaches_the_output():
    r = run_one(get_surface("rosenbrock"), RunConfig("sgd", 0.5), 200)
    assert r.outcome == "diverged"
    text = json.dumps(r.to_dict(), allow_nan=False)  # raises on NaN or inf
    assert "Infinity" not in text


@pytest.mark.parametrize("lr", [0.05, 0.3])
def test_adam_first_step_has_size_lr(lr):
    r = run_one(get_surface("rosenbrock"), RunConfig("adam", lr), 1)
    moved = np.abs(r.trajectory[1] - r.trajectory[0])
    np.testing.assert_allclose(moved, lr, rtol=1e-6)


def test_single_optimizer_sweep_figure_shades_regions_in_few_shapes():
    from engine.optim.sweep import log_lrs, lr_sweep
    from ui.figures_optim import sweep_figure

    sw = lr_sweep(get_surface("quadratic"), ["sgd"], log_lrs(1e-4, 10, 100), 200)
    fig = sweep_figure(sw)
    assert 1 <= len(fig.layout.shapes) <= 6  # one rectangle per region run, not one per rate


def test_the_fastest_rate_of_a_sweep_is_a_good_one():
    """The labs' audit: AdamW on Rosenbrock touched the threshold once at lr 2.21 on its way
    through, never converged, and was named the fastest rate beside "good rates: none"."""
    from engine.optim.sweep import log_lrs, lr_sweep

    for surface, optimizer in (("rosenbrock", "adamw"), ("saddle", "sgd")):
        sw = lr_sweep(get_surface(surface), [optimizer], log_lrs(1e-4, 10, 100), 200).sweeps[0]
        touched = [r for s, r in zip(sw.steps_to_threshold, sw.regions) if s is not None]
        assert any(r != "good" for r in touched)  # the runs that misled it are there
        if sw.best_lr is not None:
            assert sw.regions[list(sw.lrs).index(sw.best_lr)] == "good"
        else:
            assert sw.good_range is None


def test_a_sweep_follows_the_schedule_it_is_given():
    """The labs' audit: the sweep ran every rate constant whatever schedule the lab's sidebar set."""
    from engine.optim.schedules import ScheduleSpec
    from engine.optim.sweep import log_lrs, lr_sweep

    q = get_surface("quadratic", condition=10.0)
    lrs = log_lrs(1e-4, 10, 100)
    constant = lr_sweep(q, ["sgd"], lrs, 200, start=(-4.0, 1.5)).sweeps[0]
    decayed = lr_sweep(q, ["sgd"], lrs, 200, start=(-4.0, 1.5),
                       schedule=ScheduleSpec("exponential", {"gamma": 0.99})).sweeps[0]
    assert decayed.good_range != constant.good_range
    reference = run_many(q, [RunConfig("sgd", float(lrs[60]), {}, ScheduleSpec("exponential", {"gamma": 0.99}),
                                       (-4.0, 1.5))], 200)[0]
    assert decayed.outcomes[60] == reference.outcome


def test_the_sweep_table_writes_none_where_no_rate_qualifies():
    """The lecturer's walk-through: the sweep's table showed "None" as a fastest rate."""
    from engine.optim.sweep import log_lrs, lr_sweep

    sw = lr_sweep(get_surface("quadratic"), ["sgd"], log_lrs(1e-4, 1e-3, 5), 20)  # too low to converge in 20
    (row,) = sw.table_rows({"sgd": "SGD"})
    assert row == {"Optimizer": "SGD", "Good rates": "none", "Fastest rate": "none", "Too low": 5, "Good": 0,
                   "Too high": 0}
    (good,) = lr_sweep(get_surface("quadratic"), ["sgd"], log_lrs(1e-2, 1.0, 5), 200).table_rows({})
    assert good["Optimizer"] == "sgd" and good["Fastest rate"] != "none" and float(good["Fastest rate"]) > 0


def test_good_rates_in_bands_where_a_stretch_between_them_failed():
    """RMSprop on the ravine converged at 0.03 to 0.2 and at 2 to 10 and oscillated between: the
    table's one range "0.0266 – 10" beside "Too high 16" read as a contradiction (a lecturer's walk)."""
    import numpy as np

    from engine.optim.sweep import OptimizerSweep, bands_text, regions

    outcomes = ("still descending", "converged", "converged", "oscillating", "diverged", "converged",
                "converged", "stalled", "converged", "diverged")
    lrs = np.array([0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1.0, 2.0, 5.0, 10.0])
    sw = OptimizerSweep("rmsprop", lrs, np.zeros(10), (None,) * 10, outcomes, regions(outcomes))
    assert sw.regions == ("too low", "good", "good", "too high", "too high", "good", "good", "too low", "good",
                          "too high")
    assert sw.good_bands == ((0.02, 0.05), (0.5, 1.0), (5.0, 5.0)) and sw.good_range == (0.02, 5.0)
    assert bands_text(sw.good_bands) == "0.02 – 0.05, 0.5 – 1, 5"
    assert bands_text(((1, 2), (3, 4), (5, 6), (7, 8), (9, 9))) == "1 – 2, 3 – 4, 5 – 6 and 2 more bands"
    assert bands_text(()) == "none"
