"""The first free-text answer on a fresh server, in Chromium: seconds from pressing "Check my
answer" to the judge's findings, after the learner has read and typed for ``--typing`` seconds.

The judge's models load in the background once a free-text question is shown
(``engine.judge.warm_for``); before that, the first answer waited for them (1.9 s here).

    .venv/bin/python benchmarks/bench_first_free_text.py [--tree PATH] [--port 8752] [--typing 15]

``--tree`` serves another checkout (a ``git worktree`` of an older commit) to compare.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
QUESTION = "tp-walk-through-tuning"
ANSWER = ("I would fix a validation split, search the learning rate on a log scale with random search, "
          "then refine around the best, and only test once at the end.")


def first_answer_seconds(tree: Path, port: int, typing: float) -> float:
    from playwright.sync_api import sync_playwright

    data = Path(tempfile.mkdtemp(prefix="tunelab-first-answer-"))
    env = dict(os.environ, TUNELAB_DATA_DIR=str(data), PYTHONPATH=str(tree))
    server = subprocess.Popen([str(ROOT / ".venv/bin/streamlit"), "run", "app.py", "--server.port", str(port),
                               "--server.headless", "true"], cwd=tree, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=shutil.which("chromium") or None, args=["--no-sandbox"])
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            for _ in range(60):  # the server's start
                try:
                    page.goto(f"http://localhost:{port}/practice?q={QUESTION}")
                    break
                except Exception:
                    time.sleep(0.5)
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
    finally:
        server.terminate()
        server.wait()
        shutil.rmtree(data, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tree", type=Path, default=ROOT)
    parser.add_argument("--port", type=int, default=8752)
    parser.add_argument("--typing", type=float, default=15.0)
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()
    for _ in range(args.repeat):
        print(f"{args.tree}: first free-text answer {first_answer_seconds(args.tree, args.port, args.typing):.2f} s")


if __name__ == "__main__":
    main()
