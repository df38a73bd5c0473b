"""Clocks inside a Streamlit server, for ``benchmarks/bench_action_phases.py``. Not part of the app.

With this folder first on ``PYTHONPATH`` and ``TUNELAB_PHASE_LOG`` naming a file, every Python
process started then (the benchmark's ``streamlit run`` server) writes one line per event of a
script run to that file: a message from the browser arriving (``backmsg``), the script's code
starting and ending (``exec_start``, ``exec_end``; the widget callbacks, ``callbacks``, run inside
it) and the run reported finished (``finished``), in milliseconds of ``time.perf_counter``.

With ``TUNELAB_PHASE_PROFILE`` naming a file too, it writes a cProfile of the scripts' code
there (callbacks included; ``python -m pstats`` reads it), begun again after the benchmark's warm-up.

It also numbers TuneLab's browser sessions 1, 2, 3, ... (``ui.state.init_state``'s id, from which
Practice builds its queue and draws its variants, is random otherwise): each run of the benchmark
then answers the same questions, and two runs differ by the code and the machine only.
"""

from __future__ import annotations

import itertools
import os
import sys
import time
import uuid


def _install(path: str) -> None:
    from streamlit.runtime import app_session
    from streamlit.runtime.scriptrunner import script_runner
    from streamlit.runtime.state import safe_session_state

    log = open(path, "a", buffering=1)  # noqa: SIM115 - open for the server's life

    def write(event: str, value: float) -> None:
        log.write(f"{event} {value:.3f}\n")

    run_code = script_runner.exec_func_with_error_handling

    def timed_code(func, ctx):
        write("exec_start", time.perf_counter() * 1000)
        try:
            return run_code(func, ctx)
        finally:
            write("exec_end", time.perf_counter() * 1000)

    script_runner.exec_func_with_error_handling = timed_code
    callbacks = safe_session_state.SafeSessionState.on_script_will_rerun

    def timed_callbacks(self, *args, **kwargs):
        t0 = time.perf_counter()
        try:
            return callbacks(self, *args, **kwargs)
        finally:
            write("callbacks", (time.perf_counter() - t0) * 1000)

    safe_session_state.SafeSessionState.on_script_will_rerun = timed_callbacks
    handle = app_session.AppSession.handle_backmsg

    def timed_handle(self, msg):
        write("backmsg", time.perf_counter() * 1000)
        return handle(self, msg)

    app_session.AppSession.handle_backmsg = timed_handle
    finished = script_runner.ScriptRunner._on_script_finished

    def timed_finished(self, *args, **kwargs):
        write("finished", time.perf_counter() * 1000)
        return finished(self, *args, **kwargs)

    script_runner.ScriptRunner._on_script_finished = timed_finished


def _number_sessions() -> None:
    random_id, numbers = uuid.uuid4, itertools.count(1)

    def session_id() -> uuid.UUID:
        # ui.state's call only: Streamlit's own ids (its sessions, its messages) stay random
        if sys._getframe(1).f_globals.get("__name__") == "ui.state":
            return uuid.UUID(int=next(numbers))
        return random_id()

    uuid.uuid4 = session_id


def _profile(path: str, log: str) -> None:
    """cProfile over the scripts' code alone (callbacks included), written to ``path`` after each
    run (the benchmark stops its server with a signal, before any exit hook). The profile starts
    again when the benchmark empties the phase log ``log`` after its warm-up."""
    import cProfile

    from streamlit.runtime.scriptrunner import script_runner

    run_code = script_runner.exec_func_with_error_handling
    held = {"profile": cProfile.Profile(), "log size": 0}

    def profiled_code(func, ctx):
        size = os.path.getsize(log) if os.path.exists(log) else 0
        if size < held["log size"]:
            held["profile"] = cProfile.Profile()
        held["log size"] = size
        profile = held["profile"]
        profile.enable()
        try:
            return run_code(func, ctx)
        finally:
            profile.disable()
            profile.dump_stats(path)

    script_runner.exec_func_with_error_handling = profiled_code


if os.environ.get("TUNELAB_PHASE_LOG"):
    if os.environ.get("TUNELAB_PHASE_PROFILE"):
        _profile(os.environ["TUNELAB_PHASE_PROFILE"], os.environ["TUNELAB_PHASE_LOG"])
    _install(os.environ["TUNELAB_PHASE_LOG"])
    _number_sessions()
