"""How long people wait for torch training: the Training lab's default comparison and every
training "Run it" of the banks.

Three measurements (wall-clock seconds; the machine's load average is printed, because on a
shared 2-core machine it moves every number, and the cold process's CPU time too, which is
about what a quiet machine takes):

``cold``
    A fresh Python process imports the engine, torch and scikit-learn and trains the lab's
    default comparison (:func:`engine.optim.training_presets.default_comparison`): the worst
    case, with every import paid. Split into imports, the first optimiser (torch imports
    ``torch._dynamo`` on first use) and training. Median of ``--repeat`` processes.
``lab``
    What the lab's Train button does: the comparison in a worker process (engine.jobs). First
    with a forkserver started for it (the server's warm-up not finished: imports included),
    then with the forkserver already up (the usual case: the app warms it at start).
``run_it``
    Every ``training``, ``range_test`` and ``fitting`` scenario of the shipped banks, measured
    as "Run it" does (:func:`engine.sim.scenarios.measure`, in a worker of the warm forkserver).

Usage::

    nice -n 10 .venv/bin/python benchmarks/bench_training.py [--repeat 3] [--json] [--skip-run-it]

Goals (issue 13, point 8): default comparison <= 6 s cold including imports; a training
"Run it" <= 5 s.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

TORCH_SCENARIOS = ("training", "range_test", "fitting")


def child() -> None:
    """Runs in a fresh process: imports, first optimiser, training; prints JSON."""
    t0, c0 = time.perf_counter(), time.process_time()
    from engine.optim.training import load_dataset, make_optimizer, train_many
    from engine.optim.training_presets import default_comparison

    import torch  # noqa: F401  (timed here, as the worker's imports would be)
    import sklearn.datasets  # noqa: F401

    setup, configs = default_comparison()
    load_dataset(setup.dataset, setup.val_fraction, setup.seed)
    t1 = time.perf_counter()
    make_optimizer(torch.nn.Linear(2, 2).parameters(), configs[0])  # torch imports torch._dynamo here
    t2 = time.perf_counter()
    results = train_many(setup, configs)
    t3 = time.perf_counter()
    print(json.dumps({"imports": t1 - t0, "first_optimizer": t2 - t1, "training": t3 - t2, "total": t3 - t0,
                      "cpu": time.process_time() - c0,
                      "runs": {r.config.name(): r.seconds for r in results},
                      "final_val_acc": {r.config.name(): round(r.val_acc[-1], 4) for r in results}}))


def cold(repeat: int) -> dict:
    out = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        proc = subprocess.run([sys.executable, __file__, "--child"], capture_output=True, text=True, check=True,
                              cwd=ROOT)
        wall = time.perf_counter() - t0
        out.append(json.loads(proc.stdout.strip().splitlines()[-1]) | {"process_wall": wall})
    med = lambda k: round(statistics.median(o[k] for o in out), 2)  # noqa: E731
    return {"median": {k: med(k) for k in ("imports", "first_optimizer", "training", "total", "cpu",
                                           "process_wall")},
            "runs_last": out[-1]["runs"], "final_val_acc": out[-1]["final_val_acc"]}


def lab() -> dict:
    from engine.jobs import run_job
    from engine.optim.training import train_many
    from engine.optim.training_presets import default_comparison

    setup, configs = default_comparison()
    t0 = time.perf_counter()
    run_job(train_many, setup, configs, progress_kw="on_progress")
    first = time.perf_counter() - t0
    t0 = time.perf_counter()
    run_job(train_many, setup, configs, progress_kw="on_progress")
    warm = time.perf_counter() - t0
    return {"first_job_with_forkserver_start": round(first, 2), "warm_forkserver": round(warm, 2)}


def run_it() -> dict:
    from engine.content.loader import load_library
    from engine.sim.scenarios import measure

    lib = load_library([ROOT / "content"])
    times = {}
    for q in lib.questions:
        if q.simulation is not None and q.simulation.scenario in TORCH_SCENARIOS:
            t0 = time.perf_counter()
            measure(q.simulation.scenario, q.simulation.params)
            times[q.id] = round(time.perf_counter() - t0, 2)
    slowest = sorted(times.items(), key=lambda kv: -kv[1])
    return {"questions": len(times), "max": slowest[0][1] if slowest else None,
            "median": statistics.median(times.values()) if times else None, "slowest": dict(slowest[:5])}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--skip-run-it", action="store_true")
    ap.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        child()
        return 0
    result = {"load_average": os.getloadavg()[0], "cold": cold(args.repeat), "lab": lab()}
    if not args.skip_run_it:
        result["run_it"] = run_it()
    result["load_average_end"] = os.getloadavg()[0]
    result["goal"] = "cold.median.total <= 6 s; run_it.max <= 5 s"
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        c = result["cold"]["median"]
        print(f"load average {result['load_average']:.1f} (end {result['load_average_end']:.1f})")
        print(f"cold default comparison: total {c['total']:.2f} s = imports {c['imports']:.2f} + first optimizer "
              f"{c['first_optimizer']:.2f} + training {c['training']:.2f}  (process {c['process_wall']:.2f} s; "
              f"CPU {c['cpu']:.2f} s, what a quiet machine would take)")
        print(f"  runs {result['cold']['runs_last']}  val acc {result['cold']['final_val_acc']}")
        print(f"lab (worker): first job incl. forkserver start {result['lab']['first_job_with_forkserver_start']} s;"
              f" warm forkserver {result['lab']['warm_forkserver']} s")
        if "run_it" in result:
            r = result["run_it"]
            print(f"Run it ({r['questions']} torch questions): max {r['max']} s, median {r['median']} s; "
                  f"slowest {r['slowest']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
