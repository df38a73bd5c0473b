"""Engine vs a plain torch.optim loop on the same work, in one process.

Work: 7 optimisers x 100 log-spaced learning rates x 1000 steps on Rosenbrock from (-1.5, 2).
The engine runs all 700 configurations as one vectorised batch. The torch.optim loop runs
one configuration at a time, the way one would write it (a float64 parameter, autograd for
the loss, ``zero_grad`` / ``backward`` / ``step``); it runs a stated subset of the learning
rates (``--loop-lrs``, every optimiser) and its time is scaled to the full 700 runs.

Also times the sweep plot of the Optimizer lab: the sweep (7 x 100 rates x 300 steps on the
quadratic bowl) plus building its plotly figure.

Usage::

    .venv/bin/python benchmarks/bench_optim.py [--loop-lrs 5] [--json]

Goal (issue "Optimizer lab", point 12): ratio >= 500; sweep plot < 1 s.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from engine.optim.optimizers import OPTIMIZERS  # noqa: E402
from engine.optim.run import RunConfig, run_many  # noqa: E402
from engine.optim.surfaces import get_surface  # noqa: E402
from engine.optim.sweep import log_lrs, lr_sweep  # noqa: E402

STEPS = 1000
LRS = np.logspace(-5, 0, 100)


def engine_time() -> float:
    surface = get_surface("rosenbrock")
    configs = [RunConfig(name, float(lr)) for name in OPTIMIZERS for lr in LRS]
    t0 = time.perf_counter()
    run_many(surface, configs, STEPS)
    return time.perf_counter() - t0


def torch_loop_time(n_lrs: int) -> tuple[float, int]:
    import torch

    torch.set_num_threads(1)
    lrs = LRS[np.linspace(0, len(LRS) - 1, n_lrs).round().astype(int)]
    runs = 0
    t0 = time.perf_counter()
    for name, spec in OPTIMIZERS.items():
        for lr in lrs:
            p = torch.tensor([-1.5, 2.0], dtype=torch.float64, requires_grad=True)
            opt = getattr(torch.optim, spec.torch_class)([p], **spec.torch_kwargs(float(lr), spec.hyper()))
            for _ in range(STEPS):
                opt.zero_grad()
                loss = (1 - p[0]) ** 2 + 100 * (p[1] - p[0] ** 2) ** 2
                loss.backward()
                opt.step()
            runs += 1
    return time.perf_counter() - t0, runs


def sweep_plot_time() -> float:
    from ui.figures_optim import sweep_figure

    t0 = time.perf_counter()
    result = lr_sweep(get_surface("quadratic"), list(OPTIMIZERS), log_lrs(1e-4, 10, 100), 300)
    sweep_figure(result)
    return time.perf_counter() - t0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--loop-lrs", type=int, default=5, help="learning rates per optimiser in the torch loop")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()

    engine_time()  # warm-up: imports and first-touch allocation
    eng = min(engine_time() for _ in range(3))
    loop, runs = torch_loop_time(args.loop_lrs)
    loop_full = loop * (len(OPTIMIZERS) * len(LRS)) / runs
    sweep_figure_s = min(sweep_plot_time() for _ in range(3))
    result = {
        "work": f"{len(OPTIMIZERS)} optimisers x {len(LRS)} learning rates x {STEPS} steps, Rosenbrock",
        "engine_s": round(eng, 4),
        "torch_loop_runs_timed": runs,
        "torch_loop_s_measured": round(loop, 3),
        "torch_loop_s_scaled_to_full_work": round(loop_full, 2),
        "ratio": round(loop_full / eng, 1),
        "sweep_plot_s": round(sweep_figure_s, 3),
        "goals": "ratio >= 500, sweep_plot_s < 1",
    }
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        print(f"engine, all {len(OPTIMIZERS) * len(LRS)} runs:      {eng:.3f} s")
        print(f"torch.optim loop, {runs} runs:    {loop:.2f} s  -> {loop_full:.1f} s scaled to the full work")
        print(f"ratio: {loop_full / eng:.0f}x  (goal >= 500x)")
        print(f"sweep plot (sweep + figure): {sweep_figure_s:.3f} s  (goal < 1 s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
