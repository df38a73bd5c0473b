"""From a click on ▶ Play to the chart's first animated frame, in headless Chromium.

A lecturer presses Play in front of a room: how long before the paths move? For each page, a
fresh server, one browser page; the chart is opened and left to settle, then Play is clicked
``--presses`` times (each after the animation has run out), and the time from the click to plotly's
first ``plotly_animatingframe`` event is read from the browser's own clock. The first press of a
fresh server also pays for its first fragment run; the median is over the others.

Usage::

    .venv/bin/python benchmarks/bench_play_latency.py [--presses 6]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.browser.support import CHROMIUM, CHROMIUM_ARGS, streamlit_process  # noqa: E402

PAGES = {"Optimizer lab": "optimizer-lab", "Presenter": "presenter?preset=ravine"}
LISTEN = """() => { const gd = document.querySelector('.js-plotly-plot');
    window.__frames = []; gd.on('plotly_animatingframe', () => window.__frames.push(performance.now())); }"""


def presses(page, url: str, n: int) -> list[float]:
    """Milliseconds from each click on Play to the first frame it animated."""
    page.goto(url)
    page.wait_for_selector(".js-plotly-plot .imagelayer image", timeout=120_000)
    page.wait_for_timeout(3_000)  # the page's own first run and drawing are not the press's
    page.evaluate(LISTEN)
    out = []
    for _ in range(n):
        before = page.evaluate("() => window.__frames.length")
        clicked = page.evaluate("() => performance.now()")
        page.get_by_role("button", name="▶ Play").click()
        page.wait_for_function(f"() => window.__frames.length > {before}", timeout=60_000)
        out.append(page.evaluate(f"() => window.__frames[{before}]") - clicked)
        page.wait_for_timeout(5_000)  # the sixty frames run out
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--presses", type=int, default=6)
    args = ap.parse_args()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as folder, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for name, path in PAGES.items():
            with streamlit_process(env={"TUNELAB_DATABASE_URL": f"sqlite:///{folder}/{path[:9]}.db"}) as (url, _):
                page = browser.new_page(viewport={"width": 1400, "height": 1100})
                times = presses(page, f"{url}/{path}", args.presses)
                page.close()
            print(f"{name:14s} click to first frame: first press {times[0]:.0f} ms; then median "
                  f"{statistics.median(times[1:]):.0f} ms, slowest {max(times[1:]):.0f} ms")
        browser.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
