"""The vectorised optimisers and schedules against torch.optim as the oracle."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from engine.optim.optimizers import OPTIMIZERS
from engine.optim.run import RunConfig, run_many
from engine.optim.schedules import SCHEDULES, ScheduleSpec, lr_values
from engine.optim.surfaces import SURFACES, get_surface

STEPS = 500
#: a learning rate per optimiser that keeps most surfaces finite for 500 steps
LRS = {"sgd": 2e-3, "momentum": 1e-3, "nesterov": 1e-3, "adagrad": 0.05, "rmsprop": 1e-3,
       "adam": 0.02, "adamw": 0.02}
#: non-default settings, so every branch of every algorithm is exercised
HYPER = {"sgd": {"weight_decay": 0.01}, "momentum": {"momentum": 0.8, "dampening": 0.1},
         "nesterov": {"momentum": 0.7}, "adagrad": {"lr_decay": 0.01, "initial_accumulator_value": 0.1},
         "rmsprop": {"momentum": 0.5, "alpha": 0.9}, "adam": {"beta1": 0.8, "weight_decay": 0.01},
         "adamw": {"weight_decay": 0.1}}


def torch_trajectory(surface, name, lr, hyper, steps, start, lrs=None, seed=0):
    spec = OPTIMIZERS[name]
    h = spec.hyper(**hyper)
    p = torch.tensor(start, dtype=torch.float64, requires_grad=True)
    opt = getattr(torch.optim, spec.torch_class)([p], **spec.torch_kwargs(lr, h), foreach=False)
    noise = np.random.default_rng(seed).standard_normal((steps, 2)) * surface.noise
    out = [p.detach().numpy().copy()]
    for t in range(steps):
        if lrs is not None:
            for group in opt.param_groups:
                group["lr"] = float(lrs[t])
        opt.zero_grad()
        g = surface.grad(p.detach().numpy()[None])[0] + noise[t]
        p.grad = torch.from_numpy(g.copy())
        opt.step()
        out.append(p.detach().numpy().copy())
    return np.array(out)


@pytest.mark.parametrize("surface_name", list(SURFACES))
@pytest.mark.parametrize("name", list(OPTIMIZERS))
def test_trajectory_matches_torch_optim(surface_name, name):
    surface = get_surface(surface_name)
    configs = [
        RunConfig(name, LRS[name], HYPER[name]),
        RunConfig(name, LRS[name] / 3, {}, start=(0.7, -0.4)),
    ]
    results = run_many(surface, configs, STEPS, seed=3)
    for cfg, res in zip(configs, results):
        start = cfg.start or surface.start
        ref = torch_trajectory(surface, name, cfg.lr, dict(cfg.hyper), STEPS, start, seed=3)
        k = len(res.trajectory)
        assert k > 50, f"diverged too early to compare ({res.diverged_at})"
        np.testing.assert_allclose(res.trajectory, ref[:k], rtol=1e-6, atol=1e-12)


@pytest.mark.parametrize("name", list(OPTIMIZERS))
def test_trajectory_with_a_schedule_matches_torch(name):
    surface = get_surface("quadratic")
    spec = ScheduleSpec("cosine", {"T_max": 200})
    res = run_many(surface, [RunConfig(name, LRS[name], schedule=spec)], 200)[0]
    ref = torch_trajectory(surface, name, LRS[name], {}, 200, surface.start,
                           lrs=lr_values(spec, LRS[name], 200))
    np.testing.assert_allclose(res.trajectory, ref, rtol=1e-6, atol=1e-12)


def torch_lrs(make, lr0=0.1, steps=120):
    p = torch.zeros(1, requires_grad=True)
    opt = torch.optim.SGD([p], lr=lr0)
    sched = make(opt)
    out = []
    for _ in range(steps):
        out.append(opt.param_groups[0]["lr"])
        opt.step()
        sched.step()
    return np.array(out)


S = torch.optim.lr_scheduler


ORACLE_CASES = [
    (ScheduleSpec("constant"), lambda o: S.ConstantLR(o, factor=1.0)),
    (ScheduleSpec("step", {"step_size": 25, "gamma": 0.5}), lambda o: S.StepLR(o, 25, 0.5)),
    (ScheduleSpec("exponential", {"gamma": 0.97}), lambda o: S.ExponentialLR(o, 0.97)),
    (ScheduleSpec("inverse_time", {"k": 0.05}), lambda o: S.LambdaLR(o, lambda t: 1 / (1 + 0.05 * t))),
    (ScheduleSpec("cosine", {"T_max": 50, "eta_min": 0.001}),
     lambda o: S.CosineAnnealingLR(o, T_max=50, eta_min=0.001)),
    (ScheduleSpec("cosine"), lambda o: S.CosineAnnealingLR(o, T_max=120)),
    # torch's own composition, not a LambdaLR fed our factor: a straight line from 0.1 lr0 at
    # step 0 towards lr0 at step 10, then a cosine from lr0 to eta_min over the other 110
    (ScheduleSpec("warmup_cosine", {"warmup": 10, "eta_min": 0.01}),
     lambda o: S.SequentialLR(o, [S.LinearLR(o, start_factor=0.1, end_factor=1.0, total_iters=10),
                                  S.CosineAnnealingLR(o, T_max=110, eta_min=0.01)], milestones=[10])),
    (ScheduleSpec("warmup_cosine", {"warmup": 1, "total": 60}),
     lambda o: S.SequentialLR(o, [S.LinearLR(o, start_factor=1.0, end_factor=1.0, total_iters=1),
                                  S.CosineAnnealingLR(o, T_max=59)], milestones=[1])),
    (ScheduleSpec("one_cycle"), lambda o: S.OneCycleLR(o, max_lr=0.1, total_steps=120, cycle_momentum=False)),
    (ScheduleSpec("one_cycle", {"pct_start": 0.25, "div_factor": 10, "final_div_factor": 100}),
     lambda o: S.OneCycleLR(o, max_lr=0.1, total_steps=120, pct_start=0.25, div_factor=10,
                            final_div_factor=100, cycle_momentum=False)),
]


@pytest.mark.parametrize("spec, make", ORACLE_CASES, ids=lambda v: v.name if isinstance(v, ScheduleSpec) else "")
def test_schedule_equals_torch_scheduler(spec, make):
    np.testing.assert_allclose(lr_values(spec, 0.1, 120), torch_lrs(make), rtol=1e-10, atol=1e-15)


def test_every_schedule_has_an_independent_oracle_case():
    # derived from the registry: a new schedule fails here until it has a case above
    assert {spec.name for spec, _ in ORACLE_CASES} == set(SCHEDULES)


@pytest.mark.parametrize("name", list(SCHEDULES))
def test_every_schedule_names_its_torch_equivalent(name):
    entry = SCHEDULES[name]
    assert entry.title and entry.blurb and entry.torch
    assert (entry.make_torch is None) == (name == "constant")


def test_warmup_then_cosine_shape():
    # a straight line from lr0 / W at step 0 to lr0 at step W, where the cosine takes over
    lr = lr_values(ScheduleSpec("warmup_cosine", {"warmup": 5}), 1.0, 20)
    np.testing.assert_allclose(lr[:6], [0.2, 0.36, 0.52, 0.68, 0.84, 1.0])
    assert np.all(np.diff(lr[5:]) < 0)


@pytest.mark.parametrize("at", [0, 3, 9, 10, 11, 120, 199])
def test_warmup_cosine_in_the_lab_is_the_generated_questions_schedule(at):
    # the reference's warmup_cosine states the torch recipe (SequentialLR of LinearLR from 1/W and
    # CosineAnnealingLR); the labs' schedule must give the same rate at every step, warm-up included
    from engine.forms.reference import schedule_lr

    lab = lr_values(ScheduleSpec("warmup_cosine", {"warmup": 10, "total": 200}), 0.01, 200)[at]
    question = schedule_lr("warmup_cosine", 0.01, at, warmup=10, total=200)["answer"]
    assert lab == pytest.approx(question, rel=1e-6, abs=1e-12)
