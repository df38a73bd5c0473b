"""Run an engine job in a worker process behind a progress bar (see :mod:`engine.jobs`).

Every heartbeat redraws the bar, and every redraw is a point where Streamlit can stop the
script: Stop, a rerun or a closed tab raise there, and ``run_job`` then terminates the worker,
so nothing keeps computing for a request nobody is waiting for.
"""

from __future__ import annotations

import hashlib
import logging
import threading
import time
from collections.abc import Callable
from typing import Any

import streamlit as st

from engine.jobs import WorkerDidNotStart, WorkerFailed, name_parties, run_job
from ui.scroll import reveal
from ui.text import reason

_LOG = logging.getLogger(__name__)

#: maps one event from the worker to (fraction done, text), or None to keep the bar as it is
Progress = Callable[[Any], "tuple[float, str] | None"]

#: owners with a lab job running on this server (see :func:`job_owner`), each with the browser
#: session whose run holds it: one job at a time each, so one person with two tabs cannot take
#: every worker of a server a class shares
_running: dict[str, str] = {}
#: the script run's thread holding each owner's slot: a slot whose run has ended without giving it
#: back (none should) is not held by anyone, and this session's next run takes it
_holders: dict[str, threading.Thread] = {}
_running_lock = threading.Lock()
#: seconds a run waits for this session's previous run to let its job go (see :func:`_take_slot`):
#: that run ends its worker first, which may still be starting (a cold server's first start loads
#: scikit-learn and torch)
HANDOVER_SECONDS = 60.0


def _session() -> str:
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx(suppress_warning=True)  # None is an answer here, not a fault
    return ctx.session_id if ctx is not None else "none"


def _signed_in() -> str | None:
    """``learner:<id>`` when sign-in is configured and this visitor is signed in, else None."""
    from ui.identity import auth_configured, current

    if auth_configured():
        who = current()
        if who.signed_in:
            return f"learner:{who.learner}"
    return None


#: the cookie Streamlit's server sets in every browser that opens the app (its XSRF token), one per
#: browser, shared by its tabs
XSRF_COOKIE = "_streamlit_xsrf"


def browser_token(cookie: str | None) -> bytes | None:
    """The token of a Streamlit XSRF cookie, or None when ``cookie`` is not one.

    The cookie is in Tornado's version 2 form, ``2|<mask>|<masked token>|<time>`` (hex): the server
    sets it again at each visit with a new 4-byte mask, so two tabs of one browser may hold
    different strings of the one token, which is the masked bytes XOR the mask repeated.
    """
    parts = (cookie or "").strip("\"'").split("|")
    if len(parts) != 4 or parts[0] != "2":
        return None
    try:
        mask, masked = bytes.fromhex(parts[1]), bytes.fromhex(parts[2])
    except ValueError:
        return None
    if len(mask) != 4 or not masked:
        return None
    return bytes(b ^ mask[i % 4] for i, b in enumerate(masked))


def _browser() -> str | None:
    """A name for this visitor's browser, all its tabs (a digest of its XSRF token: the token
    itself is never kept), or None when its requests carry no such cookie."""
    try:
        token = browser_token(st.context.cookies.get(XSRF_COOKIE))
    except Exception:  # no session context (a bare script run): no browser to name
        return None
    return hashlib.sha256(b"tunelab-browser:" + token).hexdigest()[:24] if token else None


def job_owner() -> str:
    """Whom a lab job counts against, one job at a time: the signed-in person (all their tabs),
    else the browser (all its tabs, by the cookie Streamlit sets in it), else the browser session.

    Per tab, one visitor's two tabs each ran a 230-CPU-second search and held both workers of a
    2-core server; another visitor's 3-second Train waited 106 s (the hostile visitor's walk-through).
    A script that sends no cookie, or a new one each time, is still one owner per session: only
    sign-in bounds a person.
    """
    if learner := _signed_in():
        return learner
    browser = _browser()
    return f"browser:{browser}" if browser else f"session:{_session()}"


def job_party() -> str:
    """Whom a lab job counts against in the queue for workers, where a freed worker goes to the
    party running fewest (:mod:`engine.slot_queue`): the signed-in person, as :func:`job_owner`;
    else the visitor's network address (``st.context.ip_address``), or ``""`` without one.

    Not the browser session, as :func:`job_owner` falls back to: each tab is a session of its own
    and may run one job, so one visitor's eight tabs would be eight parties running one job each,
    no more than a neighbour, who would wait behind all eight as before. The tabs of one browser,
    and the browsers of one machine, share its address and count as one party, while people on
    other machines are served between its jobs. Behind a proxy or a NAT every visitor comes from the same address, and a
    visitor on the server's own machine has none (Streamlit gives None for localhost): then all
    are one party, served first come, first served, as before parties. The address only names a
    party in the queue: it is never logged nor shown.
    """
    learner = _signed_in()
    if learner:
        return learner
    address = getattr(st.context, "ip_address", None)
    return f"address:{address}" if address else ""


def caller_party() -> str:
    """:func:`job_party` for a job asked for in a script run (a question's figure drawn for the
    visitor on the page); ``""`` outside one (the server's own work made ahead, in its threads)."""
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    # asked in the server's own threads too, where Streamlit would log "missing ScriptRunContext"
    # for each figure made ahead (eleven lines at every start)
    return job_party() if get_script_run_ctx(suppress_warning=True) is not None else ""


@st.cache_resource(show_spinner=False)
def name_job_parties() -> bool:
    """Once per server process: a job whose caller names no party counts against the visitor
    whose run asked for it (:func:`engine.jobs.name_parties`)."""
    name_parties(caller_party)
    return True


def _take_slot(owner: str) -> bool:
    """Hold ``owner``'s one job slot for this session's run; False when another tab's job has it.

    A slot this same session holds belongs to its previous run: Streamlit stops a run when the
    next one starts (a double click's second press, any click during a job) and starts the next in
    a new thread at once, while the stopped one is still ending its worker. That run lets go
    shortly, so this one waits for it (up to :data:`HANDOVER_SECONDS`) instead of refusing: a
    double click on Train used to show "you already have a run going" and no result.

    A run stopped while it waits (a third press) ends at once, and one stopped just as it takes the
    slot gives it back: the hostile visitor's walk-through pressed Train three times in 0.3 s, and
    a run stopped by Streamlit in the write after taking the slot, before the caller's ``finally``,
    kept it, so every later press of that tab (of every tab, for a signed-in person) waited a
    minute and was refused until the server restarted.
    """
    session, waited, deadline = _session(), None, time.monotonic() + HANDOVER_SECONDS
    while True:
        with _running_lock:
            holder = _running.get(owner)
            ended = holder == session and owner in _holders and not _holders[owner].is_alive()
            if holder is None or ended:
                _running[owner], _holders[owner] = session, threading.current_thread()
                break
        if holder != session or time.monotonic() > deadline:
            return False
        if waited is None:
            waited = st.empty()
        # written on each pass: a write is where Streamlit stops a run the next one has superseded,
        # which then ends here instead of sleeping out the handover
        waited.caption("Ending the previous run first…")
        time.sleep(0.05)
    if waited is not None:
        try:
            waited.empty()
        except BaseException:  # stopped here: the caller's ``finally`` that gives the slot back is not reached
            _give_back(owner, session)
            raise
    return True


def _give_back(owner: str, session: str) -> None:
    """Let go of ``owner``'s slot if ``session`` holds it."""
    with _running_lock:
        if _running.get(owner) == session:
            del _running[owner]
            _holders.pop(owner, None)


class StopButton:
    """A lab's Stop: live while its job runs, and greyed out ("Nothing is running") otherwise. Always
    live, a press with nothing running seemed to do nothing, or reran the page (the audit of every page).

    Drawn in a slot of its own, so the run that ran the job can grey it out once the job has ended
    (:meth:`idle`): the page's elements stay as that run left them until the next. The live button
    and the grey one have keys of their own (``key``, ``key + ".idle"``): Streamlit refuses a key
    drawn twice in one run.
    """

    def __init__(self, key: str, help: str, running: bool, on_click: Callable[[], None] | None = None):
        self.key, self.help, self.on_click = key, help, on_click
        self.slot = st.empty()
        if running:
            self.slot.button("Stop", key=key, help=help, on_click=on_click)
        else:
            self.idle()

    def idle(self) -> None:
        self.slot.button("Stop", key=f"{self.key}.idle", disabled=True, help="Nothing is running.")


def stopped_without_results(job: str, when: str, earlier: bool, ending: str | None = None) -> str:
    """What a lab says of a ``job`` ("search", "training") stopped ``when`` ("before it finished")
    with nothing kept, and whether the results shown below are the ``earlier`` job's: without it,
    they passed for the one asked for. ``ending`` opens the sentence in place of "The <job> was
    stopped" when the lab knows how it ended ("The search ended when you left the page")."""
    return ((f"{ending}, {when}" if ending else f"The {job} was stopped {when}") + ", so it has no results"
            + (f"; the results below are from the {job} before it." if earlier else "."))


def waiting_text(ahead: int) -> str:
    """What the bar says while a run waits for a worker: where it stands in the queue, which
    serves the visitor running fewest jobs first, and each visitor's runs in the order pressed
    (``engine.slot_queue``, :func:`job_party`)."""
    if ahead <= 0:
        return "Waiting for a free worker: yours is next"
    runs = "1 run is" if ahead == 1 else f"{ahead} runs are"
    return f"Waiting for a free worker: {runs} ahead of yours in the queue"


def run_with_progress(label: str, func: Callable[..., Any], *args: Any, progress: Progress | None = None,
                      progress_kw: str = "emit", error: str = "Cannot run this", **kwargs: Any) -> Any:
    """The job's result, or ``None`` after showing why it could not run (one sentence)."""
    owner, session = job_owner(), _session()
    if not _take_slot(owner):
        st.error(f"{error}: you already have a run going (in another tab); stop it or let it finish first.")
        return None
    try:
        return _run(label, func, *args, progress=progress, progress_kw=progress_kw, error=error, party=job_party(),
                    **kwargs)
    finally:
        _give_back(owner, session)


def _run(label: str, func: Callable[..., Any], *args: Any, progress: Progress | None, progress_kw: str,
         error: str, party: str, **kwargs: Any) -> Any:
    bar = st.progress(0.0, text=label)
    mark = st.empty()  # below the screen (a phone, a long page), the bar is brought up
    with mark:
        reveal("jobs.progress_shown")
    started = time.monotonic()
    shown = {"fraction": 0.0, "text": label}

    def tick(event: Any) -> None:
        if isinstance(event, dict) and "waiting" in event:
            shown["text"] = waiting_text(event.get("ahead", 0))
        elif isinstance(event, dict) and "starting" in event:
            shown["text"] = "Starting a worker (the first one loads scikit-learn and torch)"
        elif event is not None and progress is not None:
            update = progress(event)
            if update is not None:
                shown["fraction"], shown["text"] = min(max(update[0], 0.0), 1.0), update[1]
        bar.progress(shown["fraction"], text=f"{shown['text']} · {time.monotonic() - started:.0f} s")

    try:
        return run_job(func, *args, on_event=tick, progress_kw=progress_kw, party=party, **kwargs)
    except ValueError as exc:
        st.error(f"{error}: {reason(exc)}")
    except WorkerFailed as exc:
        _LOG.error("job %s failed: %s", getattr(func, "__name__", func), exc)
        if isinstance(exc, WorkerDidNotStart):  # nothing ran: smaller settings would not help
            st.error(f"{error}: the server could not start a worker. Try again in a moment; if it keeps "
                     "happening, the server's log says why. The rest of the page still works.")
        else:
            st.error(f"{error}: the computation failed unexpectedly. Try smaller settings; the rest of the page "
                     "still works.")
    finally:
        bar.empty()
        mark.empty()
    return None
