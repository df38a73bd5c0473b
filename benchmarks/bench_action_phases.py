"""Where one action's time goes, inside the server: the practice page against the bare page.

One visitor at a time (no load: what each action costs by itself), through the load benchmark's
websocket client (:mod:`benchmarks.load_client`), a short pause between actions. The server runs
with the clocks of ``benchmarks/action_phases/sitecustomize.py``, and each action is split into:

- *to the script*: the browser's message arriving until the script's code starts (Streamlit
  starts a thread for each run);
- *script*: the script's code (a fragment's, for the practice card), the widget callbacks (an
  answer's save) included, and *callbacks* alone;
- *after*: the script's end until the run is reported finished;
- and, from the client, the whole action (the rest is the messages' way to the client and back).

2026-12-05 (ef4013e and 2f3c8fc, 60 answers, idle machine): a bare press 2.4 to 2.6 ms, of which
0.5 to the script and 0.5 of script; a practice action 5.2 to 5.9 ms, of which 0.4 to 0.5 to the
script and 2.5 to 2.9 of script (0.2 of callbacks at the median, the answers' saves among them)
and 0.04 after. At cdd4571 (Practice's state one session-state key instead of 22), run in turns
with the commit before it: practice 4.9 and 5.0 ms (script 2.2 and 2.3) against 5.8 and 6.0
(script 2.85 and 2.8), the bare press 2.1 ms in both. Later the same day, on another machine,
a practice action read 5.5 to 6.7 ms over five runs of each of two commits, the bare press 7.0 once:
each run's visitor drew other questions, and machines differ. The sessions are now numbered
(``action_phases/sitecustomize.py``), so each run answers the same questions: three runs of one
commit then read 5.4 to 6.0 ms. Compare runs in turns, several of each (``bench_session_keys.py``
times the session-state keys' own cost directly).

Usage::

    .venv/bin/python benchmarks/bench_action_phases.py [--answers 60] [--actions 300]
        [--after optimizer-lab training-lab search-lab presenter] [--practice-only] [--pause 1 3]
    TUNELAB_PHASE_PROFILE=/tmp/practice.prof .venv/bin/python benchmarks/bench_action_phases.py --practice-only

``--pause``: seconds between actions (0.02 to 0.03 unless given; the load benchmark's visitors
read 1 to 3 s). ``TUNELAB_PHASE_PROFILE``: a cProfile of the server's script runs, written there.

``--after``: the practice visitor opens those pages first, in its session, and then practises
with what they left there (their openings' runs are among the server's phases: 4 of about 400).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import statistics
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.bench_load import BARE, first_free_text, quiet  # noqa: E402
from benchmarks.load_client import Visitor, bare_visitor, practice_visitor  # noqa: E402
from tests.browser.support import streamlit_process  # noqa: E402

#: the pages that leave state in a session (their links' and charts' bookkeeping), for ``--after``
LABS = ("optimizer-lab", "training-lab", "search-lab", "presenter")
PAUSE_S = (0.02, 0.03)  # between actions: the server's messages of one action are all sent before the next


def phases(log: Path) -> dict[str, float]:
    """Median milliseconds of each phase over the actions in ``log``."""
    runs, run = [], {}
    for line in log.read_text().splitlines():
        event, value = line.split()
        if event == "backmsg":
            run = {"backmsg": float(value)}
        elif event == "callbacks":
            run["callbacks"] = float(value)
        elif event in ("exec_start", "exec_end"):
            run[event] = float(value)
        elif event == "finished" and {"backmsg", "exec_start", "exec_end"} <= run.keys():
            runs.append({"to the script": run["exec_start"] - run["backmsg"],
                         "script": run["exec_end"] - run["exec_start"], "callbacks": run.get("callbacks", 0.0),
                         "after": float(value) - run["exec_end"]})
            run = {}
    return {k: statistics.median(r[k] for r in runs) for k in runs[0]} | {"runs": len(runs)} if runs else {}


async def measure(page: str, count: int, tmp: Path, before: tuple[str, ...] = (),
                  pause: tuple[float, float] = PAUSE_S) -> tuple[dict[str, float], dict[str, float]]:
    """The client's median milliseconds per action kind and the server's phases, for ``page``
    (practice: after opening the pages ``before`` in the same session)."""
    log = tmp / f"{page}.log"
    env = {"TUNELAB_DATA_DIR": str(tmp / "data"), "TUNELAB_PHASE_LOG": str(log),
           "PYTHONPATH": os.pathsep.join([str(ROOT / "benchmarks" / "action_phases"), str(ROOT)])}
    script = "app.py" if page == "practice" else tmp / "bare.py"
    times: dict[str, list[float]] = defaultdict(list)
    errors: list[str] = []
    with streamlit_process(script, env=env) as (url, proc):
        if page == "practice":
            for query in ("", f"q={first_free_text()}"):  # the one-off costs, as the load benchmark pays them
                async with Visitor(url, "practice", 60, query=query) as visitor:
                    await visitor.run()
            quiet(proc.pid)
            await practice_visitor(url, 10, random.Random(0), (0, 0), times, errors, 60)
        else:
            await bare_visitor(url, 20, random.Random(0), (0, 0), times, errors, 60)
        log.write_text("")  # the warm-up's runs left out
        times.clear()
        if page == "practice":
            await practice_visitor(url, count, random.Random(1), pause, times, errors, 60, before=before)
        else:
            await bare_visitor(url, count, random.Random(1), pause, times, errors, 60)
    if errors:
        raise SystemExit(f"{page}: {errors[:3]}")
    client = {k: 1000 * statistics.median(v) for k, v in times.items() if k != "open"}
    client["all actions"] = 1000 * statistics.median([t for k, v in times.items() if k != "open" for t in v])
    return client, phases(log)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--answers", type=int, default=60, help="practice answers (each with its moves and skips)")
    ap.add_argument("--actions", type=int, default=300, help="presses of the bare page's button")
    ap.add_argument("--after", nargs="*", default=(), metavar="PAGE",
                    help="pages the practice visitor opens first (their session-state keys stay), e.g. "
                         + " ".join(LABS))
    ap.add_argument("--practice-only", action="store_true", help="leave out the bare page")
    ap.add_argument("--pause", type=float, nargs=2, default=PAUSE_S, metavar=("MIN", "MAX"),
                    help="seconds between actions (the load benchmark's visitors read 1 to 3 s)")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "bare.py").write_text(BARE)
        pages = (("bare", args.actions),) * (not args.practice_only) + (("practice", args.answers),)
        for page, count in pages:
            client, server = asyncio.run(measure(page, count, Path(tmp), tuple(args.after), tuple(args.pause)))
            print(f"{page}: client ms per action " + ", ".join(f"{k} {v:.2f}" for k, v in client.items()))
            print("  server, median ms: " + ", ".join(f"{k} {v:.2f}" if k != "runs" else f"{k} {v:.0f}"
                                                     for k, v in server.items()))


if __name__ == "__main__":
    main()
