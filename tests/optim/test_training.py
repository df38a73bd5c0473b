"""Real torch training: seeded, validated, divergence-safe; the range test suggests a rate."""

from __future__ import annotations

import math

import numpy as np
import pytest
import torch

from engine.optim.schedules import SCHEDULES, ScheduleSpec, lr_values
from engine.optim.training import (
    TrainConfig,
    TrainSetup,
    load_dataset,
    lr_range_test,
    make_scheduler,
    run_record,
    train_many,
)

MOONS = TrainSetup("moons", hidden=(16,), epochs=4, seed=1)


def test_training_records_curves_per_epoch_and_is_seeded():
    configs = [TrainConfig("sgd", 0.1, batch_size=64), TrainConfig("adam", 0.01, batch_size=64)]
    seen, finished = [], []
    a = train_many(MOONS, configs, on_progress=lambda f, msg, *done: seen.append(f) or finished.extend(done))
    b = train_many(MOONS, configs)
    for r in a:
        assert len(r.train_loss) == len(r.val_loss) == len(r.val_acc) == 4
        assert r.diverged_at_epoch is None and r.train_loss[-1] < r.train_loss[0]
        assert all(0 <= v <= 1 for v in r.val_acc)
    assert [r.val_loss for r in a] == [r.val_loss for r in b]
    assert seen[-1] == 1.0 and seen == sorted(seen)
    assert finished == a  # each run as it finishes: a stopped page keeps the ones done


def test_runs_share_initial_weights_so_only_the_optimizer_differs():
    same = train_many(MOONS, [TrainConfig("sgd", 0.05, batch_size=50)] * 2)
    assert same[0].val_loss == same[1].val_loss


def test_digits_mlp_learns():
    r = train_many(TrainSetup("digits", epochs=3), [TrainConfig("adam", 3e-3)])[0]
    assert r.val_acc[-1] > 0.85


def test_a_diverging_run_is_cut_and_finite():
    r = train_many(MOONS, [TrainConfig("sgd", 1e3, batch_size=32)])[0]
    assert r.diverged_at_epoch is not None
    assert all(math.isfinite(v) for v in r.train_loss + r.val_loss)


@pytest.mark.parametrize(
    "setup, config, message",
    [
        (TrainSetup("mnist"), TrainConfig(), "unknown dataset 'mnist'"),
        (TrainSetup(epochs=0), TrainConfig(), "epochs must be from 1"),
        (MOONS, TrainConfig("adam", -1.0), "learning rate must be > 0, got -1"),
        (MOONS, TrainConfig("momentum", 0.1, {"momentum": 1.0}), "momentum must be >= 0 and < 1"),
        (MOONS, TrainConfig("sgd", 0.1, batch_size=0), "batch size must be from 1"),
        (MOONS, TrainConfig("sgd", 0.1, schedule=ScheduleSpec("step", {"gamma": 2})), r"gamma must be in \(0, 1\]"),
    ],
)
def test_invalid_settings_are_rejected_before_training(setup, config, message):
    with pytest.raises(ValueError, match=message):
        train_many(setup, [config])


def test_standardisation_uses_training_statistics_only():
    Xtr, _, Xva, _ = load_dataset("moons", 0.25, 0)
    np.testing.assert_allclose(Xtr.mean(0), 0, atol=1e-5)
    assert not np.allclose(Xva.mean(0), 0, atol=1e-3)


def test_constant_training_columns_do_not_blow_up_validation_features():
    # digits has border pixels that are blank in the training split but not always in validation
    Xtr, _, Xva, _ = load_dataset("digits", 0.25, 0)
    assert np.abs(Xva).max() < 100 and np.abs(Xtr).max() < 100


@pytest.mark.parametrize("name", list(SCHEDULES))
def test_training_scheduler_follows_the_engine_schedule(name):
    p = torch.zeros(1, requires_grad=True)
    opt = torch.optim.SGD([p], lr=0.2)
    sched = make_scheduler(opt, ScheduleSpec(name), 0.2, 90)
    seen = []
    for _ in range(90):
        seen.append(opt.param_groups[0]["lr"])
        opt.step()
        if sched is not None:
            sched.step()
    np.testing.assert_allclose(seen, lr_values(ScheduleSpec(name), 0.2, 90), rtol=1e-9)


def test_range_test_ramps_exponentially_and_suggests_a_rate_inside_the_range():
    r = lr_range_test(MOONS, TrainConfig("sgd", 0.1, batch_size=32), lr_min=1e-4, lr_max=10, num_iter=60)
    ratios = np.array(r.lrs[1:]) / np.array(r.lrs[:-1])
    np.testing.assert_allclose(ratios, ratios[0], rtol=1e-9)
    assert r.lrs[0] == pytest.approx(1e-4)
    assert r.suggestion is not None and 1e-4 <= r.suggestion <= 10
    assert all(math.isfinite(v) for v in r.smoothed)


def test_a_schedule_without_settings_is_sized_to_the_training_run():
    """The labs' audit: step decay's registry defaults (every 30 steps, times 0.1) counted in
    mini-batches took a 10-epoch run on digits to a rate of 1e-17 after its first epochs; the
    validation accuracy stopped at 0.78 where a constant rate reached 0.96."""
    from engine.optim.training import run_schedule

    assert run_schedule(ScheduleSpec("step"), 430).params == {"step_size": 107, "gamma": 0.5}
    assert run_schedule(ScheduleSpec("step", {"gamma": 0.9}), 430).params["gamma"] == 0.9  # a setting given is kept
    assert run_schedule(ScheduleSpec("cosine"), 430).params == {"T_max": 430, "eta_min": 0.0}
    setup = TrainSetup("moons", hidden=(16,), epochs=6, seed=1)
    step, = train_many(setup, [TrainConfig("sgd", 0.1, batch_size=32, schedule=ScheduleSpec("step"))])
    assert step.lrs[-1] >= 0.1 / 16  # halved at most four times over the run
    assert step.lrs[0] == pytest.approx(0.1)


@pytest.mark.parametrize("schedule", [ScheduleSpec("constant"), ScheduleSpec("step"), ScheduleSpec("cosine"),
                                      ScheduleSpec("warmup_cosine")], ids=lambda s: s.name)
def test_a_run_records_the_rate_each_mini_batch_step_used(schedule):
    """The Training lab's rate panel: the rates torch's scheduler gave every step, which are the
    closed-form rates of the schedule sized to the run, and the per-epoch rates are their samples."""
    from engine.optim.training import run_schedule

    r, = train_many(MOONS, [TrainConfig("sgd", 0.1, batch_size=48, schedule=schedule)])
    total = r.steps_per_epoch * MOONS.epochs
    assert r.steps_per_epoch == math.ceil(len(load_dataset("moons", MOONS.val_fraction, MOONS.seed)[0]) / 48)
    assert len(r.step_lrs) == total
    np.testing.assert_allclose(r.step_lrs, lr_values(run_schedule(schedule, total), 0.1, total), rtol=1e-9)
    # the rate after epoch e is the one the first step of epoch e + 1 uses
    np.testing.assert_allclose(r.lrs[:-1], r.step_lrs[r.steps_per_epoch::r.steps_per_epoch], rtol=1e-12)


def test_a_diverged_run_keeps_the_rates_of_the_steps_it_took():
    r, = train_many(MOONS, [TrainConfig("sgd", 1e3, batch_size=64)])
    assert r.diverged_at_epoch is not None
    assert len(r.step_lrs) == r.diverged_at_epoch * r.steps_per_epoch and set(r.step_lrs) == {1e3}


@pytest.mark.parametrize("name", list(SCHEDULES))
def test_every_schedule_has_settings_sized_to_a_run_and_the_lab_draws_them(name):
    from engine.content.labs import LAB_SCHEDULE_FIELDS
    from engine.optim.schedules import sized_defaults

    from engine.optim.training import run_schedule

    for steps in (2, 40, 430, 50_000):  # a one-step run has no room for a warmup: refused with a sentence
        sized = sized_defaults(name, steps)
        SCHEDULES[name].resolve(sized, steps)  # parameters the schedule takes
        # and values it accepts, checked over the first steps of a long run as training checks them
        lr_values(run_schedule(ScheduleSpec(name), steps), 0.1, min(steps, 5000))
        assert {f.name: f.default_for(steps) for f in LAB_SCHEDULE_FIELDS[name]} == sized


def test_a_stopped_trainings_record_says_so_and_is_not_the_whole_trainings():
    # a stopped training's finished runs reach the run history, never taken for the whole training of
    # the same settings (the history's "once" compares settings): a lecturer's walk-through
    from engine.runs import fingerprint

    configs = [TrainConfig("sgd", 0.1, batch_size=64), TrainConfig("adam", 0.01, batch_size=64)]
    results = train_many(MOONS, configs)
    title, config, summary = run_record(MOONS, results)
    assert title == "Moons: " + ", ".join(c.name() for c in configs) and "stopped" not in config
    assert config["runs"] == [c.to_dict() for c in configs] and list(summary) == [c.name() for c in configs]
    part_title, part, part_summary = run_record(MOONS, results[:1], asked=2)
    assert part_title == f"Moons: {configs[0].name()} (stopped: 1 of 2 runs finished)" and part["stopped"] is True
    assert list(part_summary) == [configs[0].name()]
    assert fingerprint("training_lab", part, MOONS.seed) != fingerprint("training_lab", config, MOONS.seed)
    assert "stopped" not in run_record(MOONS, results, asked=2)[1]  # all it asked for finished
