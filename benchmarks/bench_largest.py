"""The largest request each page admits, and what it costs: seconds and peak memory.

Each request below is the biggest the page's controls allow under the ceilings of
engine/limits.py (checked here first: a request the engine would refuse is reported as such).
It runs in a worker process through engine.jobs, as the pages run it, and the worker reports
its own CPU time and peak resident memory. Also times how long Stop takes to end a running
search (the worker gone, the CPU free).

    .venv/bin/python -m benchmarks.bench_largest                 # every page, then Stop
    .venv/bin/python -m benchmarks.bench_largest "training lab"  # one page
"""

from __future__ import annotations

import sys
import threading
import time

from benchmarks.stats import own_peak_rss_mb
from engine.jobs import JobStopped, live_workers, run_job


def _measured(kind: str, emit) -> dict:
    """Run one request in this worker and report its cost."""
    t0 = time.perf_counter()
    cpu0 = time.process_time()
    detail = REQUESTS[kind][1]()
    return {"wall_s": time.perf_counter() - t0, "cpu_s": time.process_time() - cpu0,
            "peak_mb": own_peak_rss_mb(), "detail": detail}


def _search_lab():
    from engine.limits import CEILINGS
    from engine.search.lab import check_request, run_strategies
    from engine.search.objectives import CVObjective

    obj = CVObjective("digits", "svc", "accuracy", 3)
    def admitted(budget: int) -> bool:
        return _fits(lambda: check_request(obj, ["random", "bayes"], budget, obj.space), CEILINGS["search"].limit)

    budget = 1
    while budget < 500 and admitted(budget + 1):
        budget += 1
    est = check_request(obj, ["random", "bayes"], budget, obj.space)
    run_strategies(obj, ["random", "bayes"], budget, 0, n_jobs=2)
    return f"digits SVC, random + bayes, budget {budget} (estimate {est:.0f} CPU-s)"


def _fits(estimate, limit: float) -> bool:
    try:
        return estimate() <= limit
    except ValueError:  # the engine refuses it outright
        return False


def _training_lab():
    from engine.limits import CEILINGS
    from engine.optim.training import TrainConfig, TrainSetup, check_request, train_many

    setup = TrainSetup("digits", (128, 128), 60)
    configs = [TrainConfig("adam", 1e-3, batch_size=32)] * 8
    bs = 32
    while not _fits(lambda: check_request(setup, configs), CEILINGS["training"].limit):
        bs *= 2
        configs = [TrainConfig("adam", 1e-3, batch_size=bs)] * 8
    est = check_request(setup, configs)
    train_many(setup, configs)
    return f"8 runs, 2 x 128 units, 60 epochs, batch {bs} (estimate {est:.0f} CPU-s)"


def _optimizer_lab():
    from engine.optim.run import RunConfig, run_many
    from engine.optim.surfaces import get_surface
    from engine.optim.sweep import log_lrs, lr_sweep

    s = get_surface("rosenbrock")
    run_many(s, [RunConfig(o, lr) for o in ("sgd", "momentum", "adam", "adamw") for lr in (1e-3, 1e-2, 0.1)], 1000)
    lr_sweep(s, ["sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adam", "adamw"], log_lrs(1e-4, 10, 200), 1000)
    return "12 runs x 1,000 steps, then a sweep of 200 rates x 7 optimizers x 1,000 steps"


def _nothing():
    return "an empty job: the worker's own footprint (libraries shared with the forkserver)"


REQUESTS = {
    "idle worker": ("(idle worker)", _nothing),
    "search lab": ("Search lab", _search_lab),
    "training lab": ("Training lab", _training_lab),
    "optimizer lab": ("Optimizer lab", _optimizer_lab),
}


def stop_latency() -> float:
    """Seconds from asking a running search to stop until its worker is gone."""
    from engine.search.lab import run_strategies
    from engine.search.objectives import CVObjective

    started, flag, result = threading.Event(), threading.Event(), {}

    def on_event(e):
        if isinstance(e, tuple) and e[0] == "trial":
            started.set()

    def target():
        try:
            run_job(run_strategies, CVObjective("digits", "svc", folds=3), ["random"], 60, on_event=on_event,
                    should_stop=flag.is_set)
        except JobStopped:
            result["ended"] = time.monotonic()

    th = threading.Thread(target=target)
    th.start()
    started.wait(120)
    asked = time.monotonic()
    flag.set()
    th.join(30)
    assert not live_workers()
    return result["ended"] - asked


def main() -> None:
    # workers import what they run by module name; functions of __main__ cannot be found there
    from benchmarks.bench_largest import _measured

    print(f"{'page':<15} {'wall s':>8} {'cpu s':>8} {'peak MB':>8}  request")
    chosen = sys.argv[1:] or list(REQUESTS)
    for kind in chosen:
        title = REQUESTS[kind][0]
        r = run_job(_measured, kind)
        print(f"{title:<15} {r['wall_s']:>8.1f} {r['cpu_s']:>8.1f} {r['peak_mb']:>8.0f}  {r['detail']}")
    if sys.argv[1:]:
        return
    times = [stop_latency() for _ in range(3)]
    print(f"Stop: the worker is gone {max(times):.2f} s after the request at worst "
          f"({', '.join(f'{t:.2f}' for t in times)} s over three runs)")


if __name__ == "__main__":
    main()
