"""A class pressing "Train" together: in what order their runs start, and how long each waits.

A lecturer says "now press Train" and a room of N visitors ask the Training lab for its default
comparison (four optimisers on digits) within a second or two. Each press here is what the page
does with it: :func:`engine.jobs.run_job` of ``train_many`` in the "lab" lane (``MAX_WORKERS``
workers at once, forked from the warm forkserver), from a thread of its own, ``--gap`` seconds
after the previous press. Reported: whether the runs started in the order of the presses (the
first training event each receives), how long each press waited for a worker, how long until its
result, and the place in the queue each waiting run was first told (runs ahead of it).

Usage::

    .venv/bin/python benchmarks/bench_class_train.py [--visitors 12] [--gap 0.05]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--visitors", type=int, default=12)
    ap.add_argument("--gap", type=float, default=0.05, help="seconds between two presses")
    args = ap.parse_args()

    from engine import jobs
    from engine.optim.training import train_many
    from engine.optim.training_presets import default_comparison

    setup, configs = default_comparison()
    t0 = time.monotonic()
    jobs.run_job(train_many, setup, configs, progress_kw="on_progress")  # the forkserver's start-up: not a press
    print(f"warm-up (forkserver start and one run): {time.monotonic() - t0:.1f} s; "
          f"{jobs.LANES['lab']} lab workers at once")

    pressed: dict[int, float] = {}
    started: dict[int, float] = {}
    done: dict[int, float] = {}
    first_place: dict[int, int] = {}
    order: list[int] = []
    lock = threading.Lock()

    def visitor(i: int) -> None:
        def on_event(event):
            if isinstance(event, dict) and "waiting" in event:
                first_place.setdefault(i, event.get("ahead", -1))  # -1: not told
            elif isinstance(event, tuple) and i not in started:  # its worker is training
                started[i] = time.monotonic()
                with lock:
                    order.append(i)

        pressed[i] = time.monotonic()
        jobs.run_job(train_many, setup, configs, progress_kw="on_progress", on_event=on_event)
        done[i] = time.monotonic()

    threads = []
    for i in range(args.visitors):
        th = threading.Thread(target=visitor, args=(i,))
        th.start()
        threads.append(th)
        time.sleep(args.gap)
    for th in threads:
        th.join()

    waits = [started[i] - pressed[i] for i in range(args.visitors)]
    results = [done[i] - pressed[i] for i in range(args.visitors)]
    overtaken = sum(order.index(b) < order.index(a) for a in range(args.visitors) for b in range(a + 1, args.visitors))
    print(f"{args.visitors} presses {args.gap * 1000:.0f} ms apart; runs started in the order {order}")
    print(f"  pairs where the later press started first: {overtaken} of {args.visitors * (args.visitors - 1) // 2}")
    print(f"  wait for a worker: median {statistics.median(waits):.1f} s, longest {max(waits):.1f} s "
          f"(press {waits.index(max(waits))})")
    print(f"  press to result: median {statistics.median(results):.1f} s, longest {max(results):.1f} s")
    print(f"  place each run was first told while it waited (runs ahead of it; None: never waited): "
          f"{[first_place.get(i) for i in range(args.visitors)]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
