"""A room opening one page together: N visitors open the same page at once; how long each waits.

A lecturer puts a link on the projector and the room opens it. For each page named, a fresh
server (a new SQLite database) is opened once (its one-off costs: imports, the first runs),
then N visitors open the page at once through Streamlit's websocket protocol
(:mod:`benchmarks.load_client`: no browsers, the server alone). A visit's time runs from asking
for the page until the server reports its run finished. Reported per page: the median and the
slowest visit, and any visit that failed (an exception box, "could not be saved").

Usage::

    .venv/bin/python benchmarks/bench_open_pages.py [--visitors 30] [--pages optimizer-lab presenter ...]

A page may carry its link's query: ``--pages 'practice?bank=metrics'`` is a room opening a lecturer's
link to one bank.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.load_client import Visitor  # noqa: E402
from tests.browser.support import streamlit_process  # noqa: E402

#: every page (URL paths; "" is Home), the labs and the Presenter first: where a room is sent
PAGES = ["optimizer-lab", "presenter", "training-lab", "search-lab", "practice", "review", "progress", "interview",
         "history", ""]


async def _visit(url: str, page: str) -> tuple[float, str | None]:
    page, _, query = page.partition("?")  # a link with its query ("practice?bank=metrics": a lecturer's)
    async with Visitor(url, page, timeout=120, query=query) as visitor:
        run = await visitor.run()
        return run.seconds, run.failure()


async def crowd(url: str, page: str, n: int) -> tuple[float, float, list[str]]:
    """(median s, slowest s, failures) of ``n`` visitors opening ``page`` at once."""
    visits = await asyncio.gather(*(_visit(url, page) for _ in range(n)))
    seconds = [s for s, _ in visits]
    return statistics.median(seconds), max(seconds), [f for _, f in visits if f]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--visitors", type=int, default=30)
    ap.add_argument("--pages", nargs="+", default=PAGES)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        env = {"TUNELAB_DATABASE_URL": f"sqlite:///{folder}/bench.db"}
        with streamlit_process(env=env) as (url, _proc):
            for page in args.pages:
                asyncio.run(crowd(url, page, 1))  # the page's one-off costs are not a visitor's
                time.sleep(2)
                alone = asyncio.run(crowd(url, page, 1))[0]
                median, slowest, failures = asyncio.run(crowd(url, page, args.visitors))
                print(f"{page or 'home':14s} alone {alone:.2f} s; {args.visitors} at once: median {median:.2f} s, "
                      f"slowest {slowest:.2f} s; failures {len(failures)}{': ' + failures[0] if failures else ''}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
