"""Functions a test runs in a worker process (importable by reference, as engine.jobs needs)."""

from __future__ import annotations

import os
import time


def add(a, b, emit):
    for i in range(3):
        emit("step", i)
    return a + b


def refuse(emit):
    raise ValueError("the learning rate must be > 0, got -1")


def crash(emit):
    raise KeyError("boom")


def die(emit):
    os._exit(3)


def spin(seconds, emit):
    """Keep one core busy, reporting now and then, like a search's evaluations."""
    end = time.monotonic() + seconds
    n = 0
    while time.monotonic() < end:
        n += 1
        if n % 2_000_000 == 0:
            emit("working", n)
    return n


def report_pid(seconds, emit):
    emit("pid", os.getpid())
    return spin(seconds, emit)


def stuck_in_c(emit):
    """Burn CPU inside one C call that never returns to Python (a regular expression's
    catastrophic backtracking), as a libsvm fit with a huge C does."""
    import re

    emit("started", os.getpid())
    return bool(re.match(r"(a+)+$", "a" * 64 + "b"))
