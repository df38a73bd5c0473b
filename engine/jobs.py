"""Long work in a worker process, so that Stop, a closed tab or a rerun really ends it.

A scikit-learn fit cannot be interrupted from outside its thread, so a search, a CV experiment
or a training run that a visitor starts runs in a child process. The caller waits in
:func:`run_job`, which relays the worker's progress events to ``on_event`` and calls it with
``None`` at least every ``poll`` seconds (a heartbeat). Whatever ends that wait (the result, an
error, ``should_stop()``, the wall-clock ceiling, or an exception raised by ``on_event`` itself,
such as Streamlit's ``StopException`` when the visitor presses Stop or closes the tab) the worker
is terminated before :func:`run_job` returns: no thread or process keeps computing for a request
nobody is waiting for.

Workers are forked from a *forkserver* that has already imported numpy, scikit-learn and torch,
so a job starts in milliseconds without paying for imports, and never inherits the threads of
the process that asked for it (forking a threaded server is unsafe). At most ``MAX_WORKERS``
lab jobs run at once per server, and one question job beside them (:data:`LANES`); a request
beyond that waits in its lane's queue (:mod:`engine.slot_queue`), heartbeating with how many
wait ahead of it. The queue is fair between parties: a freed slot goes to the party (the caller's
``party``, one visitor) holding fewest, so one visitor's many requests cannot keep another's
waiting behind all of them; one party's requests are served in the order they were made.

The function a worker runs is given ``emit`` (a callable sending one picklable event to the
caller) as a keyword argument. A ``ValueError`` it raises reaches the caller as a
``ValueError`` with the same message; any other failure as :class:`WorkerFailed`.
"""

from __future__ import annotations

import contextlib
import logging
import math
import multiprocessing as mp
import signal
import threading
import time
import traceback
from collections.abc import Callable, Iterator
from typing import Any

from engine.limits import CEILINGS
from engine.settings import max_workers
from engine.slot_queue import SlotQueue

_LOG = logging.getLogger(__name__)

#: jobs running at once per server process; more wait for a slot (the machines have 2 cores).
#: ``TUNELAB_MAX_WORKERS``, read through engine.settings: every page imports this module, so a
#: bad value must be a logged warning and the default, not an error at import.
MAX_WORKERS = max_workers()
#: seconds of wall clock per CPU-second of the largest CPU ceiling: 600 s for the default 240.
#: The wall clock is a backstop behind the kernel's CPU allowance (a job stalled off the CPU, or
#: starved of it), so it follows the ceilings that ``TUNELAB_RUN_CPU_SECONDS`` sets rather than
#: staying at 600 s: raised on a big machine, a fixed 600 s would stop runs the ceiling allows;
#: lowered for a class, it would let a stalled run hold one of the few worker slots for ten
#: minutes when no admissible run needs more than a fraction of that. 2.5 stops a job only if
#: it got under 40% of a core on average; with 2 lab workers and a question's worker on 2
#: cores each gets about two thirds.
WALL_PER_CPU_SECOND = 2.5
#: ... and at least this: a job's wall time also holds costs that do not shrink with its ceiling
#: (reading a dataset from disk, sending the result back, a burst of page runs on a busy server)
JOB_SECONDS_FLOOR = 60.0
#: wall-clock ceiling of one job (600 s by default; 75 s with TUNELAB_RUN_CPU_SECONDS=30)
JOB_SECONDS = max(JOB_SECONDS_FLOOR,
                  WALL_PER_CPU_SECOND * max(c.limit for c in CEILINGS.values() if c.unit == "CPU-seconds"))
#: how long a worker is given to exit after SIGTERM before SIGKILL
_TERM_GRACE = 0.5

#: imported once in the forkserver, so every worker starts with them loaded
PRELOAD = [
    "engine.worker_process",  # first: the modules after it know they are in a worker (no second warnings)
    "numpy",
    "sklearn.model_selection",
    "sklearn.svm",
    "sklearn.ensemble",
    "sklearn.linear_model",
    "sklearn.neural_network",
    "sklearn.datasets",
    "sklearn.pipeline",
    "sklearn.preprocessing",
    "torch",
    "torch._dynamo",  # torch.optim imports it on an optimiser's first use: seconds in every worker otherwise
    "engine.jobs",
    "engine.search.runner",
    "engine.search.objectives",
    "engine.optim.training",
]

#: queues of workers. "lab": a visitor's search, training run or experiment, at most MAX_WORKERS at
#: once. "question": a question's own figure or "Run it" (priced under the ``simulation`` ceiling,
#: seconds), one at a time in a slot of its own, so a learner's practice never waits behind a
#: class's lab runs (measured: a plot question's figure took 116 s behind eight searches, 15 s
#: on an idle server). On 2 cores the question's worker shares the CPU instead of queueing.
#: "background": work the server does ahead for everyone (the figures' runs at start,
#: ui.warm.warm_figures), one at a time, in neither queue a visitor waits in.
LANES = {"lab": MAX_WORKERS, "question": 1, "background": 1}
_lane_slots = {lane: SlotQueue(n) for lane, n in LANES.items()}
#: who is asking, for a job whose caller names no party (see :func:`name_parties`)
_party_of_caller: Callable[[], str] | None = None


def name_parties(source: Callable[[], str] | None) -> None:
    """Name the party of every job whose caller gives none with ``source()`` (called in the
    caller's thread; None: one party for them all, first come, first served).

    A question's figure is computed deep inside drawing the question, far from anyone who knows
    the visitor: the app names the visitor here, once per process, and the one worker for
    questions is then shared fairly too (a visitor cycling a generated question's seeds in many
    tabs kept everyone else's figures waiting behind all of theirs)."""
    global _party_of_caller
    _party_of_caller = source


def _caller_party() -> str:
    if _party_of_caller is None:
        return ""
    try:
        return str(_party_of_caller() or "")
    except Exception:  # a job must not fail over whom it counts against
        _LOG.exception("could not name the party of a job; it joins the shared one")
        return ""


_ctx_lock = threading.Lock()
_ctx: Any = None
#: pids of live workers, so tests and the server can see that a cancelled job left nothing
_live: set[int] = set()


class WorkerFailed(RuntimeError):
    """The worker raised something other than a ``ValueError``, or died (e.g. out of memory)."""


class WorkerDidNotStart(WorkerFailed):
    """No worker could be started for the job (its arguments could not be sent, or the system
    refused a process): nothing of the job ran, and smaller settings would not help."""


class JobStopped(Exception):
    """``should_stop()`` asked the job to end; the worker has been terminated."""


def _context() -> Any:
    global _ctx
    with _ctx_lock:
        if _ctx is None:
            ctx = mp.get_context("forkserver")
            ctx.set_forkserver_preload(PRELOAD)
            _ctx = ctx
        return _ctx


_main_lock = threading.Lock()


@contextlib.contextmanager
def _plain_main() -> Iterator[None]:
    """Hide ``__main__`` while a process is launched.

    multiprocessing re-imports the parent's ``__main__`` in every child it starts by spawn or
    forkserver. Under Streamlit, ``__main__`` is the app script itself (Streamlit installs it
    there to run it), so a worker would run the whole app. A bare module without a file or
    spec tells multiprocessing there is nothing to re-import.

    Streamlit installs its ``__main__`` again at the start of every script run, so another
    session's run can undo this between the swap and the launch; ``app.py`` therefore draws
    nothing when it is imported as ``__mp_main__`` (the name a child gives its parent's main).
    """
    import sys
    import types

    with _main_lock:
        saved = sys.modules.get("__main__")
        bare = types.ModuleType("__main__")
        bare.__spec__ = None
        sys.modules["__main__"] = bare
        try:
            yield
        finally:
            if sys.modules.get("__main__") is bare:
                sys.modules["__main__"] = saved


def warm_up() -> None:
    """Start the forkserver now (it imports the preload list in its own process)."""
    from multiprocessing import forkserver

    _context()
    with _plain_main():
        forkserver.ensure_running()


def live_workers() -> set[int]:
    """Pids of workers started by this process that are still running."""
    return set(_live)


def run_job(
    func: Callable[..., Any],
    *args: Any,
    on_event: Callable[[Any], None] | None = None,
    should_stop: Callable[[], bool] | None = None,
    poll: float = 0.2,
    timeout: float = JOB_SECONDS,
    progress_kw: str = "emit",
    lane: str = "lab",
    cpu_seconds: float | None = None,
    party: str | None = None,
    **kwargs: Any,
) -> Any:
    """Run ``func(*args, <progress_kw>=emit, **kwargs)`` in a worker process; return its result.

    ``emit(*values)`` in the worker becomes ``on_event(values)`` in the caller (a tuple, or the
    single value when called with one argument): ``progress_kw="on_progress"`` suits engine
    functions that report ``on_progress(fraction, message)``.

    Parameters
    ----------
    func
        A module-level function (it is pickled by reference).
    on_event
        Called in the caller's thread with each event the worker emits, and with ``None`` at
        least every ``poll`` seconds; while the job waits for a slot, instead with
        ``{"waiting": seconds, "ahead": n}`` (``n`` jobs wait ahead of it in its lane's queue).
        An exception it raises ends the job.
    should_stop
        Polled as often; when it returns True the worker is terminated and :class:`JobStopped`
        is raised.
    timeout
        Wall-clock seconds after which the worker is terminated and a ``ValueError`` raised.
    lane
        Which queue of workers the job waits in (:data:`LANES`): ``"lab"``, ``"question"``
        for a question's own short computation, or ``"background"`` for work made ahead.
    cpu_seconds
        The job's CPU allowance (all its threads; :func:`engine.limits.allowance`). The kernel
        holds the worker to it (``RLIMIT_CPU``): past it the job ends with a ``ValueError``
        saying so, and a worker stuck in C code past a few seconds more is killed.
    party
        Whom the job counts against in its lane's queue (:meth:`engine.slot_queue.SlotQueue.join`):
        a freed worker goes to the party running fewest jobs. None, the default: the party
        :func:`name_parties` names for the calling thread, else ``""``, one party for all callers
        that name none (first come, first served among them).

    Raises
    ------
    ValueError
        The worker's own ``ValueError`` (bad input found late), or the job ran out of time.
    WorkerFailed
        Any other failure in the worker, or its death.
    JobStopped
        ``should_stop()`` returned True.
    """
    tick = on_event or (lambda _event: None)
    if lane not in LANES:
        raise ValueError(f"unknown lane '{lane}'; use {', '.join(LANES)}")
    with _slot(tick, should_stop, poll, _lane_slots[lane], _caller_party() if party is None else party):
        ctx = _context()
        receive, send = ctx.Pipe(duplex=False)
        proc = ctx.Process(target=_worker_main, args=(send, func, args, kwargs, progress_kw, cpu_seconds),
                           daemon=True)
        # The very first start waits for the forkserver to import scikit-learn and torch (seconds):
        # start in a thread and keep ticking, so the caller can still be stopped meanwhile.
        failure: list[BaseException] = []
        starter = threading.Thread(target=_start, args=(proc, failure), daemon=True)
        starter.start()
        try:
            while starter.is_alive():
                starter.join(poll)
                if starter.is_alive():
                    tick({"starting": True})
                    if should_stop is not None and should_stop():
                        raise JobStopped("stopped before it started")
            if failure:
                raise WorkerDidNotStart(f"the worker could not start: {failure[0]}")
            send.close()  # the worker holds the only writing end: EOF means it is gone
            return _wait(proc, receive, tick, should_stop, poll, timeout, cpu_seconds)
        finally:
            starter.join()
            if proc.pid is not None:
                _end(proc)
            receive.close()


@contextlib.contextmanager
def _slot(tick: Callable[[Any], None], should_stop: Callable[[], bool] | None, poll: float,
          slots: SlotQueue, party: str) -> Iterator[None]:
    ticket = slots.join(party)
    try:
        waiting_since = time.monotonic()
        while not slots.wait(ticket, poll):
            tick({"waiting": round(time.monotonic() - waiting_since, 1), "ahead": slots.ahead(ticket)})
            if should_stop is not None and should_stop():
                raise JobStopped("stopped before it started")
        yield
    finally:
        slots.leave(ticket)  # its slot, or its place when it stopped waiting


def _start(proc: Any, failure: list[BaseException]) -> None:
    try:
        with _plain_main():
            proc.start()
        _live.add(proc.pid)
    except BaseException as exc:  # noqa: BLE001 - reported by run_job in the caller's thread
        failure.append(exc)


def _wait(proc: Any, receive: Any, tick: Callable[[Any], None], should_stop: Callable[[], bool] | None,
          poll: float, timeout: float, cpu_seconds: float | None = None) -> Any:
    deadline = time.monotonic() + timeout
    while True:
        if receive.poll(poll):
            try:
                kind, payload = receive.recv()
            except EOFError:
                proc.join(1.0)
                if cpu_seconds is not None and proc.exitcode in (-signal.SIGXCPU, -signal.SIGKILL):
                    # the kernel's hard CPU limit (or, rarely, the out-of-memory killer)
                    raise ValueError(over_allowance(cpu_seconds)) from None
                raise WorkerFailed(_death(proc.exitcode)) from None
            if kind == "event":
                tick(payload)
            elif kind == "result":
                return payload
            elif kind == "value_error":
                raise ValueError(payload)
            else:
                raise WorkerFailed(payload)
        else:
            tick(None)
        if should_stop is not None and should_stop():
            raise JobStopped("stopped")
        if time.monotonic() > deadline:
            raise ValueError(f"the job ran for more than {timeout:.0f} s and was stopped; ask for less work")


def over_allowance(cpu_seconds: float) -> str:
    """The sentence for a job stopped at its CPU allowance."""
    return (f"it used its allowance of {cpu_seconds:,.0f} CPU-seconds, far more than estimated, and was stopped "
            "(a corner of the space can cost many times the average the estimate rests on)")


class _OverAllowance(BaseException):
    """Raised in the worker by SIGXCPU: the job reached its CPU allowance. A BaseException, so
    no ``except Exception`` in the job's own code swallows it."""


def _limit_cpu(cpu_seconds: float) -> None:
    """Hold this worker to ``cpu_seconds`` of CPU: SIGXCPU at the allowance (raised here as
    :class:`_OverAllowance` at the next Python instruction), SIGKILL a few seconds later if C
    code never returns to Python."""
    import resource

    used = sum(resource.getrusage(resource.RUSAGE_SELF)[:2])  # the fork's own start-up
    soft = max(1, math.ceil(used + cpu_seconds))

    def over(_signum, _frame):
        raise _OverAllowance()

    signal.signal(signal.SIGXCPU, over)
    resource.setrlimit(resource.RLIMIT_CPU, (soft, soft + CPU_GRACE))


#: CPU-seconds a worker past its allowance has to get back to Python before it is killed
CPU_GRACE = 5


def _death(exitcode: int | None) -> str:
    if exitcode is not None and exitcode < 0:
        return f"the worker was killed by signal {-exitcode} (out of memory?)"
    return f"the worker stopped unexpectedly (exit code {exitcode})"


def _end(proc: Any) -> None:
    """Terminate the worker if it still runs, and reap it."""
    try:
        if proc.is_alive():
            proc.terminate()
            proc.join(_TERM_GRACE)
            if proc.is_alive():
                proc.kill()
        proc.join()
    finally:
        _live.discard(proc.pid)
        with contextlib.suppress(Exception):
            proc.close()


def _worker_main(send: Any, func: Callable[..., Any], args: tuple, kwargs: dict, progress_kw: str,
                 cpu_seconds: float | None = None) -> None:
    """Body of the worker process: run, then send one result (or error) message."""
    def emit(*values: Any) -> None:
        send.send(("event", values[0] if len(values) == 1 else values))

    try:
        if cpu_seconds is not None:
            _limit_cpu(cpu_seconds)
        result = func(*args, **{progress_kw: emit}, **kwargs)
    except _OverAllowance:
        send.send(("value_error", over_allowance(cpu_seconds or 0)))
    except ValueError as exc:
        send.send(("value_error", str(exc)))
    except BaseException as exc:  # noqa: BLE001 - everything is reported to the caller, once
        _LOG.error("worker failed:\n%s", traceback.format_exc())
        send.send(("failed", f"{type(exc).__name__}: {exc}"[:500]))
    else:
        send.send(("result", result))
    finally:
        send.close()
