"""The first free-text answer on a fresh server, in Chromium: seconds from pressing "Check my
answer" to the judge's findings, after the learner has read and typed for ``--typing`` seconds.

The judge's models load in the background once a free-text question is shown
(``engine.judge.warm_for``); before that, the first answer waited for them (1.9 s here).

    .venv/bin/python benchmarks/bench_first_free_text.py [--tree PATH] [--typing 15] [--repeat 2]

``--tree`` serves another checkout (a ``git worktree`` of an older commit) to compare.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from tests.browser.support import CHROMIUM, CHROMIUM_ARGS, IDLE, streamlit_process  # noqa: E402

QUESTION = "tp-walk-through-tuning"
ANSWER = ("I would fix a validation split, search the learning rate on a log scale with random search, "
          "then refine around the best, and only test once at the end.")


def first_answer_seconds(tree: Path, typing: float) -> float:
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="tunelab-first-answer-") as data, \
            streamlit_process(env={"TUNELAB_DATA_DIR": data, "PYTHONPATH": str(tree)}, cwd=tree) as (url, _proc), \
            sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(f"{url}/practice?q={QUESTION}")
        page.wait_for_selector(IDLE, timeout=60_000)
        box = page.locator("textarea").first
        box.wait_for(timeout=60_000)
        time.sleep(typing)
        box.fill(ANSWER)
        start = time.monotonic()
        page.get_by_role("button", name="Check my answer").click()
        page.get_by_text("This is a suggestion from an offline model").or_(
            page.get_by_text("The automatic judge is unavailable")).first.wait_for(timeout=60_000)
        seconds = time.monotonic() - start
        browser.close()
        return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tree", type=Path, default=ROOT)
    parser.add_argument("--typing", type=float, default=15.0)
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()
    for _ in range(args.repeat):
        print(f"{args.tree}: first free-text answer {first_answer_seconds(args.tree.resolve(), args.typing):.2f} s")


if __name__ == "__main__":
    main()
