"""How long a practice filter change takes in headless Chromium, until the next question is ready.

Starts TuneLab (``streamlit run``) and opens the practice page in ``--sessions`` fresh browser
sessions; in each, clicks through a fixed sequence of difficulty filters and times every click
from the click until the rerun it started has finished and the question's answer button is
visible. The first question of a filtered queue may be a plot question whose figure comes from
a real run: that run is part of the wait (once per server; the measurement is kept).

Usage::

    nice -n 10 .venv/bin/python benchmarks/bench_practice_filter.py [--sessions 3] [--json]

Goal (issue 13, point 8): a filter change <= 1 s.
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import parse_qs, urlparse

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.stats import p90  # noqa: E402
from tests.browser.support import CHROMIUM, CHROMIUM_ARGS, IDLE, PRACTICE_READY, streamlit_server  # noqa: E402

#: pills clicked in turn (a click toggles one difficulty on or off)
CLICKS = ["Easy", "Medium", "Easy", "Hard", "Medium", "Hard", "Medium", "Easy"]
WATCH = """() => {
  const app = document.querySelector("[data-testid='stApp']");
  window.__ran = false;
  if (!window.__watching) {
    new MutationObserver(() => { window.__ran = true; })  // any change of state after the click: a run
      .observe(app, {attributes: true, attributeFilter: ['data-test-script-state']});
    window.__watching = true;
  }
}"""
DONE = """() => window.__ran && document.querySelector("[data-testid='stApp']")
                                 .getAttribute('data-test-script-state') === 'notRunning'"""


#: a filter change slower than this is listed with the question it drew
SLOW_S = 1.0


def session(browser, url: str, slow: list[str]) -> list[float]:
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.goto(f"{url}/practice")
    page.wait_for_selector(IDLE, timeout=120_000)
    page.wait_for_selector(PRACTICE_READY, state="visible", timeout=120_000)
    sidebar = page.locator("[data-testid='stSidebar']")
    times = []
    for label in CLICKS:
        page.wait_for_selector(IDLE, timeout=120_000)  # a run still going would hide the click's own run
        page.evaluate(WATCH)
        button = sidebar.get_by_role("button", name=label, exact=True)
        for attempt in range(3):
            t0 = time.perf_counter()
            button.click()
            try:
                page.wait_for_function(DONE, timeout=20_000)
                break
            except Exception:  # the frontend dropped the click (it came mid-redraw): click again
                if page.evaluate("() => window.__ran") or attempt == 2:
                    page.screenshot(path="/tmp/bench_filter_timeout.png")
                    raise RuntimeError(f"no rerun finished within 20 s of clicking {label!r}") from None
        page.wait_for_selector(PRACTICE_READY, state="visible", timeout=120_000)
        times.append(time.perf_counter() - t0)
        if times[-1] > SLOW_S:  # which question it was: a figure drawn from a run is drawn once per server
            qid = parse_qs(urlparse(page.url).query).get("q", ["?"])[0]
            slow.append(f"{times[-1]:.2f} s after {label!r}: {qid} ({describe(qid)})")
    context.close()
    return times


@functools.cache
def _library():
    from engine.content.loader import load_library

    return load_library([Path(__file__).resolve().parents[1] / "content"])


def describe(qid: str) -> str:
    """What the question on screen needed: a figure from a real run, a computed variant, or neither."""
    q = _library().question(qid)
    if q is None:
        return "unknown"
    if q.figure is not None:
        return "a figure from a run"
    return "a computed variant" if q.variables is not None else "a plain question"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sessions", type=int, default=3)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()

    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        env = {"TUNELAB_DATA_DIR": str(Path(tmp) / "data")}
        with streamlit_server(env=env) as url, sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            slow: list[str] = []
            per_session = [session(browser, url, slow) for _ in range(args.sessions)]
            browser.close()
    every = [t for s in per_session for t in s]
    result = {
        "load_average": os.getloadavg()[0],
        "clicks": len(every),
        "median_s": round(statistics.median(every), 3),
        "p90_s": round(p90(every), 3),
        "max_s": round(max(every), 3),
        "first_session_s": [round(t, 2) for t in per_session[0]],
        "later_sessions_median_s": round(statistics.median([t for s in per_session[1:] for t in s]), 3)
        if len(per_session) > 1 else None,
        "slow": slow,
        "goal": "a filter change <= 1 s",
    }
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        print(f"load average {result['load_average']:.1f}; {result['clicks']} filter changes")
        print(f"median {result['median_s']:.2f} s   p90 {result['p90_s']:.2f} s   max {result['max_s']:.2f} s")
        print(f"first session: {result['first_session_s']}")
        print(f"later sessions median: {result['later_sessions_median_s']}")
        for line in slow:
            print(f"over {SLOW_S:g} s: {line}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
