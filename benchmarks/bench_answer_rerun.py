"""What each kind of answer costs a rerun: the answer widgets of every question type, timed alone.

The practice card and the candidate's interview page are redrawn on every answer (the interview's
on every change, which saves), and every element they draw is one more message from the server.
This starts one Streamlit server per question type (one question of that type from the banks,
drawn by :func:`ui.answer_widgets.widget_for` inside a form, as the card draws it) and one with
no answer at all (the floor), then presses each page's rerun button in turn, ``--repeat`` times,
through the websocket client of the load benchmark (:mod:`benchmarks.load_client`). The presses
are interleaved, so a change in the machine's speed during the run reaches every page alike.

Reported per page: the deltas a rerun sends (an element or a block each, a message of its own;
the run's status messages, the same for every page, are not counted) and the median and p90 of a
rerun's time. To compare two versions of a widget, run it at both commits. The ordering's row
(dda18d9) against the columns before it, 2026-12-03, 100 presses: 34 deltas a rerun and 12.2 ms
over the floor before (18.1 ms in all), 19 deltas and 8.2 ms over it after (14.6 ms); the other
types the same within about a millisecond (run-to-run noise).

Usage::

    .venv/bin/python benchmarks/bench_answer_rerun.py [--repeat 200]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
from contextlib import AsyncExitStack
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

#: the page: the question's answer widgets in a form, under a button that reruns the page
PAGE = '''import streamlit as st
from engine.content.loader import load_library
from ui.answer_widgets import widget_for

@st.cache_resource
def question():
    return load_library([{content!r}]).question({qid!r})

st.button("Again", key="again")
q = question()
with st.form("answer-form", border=False):
    widget_for(q)(q, "ans")
    st.form_submit_button("Submit answer", type="primary")
'''
FLOOR = 'import streamlit as st\nst.button("Again", key="again")\n'
WARM_UP = 20  # presses left out of the figures: each server's first runs fill its caches


def pick_questions() -> dict[str, str]:
    """One question of each type (a derivation apart), the first by id: ``{label: id}``."""
    from engine.content.loader import load_library
    from ui.answer_widgets import WIDGETS

    library = load_library([ROOT / "content"])
    picked = {}
    for kind in WIDGETS:
        ids = sorted(q.id for q in library.questions if q.type == kind and not getattr(q, "steps", None))
        if ids:
            picked[kind.replace("_", " ")] = ids[0]
    derivations = sorted(q.id for q in library.questions if getattr(q, "steps", None))
    if derivations:
        picked["derivation"] = derivations[0]
    return picked


async def run(pages: dict[str, Path], repeat: int) -> dict[str, dict]:
    from benchmarks.load_client import Visitor
    from benchmarks.stats import p90
    from tests.browser.support import streamlit_process

    times: dict[str, list[float]] = {name: [] for name in pages}
    async with AsyncExitStack() as stack:
        visitors = {}
        for name, script in pages.items():
            url, _ = stack.enter_context(streamlit_process(script))
            visitors[name] = await stack.enter_async_context(Visitor(url, "", 120))
        shown = {name: await v.run() for name, v in visitors.items()}
        order = list(pages)
        for k in range(WARM_UP + repeat):
            for name in order[k % len(order):] + order[:k % len(order)]:  # each page first in turn
                shown[name] = await visitors[name].press(shown[name].buttons("Again")[0])
                if k >= WARM_UP:
                    times[name].append(1000 * shown[name].seconds)
    return {name: {"deltas": shown[name].deltas, "median_ms": statistics.median(t),
                   "p90_ms": p90(t)} for name, t in times.items()}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--repeat", type=int, default=200)
    args = ap.parse_args()
    picked = pick_questions()
    with tempfile.TemporaryDirectory() as tmp:
        pages = {"no answer (floor)": Path(tmp) / "floor.py"}
        pages["no answer (floor)"].write_text(FLOOR)
        for label, qid in picked.items():
            pages[label] = Path(tmp) / f"{label.replace(' ', '_')}.py"
            pages[label].write_text(PAGE.format(content=str(ROOT / "content"), qid=qid))
        results = asyncio.run(run(pages, args.repeat))
    floor = results["no answer (floor)"]["median_ms"]
    print(f"a rerun of each page, {args.repeat} presses each (interleaved):")
    for name, r in results.items():
        qid = f" ({picked[name]})" if name in picked else ""
        print(f"  {name + qid:60s} {r['deltas']:3d} deltas  median {r['median_ms']:6.2f} ms  "
              f"p90 {r['p90_ms']:6.2f} ms  over the floor {r['median_ms'] - floor:+6.2f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
