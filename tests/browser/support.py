"""Start ``streamlit run`` on 127.0.0.1 and drive it with Debian's Chromium.

Shared by the browser tests and ``benchmarks/bench_practice_render.py``.
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
IDLE = "[data-testid='stApp'][data-test-script-state='notRunning']"
#: any address off this machine: nothing of the app may come from there (the OpenID provider's
#: page asks a CDN for its stylesheet)
OFFSITE = re.compile(r"^https?://(?!127\.0\.0\.1)")
#: the practice page is ready when its question's answer button shows (free text says "Check my answer")
PRACTICE_READY = "button:has-text('Submit answer'), button:has-text('Check my answer')"


def chromium_available() -> bool:
    return Path(CHROMIUM).exists()


def served_env(tmp: Path, banks: dict[str, Path | str]) -> dict[str, str]:
    """A server's environment: a content folder in ``tmp`` holding the test bank ``valid.yaml`` and
    ``banks`` (a file name: a bank's path, or its text), and a data folder beside it."""
    content = tmp / "content"
    content.mkdir()
    shutil.copy(ROOT / "tests" / "content" / "fixtures" / "valid.yaml", content / "valid.yaml")
    for name, bank in banks.items():
        if isinstance(bank, Path):
            shutil.copy(bank, content / name)
        else:
            (content / name).write_text(bank)
    return {"TUNELAB_CONTENT_DIR": str(content), "TUNELAB_DATA_DIR": str(tmp / "data")}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class ServerURL(str):
    """The base URL of a test server, carrying the server's process id (``pid``)."""

    pid: int


def _stat_fields(pid: int, task: str | None = None) -> list[str]:
    """The fields of ``/proc/<pid>/stat`` (of its thread ``task``) after the command name: state,
    parent pid, ... (OSError once the process is gone)."""
    path = f"/proc/{pid}/task/{task}/stat" if task else f"/proc/{pid}/stat"
    return Path(path).read_text().rsplit(")", 1)[1].split()


def process_tree(pid: int) -> list[int]:
    """``pid`` and every process descended from it (workers, the forkserver)."""
    parents: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = _stat_fields(int(entry.name))
            except OSError:
                continue
            parents.setdefault(int(fields[1]), []).append(int(entry.name))
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        todo += parents.get(p, [])
    return out


def _cpu(fields: list[str]) -> float:
    """User + system CPU seconds from a ``/proc`` stat line's fields (:func:`_stat_fields`)."""
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int) -> float:
    """CPU seconds (user + system) process ``pid`` has used so far (OSError once it is gone)."""
    return _cpu(_stat_fields(pid))


def running(pid: int) -> bool:
    """Whether process ``pid`` still runs: it exists and is not a zombie (which computes nothing)."""
    try:
        return _stat_fields(pid)[0] != "Z"
    except OSError:
        return False


def tree_cpu_seconds(pid: int, niced: bool = True) -> float:
    """CPU seconds (user + system) used so far by the live processes of ``pid``'s tree; with
    ``niced`` False, less what their live low-priority threads used: the server's background
    warm-ups (``ui.warm``) run at nice 10 and, under a busy machine's load, go on importing for
    minutes. (A process's own count keeps its ended threads' time: a run's thread that ends
    does not make a window look quieter.)"""
    total = 0.0
    for p in process_tree(pid):
        try:
            total += cpu_seconds(p)
            tasks = [] if niced else list(Path(f"/proc/{p}/task").iterdir())
        except OSError:
            continue
        for task in tasks:
            try:
                fields = _stat_fields(p, task.name)
            except OSError:  # the thread ended meanwhile: its time stays in the process's count
                continue
            if int(fields[16]) > 0:  # nice
                total -= _cpu(fields)
    return total


def job_workers(pid: int) -> set[int]:
    """The running job workers of the server ``pid``: the processes of its tree below its own
    children (a job's worker is forked by the worker forkserver, a child of the server)."""
    out = set()
    for p in process_tree(pid):
        try:
            parent = int(_stat_fields(p)[1])
        except OSError:
            continue
        if p != pid and parent != pid and running(p):
            out.add(p)
    return out


def seconds_until_gone(pids: set[int], within: float = 10.0) -> float | None:
    """Seconds from now until no process of ``pids`` is :func:`running`, or None when one still
    runs after ``within`` seconds."""
    pressed = time.monotonic()
    while time.monotonic() - pressed < within:
        if not any(running(p) for p in pids):
            return time.monotonic() - pressed
        time.sleep(0.05)
    return None


def seconds_until_idle(pid: int, within: float = 10.0) -> float | None:
    """Seconds from now until ``pid``'s tree uses under a fifth of a core over a quarter second
    (a Stop's worker gone), or None when it is still busy after ``within`` seconds."""
    pressed, last = time.monotonic(), tree_cpu_seconds(pid)
    while time.monotonic() - pressed < within:
        time.sleep(0.25)
        now = tree_cpu_seconds(pid)
        if now - last < 0.05:
            return time.monotonic() - pressed
        last = now
    return None


def stays_free(pid: int, window: float = 2.0, busy: float = 0.2, tries: int = 3) -> list[float]:
    """CPU-seconds ``pid``'s tree used at normal priority in successive ``window``-second windows,
    up to the first under ``busy`` (at most ``tries``): a job left computing keeps every window
    busy, a page's one-off rerun spoils one. The server's own start-up imports, at low priority,
    are not counted: beside two busy loops they used 0.2 CPU-seconds in every 2 s after a Stop."""
    used: list[float] = []
    for _ in range(tries):
        start = tree_cpu_seconds(pid, niced=False)
        time.sleep(window)
        used.append(tree_cpu_seconds(pid, niced=False) - start)
        if used[-1] < busy:
            break
    return used


def wait_quiet(pid: int, timeout: float = 90.0, window: float = 0.5, busy: float = 0.05) -> float:
    """Wait until ``pid``'s tree uses under ``busy`` CPU-seconds in ``window`` seconds; the wait.

    A server's first page run starts work in the background (the reference libraries imported,
    the workers' forkserver importing torch): on a loaded or fresh machine it goes on for tens of
    seconds, and a test that measures the server's CPU must not count it.
    """
    started = time.monotonic()
    last = tree_cpu_seconds(pid)
    while time.monotonic() - started < timeout:
        time.sleep(window)
        now = tree_cpu_seconds(pid)
        if now - last < busy:
            return time.monotonic() - started
        last = now
    raise AssertionError(f"the server was still busy after {timeout:.0f} s")


@contextmanager
def streamlit_server(script: Path | str = "app.py", env: dict[str, str] | None = None,
                     timeout: float = 60.0, port: int | None = None, extra_args: list[str] | None = None):
    """Yield the base URL of a fresh ``streamlit run`` server (a :class:`ServerURL`, whose
    ``pid`` is the server's); stop it afterwards."""
    with streamlit_process(script, env, timeout, port, extra_args) as (url, _proc):
        yield url


@contextmanager
def streamlit_process(script: Path | str = "app.py", env: dict[str, str] | None = None,
                      timeout: float = 60.0, port: int | None = None, extra_args: list[str] | None = None,
                      cwd: Path | str = ROOT):
    """Yield ``(base URL, Popen)`` of a fresh ``streamlit run`` server (the benchmarks read its
    memory through the process); stop it afterwards. ``cwd``: the checkout it serves (a worktree of
    an older commit, to compare; give it ``PYTHONPATH`` in ``env`` too)."""
    port = port or free_port()
    cmd = [
        sys.executable, "-m", "streamlit", "run", str(script),
        "--server.headless", "true", "--server.address", "127.0.0.1",
        "--server.port", str(port), "--browser.gatherUsageStats", "false",
        "--server.fileWatcherType", "none", *(extra_args or []),
    ]
    # the server's output goes to a file, not a pipe: a pipe nobody reads fills up and stalls
    # a busy server (the load benchmark's thirty sessions log a lot). TUNELAB_TEST_SERVER_LOGS=<folder>
    # keeps each server's log there, to read what the servers said over a run of the suite.
    kept = os.environ.get("TUNELAB_TEST_SERVER_LOGS")
    log = open(Path(kept) / f"server-{port}.log", "w+") if kept else tempfile.TemporaryFile(mode="w+")
    proc = subprocess.Popen(cmd, cwd=cwd, env={**os.environ, **(env or {})}, stdout=log, stderr=subprocess.STDOUT)
    url = ServerURL(f"http://127.0.0.1:{port}")
    url.pid = proc.pid
    try:
        deadline = time.monotonic() + timeout
        while True:
            if proc.poll() is not None:
                log.seek(0)
                raise RuntimeError(f"streamlit exited early:\n{log.read()}")
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("streamlit did not become healthy in time")
            time.sleep(0.2)
        yield url, proc
    finally:
        # killed, not asked to stop: nothing of a throwaway server is kept (its database commits
        # each write as it goes), and Streamlit's own shutdown took 0.9 to 1.8 s a server, half a
        # minute over the browser tests
        for p in process_tree(proc.pid):  # the server, the forkserver and any worker
            with contextlib.suppress(OSError):
                os.kill(p, signal.SIGKILL)
        proc.wait(timeout=10)
        log.close()


#: a phone's browser, as it names itself: Streamlit closes its sidebar after a page is chosen from it
#: only for a browser that says it is on a phone (a desktop Chromium's name at 390 px kept it open
#: over the page, a behaviour no phone has)
PHONE_AGENT = ("Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
               "Chrome/131.0.0.0 Mobile Safari/537.36")


@contextmanager
def phone_page(browser, height: int = 844):
    """A page in a new context the size of a phone (390 px wide) with a touch screen and a phone's
    browser name; closed after."""
    ctx = browser.new_context(viewport={"width": 390, "height": height}, is_mobile=True, has_touch=True,
                              user_agent=PHONE_AGENT)
    try:
        yield ctx.new_page()
    finally:
        ctx.close()


def wait_idle(page, timeout_ms: int = 30_000) -> None:
    """Wait until the Streamlit script run triggered by the last action has finished."""
    page.wait_for_selector(IDLE, timeout=timeout_ms)


def click_until(page, target, done, tries: int = 3, wait_ms: int = 10_000) -> None:
    """Click ``target`` until the locator ``done`` shows (e.g. the box ticked, the next question).

    A click that lands while Streamlit redraws the element can be lost on a loaded machine (CI
    once kept a multi-choice tick and a "Next" unanswered together). The page then shows the truth
    (the box unticked, the same question), so a user clicks again: so does the test. ``wait_ms``
    is long against a slow run, so a click that is only late is never doubled."""
    for _ in range(tries):
        target.click()
        try:
            done.wait_for(timeout=wait_ms)
            break
        except Exception:  # playwright's TimeoutError: the click had no effect
            continue
    done.wait_for(timeout=wait_ms)
    wait_idle(page)


def tick(page, box) -> None:
    """Tick the ``stCheckbox`` element ``box`` (unticked), making sure the tick stuck."""
    click_until(page, box, box.locator("input:checked"))


def choose(page, box, option: str, tries: int = 3) -> None:
    """Choose ``option`` in the ``stSelectbox`` element ``box``, making sure the choice stuck: a
    dropdown opened while the page redraws can close again before the option is clicked."""
    from playwright.sync_api import expect

    for _ in range(tries):
        box.click()
        page.get_by_role("option", name=option, exact=True).click()
        try:  # the choice is the combobox's value, not text inside the box
            expect(box.get_by_role("combobox")).to_have_value(option, timeout=3_000)
            break
        except AssertionError:
            continue
    else:
        raise AssertionError(f"the choice {option!r} did not stick after {tries} tries")
    wait_idle(page)


def double_click(page, target, gap_ms: int = 150) -> None:
    """Two presses of ``target`` ``gap_ms`` apart, as a person's double click sends them.
    Playwright's ``dblclick()`` sends them so close together that Streamlit drops the first run
    before its button acts, which hides what a real double click does.

    Playwright's checks come first (the button on the page, enabled, no longer moving, and the
    element a click there lands on), then the two presses at its centre, which need nothing of the
    page (a page busy with the first press's work delays no second press). On the Training lab
    the button shows about half a second after the run that drew it has ended (the runs table
    loads its own code first); in one full run of the browser tests a double click there reached
    nothing (no training, the "Press Train" hint), which presses sent to a place read before the
    page had settled would explain (not reproduced since)."""
    target.click(trial=True)
    # and its place the same over 0.3 s: in one full run the two presses on Create the interview both
    # reached nothing (none got to the page's own click listener), as a late-drawn element above it
    # moving it down after Playwright's check would explain
    box, deadline = target.bounding_box(), time.monotonic() + 5
    while time.monotonic() < deadline:
        page.wait_for_timeout(300)
        again = target.bounding_box()
        if again == box:
            break
        box = again
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.click(x, y)
    page.wait_for_timeout(gap_ms)
    page.mouse.click(x, y)


#: an init script for a browser context: every toast's text goes into the tab's sessionStorage
#: (a reload keeps them), so a test can say which sentences a page flashed (see ``toasts_seen``)
RECORD_TOASTS = """
new MutationObserver(() => {
  const seen = JSON.parse(sessionStorage.getItem("tunelab-toasts") || "[]");
  let changed = false;
  for (const t of document.querySelectorAll("[data-testid='stToast']")) {
    if (!t.dataset.recorded) { t.dataset.recorded = "1"; seen.push(t.innerText); changed = true; }
  }
  if (changed) sessionStorage.setItem("tunelab-toasts", JSON.stringify(seen));
}).observe(document, {childList: true, subtree: true});
"""


def toasts_seen(page) -> list[str]:
    """The text of every toast the tab showed since its context ran :data:`RECORD_TOASTS`."""
    return page.evaluate("JSON.parse(sessionStorage.getItem('tunelab-toasts') || '[]')")


def start_interview(page) -> None:
    """On a candidate's start screen, press Start and wait for question 1 (its clock starts only now).
    A click that lands while the page redraws the button can be lost: it is pressed again."""
    start = page.get_by_role("button", name="Start the interview")
    first = page.get_by_text(re.compile(r"^Question 1 of \d+ · "))
    start.wait_for()
    for _ in range(3):
        start.click()
        try:
            first.wait_for(timeout=10_000)
            break
        except Exception:  # playwright's TimeoutError: still on the start screen
            if not start.count():
                break
    first.wait_for(timeout=30_000)
    wait_idle(page)


def answer_candidate_question(page, typed_text: str) -> None:
    """On a candidate's interview page, answer the question on screen whatever its type: type
    ``typed_text`` (free text, numeric), pick the first option (single choice), tick the first
    box (multi choice) or give a step position 1 (ordering); then wait for the autosave's run."""
    area = page.get_by_test_id("stMain")
    typed = area.get_by_role("textbox").and_(area.locator("textarea, input:not([aria-label^='Your name'])"))
    if typed.count():  # free text or numeric (the name box above the question is not the answer)
        typed.first.fill(typed_text)
        typed.first.blur()
    elif area.get_by_test_id("stRadio").count():  # single choice
        area.get_by_test_id("stRadio").locator("label").first.click()
    elif area.get_by_test_id("stCheckbox").count():  # multi choice: checkboxes, as in Practice
        area.get_by_test_id("stCheckbox").first.click()
    else:  # ordering: a position for a step
        area.get_by_test_id("stSelectbox").first.click()
        page.get_by_role("option", name="1", exact=True).click()
    wait_idle(page)


def open_live_sections(page) -> None:
    """On an interviewer's live view, open every question's section and wait until each is drawn (a
    closed section holds only its label: opening it reruns the view, which draws it). A click that
    lands while the view refreshes can be lost: the section is clicked again."""
    sections = page.get_by_test_id("stExpander").filter(has_text=re.compile(r"Question \d+ · "))
    for n in range(sections.count()):
        section = sections.nth(n)
        drawn = section.get_by_text("Candidate's answer:")
        if not drawn.count():
            click_until(page, section.locator("summary"), drawn)
