"""Many visitors at once: N concurrent practice sessions against a bare page under the same N.

For each N, two fresh servers are started in this run: TuneLab (a new SQLite database in a
temporary folder, or ``--database-url``) and a bare page (one ``st.write`` line and a button
that reruns it, so it has actions to compare with). Each is warmed by one visit (its one-off
costs, such as loading the banks, or the free-text judge's models, which load when the first
free-text question is shown, are not a per-session cost: the app's warm-up opens Practice, then
one such question), then N browser contexts in one headless Chromium act at once:

- practice: open ``/practice``, then answer five questions: pick an option (or tick one, or
  type a number) and submit (graded, saved, reviewed), then "Next question"; questions that
  take several steps (orderings, free text) are skipped with "Skip" (an action too);
- bare: open the page, then click its button as many times as the practice session acts.

An action's time runs from the click (or the navigation) until the script run it caused has
finished and its result is on screen. Reported per N: median seconds per action for both pages
and their ratio; the server's memory per session (RSS with the N sessions open minus RSS before,
divided by N); errors (any action that failed or timed out, any exception box or "could not be
saved" on the page); lost attempts (attempts the sessions submitted minus rows in the database).

``--client websocket`` replaces the browsers with clients that speak Streamlit's websocket
protocol (:mod:`benchmarks.load_client`) and wait a reading time between actions (``--think``,
uniform, seeded; the same for both pages): it measures the server alone, where the browser mode
also measures thirty Chromium contexts sharing the server's two cores.

Before the loads the benchmark waits until the app server has gone quiet after its first visit
(:func:`quiet`): what it starts then in the background, once per server, is not a session's cost.

Usage::

    .venv/bin/python benchmarks/bench_load.py [--sessions 1 10 30] [--json] [--profile N]
        [--client browser|websocket] [--think 1 3]

``--profile N`` also runs the practice load once under N sessions (either client) with ``py-spy record`` sampling
the app server (``pip install -e '.[bench]'``; the thread holding the GIL, whichever it is) and prints the
frames with the most samples, inclusive: what dominates the server's side of a practice action.

Goal (issue 11): at N = 30, median practice action <= 1.5 x the bare page's, <= 30 MB per
session, 0 errors, 0 lost attempts. Each row also says whether the absolute goal the README proposes
instead of the ratio holds (a practice action's median at most 20 ms): the ratio moves with the bare
page's few milliseconds, which move with the machine's hour (:func:`goals_met`).
"""

from __future__ import annotations

import argparse
import asyncio
import functools
import json
import os
import re
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Awaitable, Callable
from contextlib import ExitStack
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.stats import p90, status_mb  # noqa: E402
from tests.browser.support import (  # noqa: E402
    CHROMIUM, CHROMIUM_ARGS, IDLE, PRACTICE_READY, cpu_seconds, streamlit_process, wait_quiet)

ANSWERS = 5
# one line of output; the counter tells the benchmark which rerun it is looking at
BARE = '''import streamlit as st
st.session_state.n = st.session_state.get("n", 0) + 1
st.button("Again", key="again"); st.write(f"Hello from a bare page, run {st.session_state.n}")
'''
#: pages whose button reruns a fragment, timed like the bare page (websocket mode only): not the goal's
#: reference, but floors under the practice card, itself a fragment. "one button": what a fragment's
#: rerun costs by itself; "card-shaped": the card's elements for a one-choice question (a "Skip" run:
#: the day's score in the sidebar, progress, the question in a bordered box, a radio and two buttons
#: in a form) and no logic; "one component": the same card drawn in the browser by one st.components.v2
#: element from the question as data (the way out README's load section used to recommend)
FRAGMENTS = {
    "one-button fragment": '''import streamlit as st
st.title("A page with a fragment")
@st.fragment
def card():
    st.session_state.n = st.session_state.get("n", 0) + 1
    st.button("Again", key="again"); st.write(f"Hello from a fragment, run {st.session_state.n}")
card()
''',
    "card-shaped fragment": '''import streamlit as st
st.title("A page with a card")
@st.fragment
def card():
    st.session_state.n = st.session_state.get("n", 0) + 1
    st.sidebar.markdown(f"**Today**  \\n{st.session_state.n} answered \u00b7 2 right \u00b7 score 67%")
    st.progress(0.25, text=f"Question {st.session_state.n} of 12")
    with st.container(border=True):
        st.markdown(":orange-badge[Medium] :gray-badge[Topic]  \\n:small[:gray[A bank \u00b7 Pick one]]\\n\\n"
                    "A question of a sentence or two, as the banks have.")
    with st.form("answer-form", border=False):
        st.radio("Your answer", ["one", "two", "three", "four"], index=None, key="answer")
        with st.container(horizontal=True):
            st.form_submit_button("Submit answer", type="primary"); st.form_submit_button("Again")
card()
''',
    # the same card drawn by the browser from one element (st.components.v2, the question as data): what
    # the card's messages would cost if the card were one component instead of Streamlit's elements
    "card as one component": '''import streamlit as st
JS = """
export default function(component) {
  const { data, parentElement } = component;
  const add = (parent, tag, text) => {
    const el = parent.appendChild(document.createElement(tag)); if (text) el.textContent = text; return el; };
  let root = parentElement.querySelector(".card");
  if (!root) { root = parentElement.appendChild(document.createElement("div")); root.className = "card"; }
  root.replaceChildren();
  const bar = add(root, "progress"); bar.value = data.index; bar.max = data.total;
  add(root, "div", `Question ${data.index} of ${data.total}`);
  const box = add(root, "div"); box.className = "box";
  add(box, "div", data.header); add(box, "p", data.prompt);
  for (const choice of data.choices) {
    const label = add(root, "label"); const radio = add(label, "input"); radio.type = "radio"; radio.name = "answer";
    label.append(choice);
  }
  add(root, "button", "Submit answer"); add(root, "button", "Skip");
}
"""
card_component = st.components.v2.component("card", js=JS, css=".box {border: 1px solid #ddd; padding: 1rem}")
st.title("A page with a card component")
@st.fragment
def card():
    st.session_state.n = st.session_state.get("n", 0) + 1
    st.sidebar.markdown(f"**Today**  \\n{st.session_state.n} answered \u00b7 2 right \u00b7 score 67%")
    card_component(key="card", data={"index": st.session_state.n, "total": 12,
                                     "header": "Medium \u00b7 Topic \u00b7 A bank \u00b7 Pick one",
                                     "prompt": "A question of a sentence or two, as the banks have.",
                                     "choices": ["one", "two", "three", "four"]})
    st.button("Again", key="again")  # the benchmark's client presses Streamlit's buttons
card()
''',
}
ACTION_TIMEOUT_MS = 240_000  # thirty pages opening at once in one Chromium on 2 cores take minutes
#: the practice page asking again for an answer it could not take ("... before submitting")
REFUSED = "[data-testid='stAlert']:has-text('before submitting')"


def rss_mb(pid: int) -> float:
    """Resident memory of the server's process (Streamlit runs one process), in MB."""
    rss = status_mb("VmRSS", pid)
    return float("nan") if rss is None else rss


def machine_busy_s() -> float:
    """CPU seconds every core of the machine has spent busy so far (from /proc/stat)."""
    values = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    idle = values[3] + values[4]
    return (sum(values[:8]) - idle) / os.sysconf("SC_CLK_TCK")


async def timed(page, action, done) -> float:
    """Seconds from the action until the rerun it caused has finished.

    ``done`` is a coroutine function that returns once the page shows the action's result (an
    element that was not there before); only then is "the script is not running" a statement
    about this rerun rather than about the moment before the click.
    """
    t0 = time.perf_counter()
    await action()
    await done()
    await page.wait_for_selector(IDLE, timeout=ACTION_TIMEOUT_MS)
    return time.perf_counter() - t0


def visible(page, selector: str):
    return lambda: page.wait_for_selector(selector, state="visible", timeout=ACTION_TIMEOUT_MS)


async def answer_current(page, main) -> bool:
    """Fill in an answer to the question on screen when it is one choice, several choices or a
    number (clicks that land during a re-render can miss, so each is checked); False for the
    types that take several steps (orderings, free text, derivations): those are skipped."""
    inputs = await main.get_by_test_id("stRadio").count() + await main.locator("input[placeholder^='e.g.']").count()
    if inputs > 1:  # a derivation: an answer per step, then the result
        return False
    for _ in range(5):
        if await main.get_by_test_id("stRadio").count():
            option = main.get_by_test_id("stRadio").get_by_test_id("stRadioOption").first
            await option.click()
            if await main.get_by_test_id("stRadio").locator("input:checked").count():
                return True
        elif await main.get_by_test_id("stCheckbox").count():
            box = main.get_by_test_id("stCheckbox").first
            await box.locator("label").first.click()
            if await box.locator("input:checked").count():
                return True
        elif await main.get_by_text("e.g. 0.015").count() or await main.locator("input[placeholder^='e.g.']").count():
            await main.locator("input[placeholder^='e.g.']").first.fill("1")
            return True
        else:
            return False
        await page.wait_for_timeout(200)
    raise RuntimeError("could not fill in an answer")


async def practice_session(browser, url: str, times: dict[str, list[float]], errors: list[str]) -> int:
    """One visitor: open, filter, answer five; returns how many answers it submitted."""
    context = await browser.new_context(viewport={"width": 1400, "height": 1000})
    page = await context.new_page()
    page.set_default_timeout(ACTION_TIMEOUT_MS)
    submitted = 0
    step = "open"
    try:
        t0 = time.perf_counter()
        await page.goto(f"{url}/practice")
        await page.wait_for_selector(IDLE, timeout=ACTION_TIMEOUT_MS)
        await page.wait_for_selector(PRACTICE_READY, state="visible", timeout=ACTION_TIMEOUT_MS)
        times["open"].append(time.perf_counter() - t0)

        main = page.get_by_test_id("stMain")
        progress = main.get_by_test_id("stProgress")

        async def moved_on(before: str):
            # the next question is on screen: the progress caption changed and its form is drawn
            # (looked up afresh each time: the question card's fragment may draw a new element)
            await page.wait_for_function(
                "old => { const el = document.querySelector(\"[data-testid='stMain'] [data-testid='stProgress']\");"
                " return el !== null && el.innerText !== old; }", arg=before, timeout=ACTION_TIMEOUT_MS)
            await page.wait_for_selector(PRACTICE_READY, state="visible", timeout=ACTION_TIMEOUT_MS)

        for _attempt in range(40):  # five answers, with the skips between them
            if submitted == ANSWERS:
                break
            before = await progress.inner_text()
            step = f"answer {submitted + 1}"
            if not await answer_current(page, main):
                step = "skip"
                # read first: a Skip within half a second of arriving is taken for a double click's second
                await page.wait_for_timeout(600)
                times["skip"].append(await timed(page, main.get_by_role("button", name="Skip").click,
                                                 lambda: moved_on(before)))
                continue
            times["submit"].append(await timed(page, main.get_by_role("button", name="Submit answer").click,
                                               visible(page, f"button:has-text('Next question'), {REFUSED}")))
            if not await main.get_by_role("button", name=re.compile("Next question")).count():
                # the page refused the answer (a step of a derivation drawn after the check, say)
                # and asks again: nothing was saved, so the visitor moves on with Skip
                step = "skip"
                await page.wait_for_timeout(600)
                times["skip"].append(await timed(page, main.get_by_role("button", name="Skip").click,
                                                 lambda: moved_on(before)))
                continue
            submitted += 1
            if submitted < ANSWERS:
                step = f"next {submitted}"
                times["next"].append(await timed(
                    page, main.get_by_role("button", name=re.compile("Next question")).click, lambda: moved_on(before)))
        problems = await page.get_by_test_id("stException").count()
        if problems or await page.get_by_text("could not be saved").count():
            errors.append("the page shows an exception or an unsaved answer")
        return submitted
    except Exception as exc:  # counted as an error; the run goes on
        errors.append(f"{step}: {type(exc).__name__}: {str(exc).splitlines()[0][:160]}")
        shot = Path(tempfile.gettempdir()) / f"bench_load_error_{len(errors)}.png"
        errors[-1] += f" (screenshot {shot})"
        await page.screenshot(path=str(shot))
        return submitted
    finally:
        # left open until every session is done, so the memory reading sees them all
        sessions_open.append(context)


async def bare_session(browser, url: str, actions: int, times: dict[str, list[float]], errors: list[str]) -> None:
    context = await browser.new_context(viewport={"width": 1400, "height": 1000})
    page = await context.new_page()
    page.set_default_timeout(ACTION_TIMEOUT_MS)
    try:
        t0 = time.perf_counter()
        await page.goto(url)
        await page.wait_for_selector(IDLE, timeout=ACTION_TIMEOUT_MS)
        await page.wait_for_selector("text=Hello from a bare page, run 1", state="visible", timeout=ACTION_TIMEOUT_MS)
        times["open"].append(time.perf_counter() - t0)
        for k in range(2, actions + 1):
            times["again"].append(await timed(page, page.get_by_role("button", name="Again").click,
                                              visible(page, f"text=Hello from a bare page, run {k}")))
    except Exception as exc:
        errors.append(f"bare: {type(exc).__name__}: {str(exc).splitlines()[0][:160]}")
    finally:
        sessions_open.append(context)


#: browser contexts, left open until every session is done so the memory reading sees them all
sessions_open: list = []
#: the bare page's actions per visitor: about as many as a practice session (open, 5 submits, 4 nexts, skips)
BARE_ACTIONS = 1 + ANSWERS + (ANSWERS - 1) + 2
#: one visitor: ``start(i, times_by_action, errors)`` acts and returns the answers it submitted
Start = Callable[[int, dict[str, list[float]], list[str]], Awaitable[int | None]]


async def load(start: Start, pid: int, n: int, profile_to: Path | None = None) -> dict:
    """N visitors at once (browser contexts or websocket clients, as ``start`` makes them);
    their times, errors and the server's CPU and memory per session."""
    times: dict[str, list[float]] = defaultdict(list)
    errors: list[str] = []
    before = rss_mb(pid)
    cpu0, busy0 = cpu_seconds(pid), machine_busy_s()
    spy = spy_err = None
    if profile_to is not None:
        import shutil
        import subprocess

        py_spy = shutil.which("py-spy") or str(Path(sys.executable).with_name("py-spy"))
        spy_err = open(profile_to.with_suffix(".err"), "w")
        spy = subprocess.Popen([py_spy, "record", "--pid", str(pid), "--format", "raw", "--rate", "100", "--gil",
                                "--output", str(profile_to), "--nonblocking"],
                               stdout=subprocess.DEVNULL, stderr=spy_err)
    t0 = time.perf_counter()
    submitted = await asyncio.gather(*[start(i, times, errors) for i in range(n)])
    wall = time.perf_counter() - t0
    server_cpu, busy = cpu_seconds(pid) - cpu0, machine_busy_s() - busy0
    if spy is not None:
        import signal

        spy.send_signal(signal.SIGINT)
        spy.wait(60)
        spy_err.close()
    await asyncio.sleep(1.0)  # let the server settle its last messages before reading memory
    after = rss_mb(pid)
    for context in sessions_open:
        await context.close()
    sessions_open.clear()
    return {"times": [t for v in times.values() for t in v], "errors": errors,
            "by_kind": {k: round(statistics.median(v), 3) for k, v in times.items() if v}, "by_action": dict(times),
            "server_cpu_s": server_cpu, "machine_busy_s": busy, "submitted": sum(s or 0 for s in submitted),
            "wall_s": wall, "rss_before_mb": before, "rss_after_mb": after, "mb_per_session": (after - before) / n}


def fragment_actions(result: dict) -> list[float]:
    """A fragment page's button presses (its opens left out: they run the whole page)."""
    return result["by_action"].get("again", [float("nan")])


def count_attempts(url: str) -> int:
    from engine.store import Store

    store = Store(url)
    try:
        return len(store.all_attempts())
    finally:
        store.close()


@functools.lru_cache(maxsize=1)
def first_free_text(content: Path = ROOT / "content") -> str:
    """A free-text question of the banks the app serves. The app's warm-up visit opens it: the
    free-text judge's models load (about 300 MB, once per server) when such a question is first
    shown, a one-off cost like the banks' loading; counted in the load, it read as 27.7 MB a
    session at N = 10 (against 1.5 hours before)."""
    from engine.content.loader import load_library

    return next(q.id for q in load_library([content]).questions if q.type == "free_text")


async def warm(browser, url: str, ready: str) -> None:
    context = await browser.new_context()
    page = await context.new_page()
    await page.goto(url)
    await page.wait_for_selector(IDLE, timeout=ACTION_TIMEOUT_MS)
    await page.wait_for_selector(ready, state="visible", timeout=ACTION_TIMEOUT_MS)
    await context.close()


def quiet(pid: int) -> float:
    """Wait until the app server's one-off start-up work in the background is over (the reference
    libraries imported, every figure's run made ahead by its workers); seconds waited. It took 6 to
    11 s after the first visit on 2026-12-03, and the bare page's load, measured first, used to share
    the machine with it: the ratio's reference was slowed by the app's own start-up."""
    return wait_quiet(pid, timeout=300.0, window=1.0, busy=0.15)


async def run_n(n: int, tmp: Path, database_url: str | None, profile: bool = False, client: str = "browser",
                think: tuple[float, float] = (1.0, 3.0)) -> dict:
    from playwright.async_api import async_playwright

    tmp.mkdir(parents=True, exist_ok=True)
    bare = tmp / "bare.py"
    bare.write_text(BARE)
    data = tmp / f"data-{n}{'-profile' if profile else ''}"
    db_url = database_url or f"sqlite:///{data / 'tunelab.db'}"
    env = {"TUNELAB_DATA_DIR": str(data), "TUNELAB_DATABASE_URL": db_url}
    app = "app.py"
    if database_url:
        rows_before = count_attempts(db_url)
    else:
        rows_before = 0
    with ExitStack() as stack:
        app_url, app_proc = stack.enter_context(streamlit_process(app, env=env))
        bare_url, bare_proc = stack.enter_context(streamlit_process(bare, env=env))
        fragments: dict[str, dict] = {}
        by_question: dict[str, list[float]] = defaultdict(list)  # websocket mode: times by the question drawn
        if client == "websocket":
            import random

            from benchmarks.load_client import Visitor, bare_visitor, practice_visitor

            timeout = ACTION_TIMEOUT_MS / 1000
            async with Visitor(bare_url, "", timeout) as visitor:  # the one-off costs, as warm() pays them
                await visitor.run()
            for query in ("", f"q={first_free_text()}"):  # the queue's first question, as before, and the judge
                async with Visitor(app_url, "practice", timeout, query=query) as visitor:
                    await visitor.run()
            settled = [quiet(app_proc.pid)]
            bare_result = await load(lambda i, t, e: bare_visitor(bare_url, BARE_ACTIONS, random.Random(i), think, t,
                                                                  e, timeout), bare_proc.pid, n)
            for name, script in FRAGMENTS.items():
                path = tmp / f"{name.replace(' ', '_')}.py"
                path.write_text(script)
                url, proc = stack.enter_context(streamlit_process(path, env=env))
                async with Visitor(url, "", timeout) as visitor:
                    await visitor.run()
                fragments[name] = await load(lambda i, t, e, url=url: bare_visitor(
                    url, BARE_ACTIONS, random.Random(i), think, t, e, timeout), proc.pid, n)
            settled.append(quiet(app_proc.pid))  # the bare and fragment loads gave it time: ~1 s
            practice = await load(lambda i, t, e: practice_visitor(app_url, ANSWERS, random.Random(i), think, t, e,
                                                                   timeout, by_question), app_proc.pid, n,
                                  tmp / f"profile-{n}.txt" if profile else None)
        else:
            async with async_playwright() as p:
                browser = await p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                await warm(browser, f"{app_url}/practice", PRACTICE_READY)
                await warm(browser, f"{app_url}/practice?q={first_free_text()}", PRACTICE_READY)
                await warm(browser, bare_url, "text=Hello from a bare page, run 1")
                settled = [quiet(app_proc.pid)]
                bare_result = await load(lambda i, t, e: bare_session(browser, bare_url, BARE_ACTIONS, t, e),
                                         bare_proc.pid, n)
                practice = await load(lambda i, t, e: practice_session(browser, app_url, t, e), app_proc.pid, n,
                                      tmp / f"profile-{n}.txt" if profile else None)
                await browser.close()
        rows = count_attempts(db_url) - rows_before
    nan = float("nan")
    med_p = statistics.median(practice["times"]) if practice["times"] else nan
    med_b = statistics.median(bare_result["times"]) if bare_result["times"] else nan
    result = {
        "sessions": n,
        "client": client if client == "browser" else f"websocket, reading {think[0]:g}-{think[1]:g} s",
        "practice_median_s": round(med_p, 3),
        "bare_median_s": round(med_b, 3),
        "ratio": round(med_p / med_b, 2),
        "practice_median_by_action_s": practice["by_kind"],
        "bare_median_by_action_s": bare_result["by_kind"],
        # every action's time in ms, by action: for a closer look than the medians (--json)
        "practice_ms": {k: [round(1000 * t, 2) for t in v] for k, v in practice["by_action"].items()},
        "bare_ms": {k: [round(1000 * t, 2) for t in v] for k, v in bare_result["by_action"].items()},
        # websocket mode: the reruns of fragments with no logic, floors under the practice card
        "fragment_action_median_s": {name: round(statistics.median(fragment_actions(f)), 4)
                                     for name, f in fragments.items()},
        # the question a move drew (or an answer answered): how many elements the card sends depends on it
        "practice_median_by_question_s": {k: [len(v), round(statistics.median(v), 4)]
                                          for k, v in sorted(by_question.items())},
        "practice_p90_s": round(p90(practice["times"]), 3)
        if practice["times"] else nan,
        "practice_actions": len(practice["times"]),
        "bare_actions": len(bare_result["times"]),
        "mb_per_session": round(practice["mb_per_session"], 1),
        "bare_mb_per_session": round(bare_result["mb_per_session"], 1),
        "server_rss_mb": round(practice["rss_after_mb"], 1),
        "errors": len(practice["errors"]) + len(bare_result["errors"]),
        "error_samples": (practice["errors"] + bare_result["errors"])[:3],
        "submitted": practice["submitted"],
        "saved": rows,
        "lost_attempts": practice["submitted"] - rows,
        "wall_s": round(practice["wall_s"], 1),
        # seconds the app server took to go quiet after its first visit (and again before the practice load)
        "settled_s": [round(t, 1) for t in settled],
        # where the time goes: the server's own CPU per action against everything else on the
        # machine (the browsers rendering, the benchmark, other work) during the same load
        "server_cpu_ms_per_action": round(1000 * practice["server_cpu_s"] / max(1, len(practice["times"])), 1),
        "bare_server_cpu_ms_per_action": round(1000 * bare_result["server_cpu_s"] / max(1, len(bare_result["times"])), 1),
        "server_share_of_busy_cpu": round(practice["server_cpu_s"] / max(1e-9, practice["machine_busy_s"]), 2),
    }
    result["goals_met"] = goals_met(result)
    return result


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sessions", type=int, nargs="+", default=[1, 10, 30])
    ap.add_argument("--database-url", help="an empty-or-not database to use instead of a new SQLite file")
    ap.add_argument("--profile", type=int, metavar="N", help="also profile the server under N sessions")
    ap.add_argument("--client", choices=["browser", "websocket"], default="browser")
    ap.add_argument("--think", type=float, nargs=2, default=[1.0, 3.0], metavar=("MIN", "MAX"),
                    help="websocket clients: seconds of reading between actions (uniform)")
    ap.add_argument("--repeat", type=int, default=1, metavar="K",
                    help="measure each N K times (fresh servers each time) and print the spread: the ratio "
                         "moves with the machine's load from run to run")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()

    results = []
    with tempfile.TemporaryDirectory() as tmp:
        for n in args.sessions:
            runs = []
            for k in range(args.repeat):
                runs.append(asyncio.run(run_n(n, Path(tmp) / f"run-{k}", args.database_url, client=args.client,
                                              think=tuple(args.think))))
                if not args.json:
                    print_row(runs[-1])
            results.extend(runs)
            if args.repeat > 1 and not args.json:
                print_spread(runs)
        if args.profile:
            result = asyncio.run(run_n(args.profile, Path(tmp), args.database_url, profile=True,
                                       client=args.client, think=tuple(args.think)))
            print(f"\nserver profile under {args.profile} sessions (practice {result['practice_median_s']} s/action):")
            print_profile(Path(tmp) / f"profile-{args.profile}.txt")
    if args.json:
        print(json.dumps(results, indent=2))
    return 0


def print_profile(path: Path, top: int = 30) -> None:
    """Share of the server's samples in which each frame is on the stack (inclusive), busiest first.

    py-spy's raw format is one line per distinct stack, ``frame;frame;... count``; with ``--gil``
    only the thread holding the GIL is sampled, so waiting threads do not count.
    """
    from collections import Counter

    if not path.exists():  # py-spy could not attach (some kernels and sandboxes forbid reading another process)
        err = path.with_suffix(".err")
        why = err.read_text().strip().splitlines() if err.exists() else []
        print(f"py-spy recorded nothing: {why[0] if why else 'no message'}")
        return
    inclusive, total = Counter(), 0
    for line in path.read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        if not stack or not count.isdigit():
            continue
        total += int(count)
        for frame in set(stack.split(";")):
            inclusive[frame] += int(count)
    print(f"{total} samples (at 100 Hz, of the thread holding the GIL: where the server spends CPU)")
    # the frames every stack shares (thread and event-loop plumbing) say nothing: leave them out
    plumbing = ("threading.py", "runpy", "click/core.py", "asyncio/runners.py", "streamlit/__main__.py",
                "streamlit/web/cli.py", "streamlit/web/bootstrap.py")
    shown = [(f, c) for f, c in inclusive.most_common() if not any(p in f for p in plumbing)]
    for frame, count in shown[:top]:
        print(f"{100 * count / total:5.1f}%  {frame[:150]}")


def print_spread(runs: list[dict]) -> None:
    """One line over the repeats of one N: the median ratio and its range, and both sides' medians."""
    def span(key: str, scale: float = 1.0, fmt: str = "{:.0f}") -> str:
        values = sorted(r[key] * scale for r in runs)
        return f"{fmt.format(values[0])} to {fmt.format(values[-1])}"

    ratios = [r["ratio"] for r in runs]
    print(f"N={runs[0]['sessions']:>3} over {len(runs)} runs: ratio median {statistics.median(ratios):.2f}x "
          f"({span('ratio', fmt='{:.2f}')}x); practice {span('practice_median_s', 1000)} ms, bare "
          f"{span('bare_median_s', 1000)} ms per action; errors {sum(r['errors'] for r in runs)}; "
          f"attempts lost {sum(r['lost_attempts'] for r in runs)}", flush=True)


#: issue 11's goals for one load (at N = 30), and the absolute one the README proposes beside the ratio
RATIO_GOAL = 1.5
MB_PER_SESSION_GOAL = 30.0
ABSOLUTE_GOAL_S = 0.020


def goals_met(r: dict) -> dict[str, bool]:
    """Which of the goals a load's result (:func:`run_n`) meets, by the words the report prints.
    A median that could not be measured (no actions) meets nothing."""
    def at_most(value: float, ceiling: float) -> bool:
        return value == value and value <= ceiling  # NaN (nothing measured) is not a pass

    return {
        f"practice <= {RATIO_GOAL:g}x the bare page": at_most(r["ratio"], RATIO_GOAL),
        f"<= {MB_PER_SESSION_GOAL:g} MB per session": at_most(r["mb_per_session"], MB_PER_SESSION_GOAL),
        "0 errors": r["errors"] == 0,
        "0 lost attempts": r["lost_attempts"] == 0 and r["submitted"] > 0,
        f"(proposed) practice median <= {ABSOLUTE_GOAL_S * 1000:g} ms": at_most(r["practice_median_s"],
                                                                               ABSOLUTE_GOAL_S),
    }


def print_row(r: dict) -> None:
    print(f"N={r['sessions']:>3} ({r['client']}): practice {r['practice_median_s']:.3f} s/action (p90 {r['practice_p90_s']:.3f}) "
          f"vs bare {r['bare_median_s']:.3f} s -> {r['ratio']:.2f}x (goal <= 1.5); "
          f"{r['mb_per_session']:.1f} MB/session (bare {r['bare_mb_per_session']:.1f}; goal <= 30); "
          f"errors {r['errors']}; attempts {r['saved']}/{r['submitted']} saved, lost {r['lost_attempts']}; "
          f"wall {r['wall_s']} s", flush=True)
    print("    goals: " + "; ".join(f"{goal} {'met' if ok else 'NOT met'}" for goal, ok in goals_met(r).items()))
    waits = r["settled_s"]
    print(f"    the app server went quiet {waits[0]} s after its first visit"
          + (f", and {waits[1]} s before the practice load" if len(waits) > 1 else ""))
    print(f"    server CPU per action: practice {r['server_cpu_ms_per_action']} ms, bare "
          f"{r['bare_server_cpu_ms_per_action']} ms; the practice server's share of the machine's busy CPU "
          f"{r['server_share_of_busy_cpu']:.0%}")
    print(f"    medians by action: practice {r['practice_median_by_action_s']}, bare {r['bare_median_by_action_s']}")
    if r.get("practice_median_by_question_s"):
        print("    by the question drawn (moves) or answered (answers): " + "; ".join(
            f"{k} {v[1] * 1000:.1f} ms (n={v[0]})" for k, v in r["practice_median_by_question_s"].items()))
    by_action = r["practice_median_by_action_s"]
    for name, floor in (r.get("fragment_action_median_s") or {}).items():
        over = ", ".join(f"{k} {by_action[k] / floor:.1f}x" for k in ("next", "skip", "submit") if k in by_action)
        print(f"    {name}, its button's rerun: {floor:.4f} s, {floor / r['bare_median_s']:.2f}x the bare page's; "
              f"practice over it: {over}")
    for e in r["error_samples"]:
        print(f"    error: {e}")


if __name__ == "__main__":
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    raise SystemExit(main())
