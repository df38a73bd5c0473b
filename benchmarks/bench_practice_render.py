"""How long the practice page takes to render in headless Chromium, against a bare page.

Starts two Streamlit servers in this run: a one-line page (``st.write``) and TuneLab. For
each repetition, a fresh browser context opens the page and the clock stops when the script
run has finished and the page's main element is visible (the "Submit answer" button on the
practice page, the text on the bare page). The first visit to each server is reported apart
(it pays the server's one-off caches: the bank loading, the database connection); then the
benchmark waits until the server's start-up work in the background (its reference-library
imports, the worker forkserver) is over, so the repeats time a server in its steady state
(``--no-settle`` starts them at once).

Usage::

    .venv/bin/python benchmarks/bench_practice_render.py [--repeat 7] [--json]

Goal (issue 13, point 8): median practice render <= 1.2 x the bare page's (issue "Foundation": 1.5).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.browser.support import (  # noqa: E402
    CHROMIUM,
    CHROMIUM_ARGS,
    IDLE,
    PRACTICE_READY,
    streamlit_server,
    tree_cpu_seconds,
)




def time_page(browser, url: str, ready_selector: str) -> float:
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    t0 = time.perf_counter()
    page.goto(url)
    page.wait_for_selector(IDLE, timeout=60_000)
    page.wait_for_selector(ready_selector, state="visible", timeout=60_000)
    elapsed = time.perf_counter() - t0
    context.close()
    return elapsed


def settle(pid: int, quiet: float = 0.15, limit: float = 90.0) -> float:
    """Wait until the server's one-off start-up work (its background imports, the worker
    forkserver) is over: its process tree uses under ``quiet`` of a core for a second."""
    t0 = time.perf_counter()
    while time.perf_counter() - t0 < limit:
        before = tree_cpu_seconds(pid)
        time.sleep(1.0)
        if tree_cpu_seconds(pid) - before < quiet:
            break
    return time.perf_counter() - t0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--repeat", type=int, default=7)
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--no-settle", dest="settle", action="store_false",
                    help="start the repeats at once, while the server still warms up in the background")
    args = ap.parse_args()

    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        bare = Path(tmp) / "bare.py"
        bare.write_text('import streamlit as st\nst.write("Hello from a bare page")\n')
        env = {"TUNELAB_DATA_DIR": str(Path(tmp) / "data")}
        with streamlit_server(bare, env=env) as bare_url, streamlit_server(env=env) as app_url, \
                sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            targets = {
                "bare": (bare_url, "text=Hello from a bare page"),
                "practice": (f"{app_url}/practice", PRACTICE_READY),
            }
            first = {k: time_page(browser, u, s) for k, (u, s) in targets.items()}
            settled = settle(app_url.pid) if args.settle else 0.0
            runs: dict[str, list[float]] = {k: [] for k in targets}
            for _ in range(args.repeat):  # interleaved, so drift hits both alike
                for k, (u, s) in targets.items():
                    runs[k].append(time_page(browser, u, s))
            browser.close()

    med = {k: statistics.median(v) for k, v in runs.items()}
    result = {
        "repeat": args.repeat,
        "first_visit_s": {k: round(v, 3) for k, v in first.items()},
        "median_s": {k: round(v, 3) for k, v in med.items()},
        "min_s": {k: round(min(v), 3) for k, v in runs.items()},
        "ratio_median": round(med["practice"] / med["bare"], 3),
        "ratio_first_visit": round(first["practice"] / first["bare"], 3),
        "settle_s": round(settled, 1),
        "goal": "ratio_median <= 1.2",
    }
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        print(f"bare page      first {first['bare']:.2f} s   median {med['bare']:.2f} s")
        print(f"practice page  first {first['practice']:.2f} s   median {med['practice']:.2f} s")
        print(f"(waited {settled:.0f} s after the first visits for the server's start-up work to end)")
        print(f"ratio (median) {result['ratio_median']:.2f}  (goal <= 1.2); first visit {result['ratio_first_visit']:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
