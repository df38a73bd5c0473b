"""The server's own log lines: when, how grave, from where, and shown from INFO up.

TuneLab's loggers (``tunelab``, and ``engine.*`` / ``ui.*`` by module) had no handler of their own,
so Python's last resort printed their warnings bare ("TUNELAB_INTERVIEW_DAYS='abc' is not ...",
no time, no level) and dropped everything below: the lines that tell an operator a setting took
effect ("sign-in on, 3 interviewer entries", the database, the banks loaded) were never seen (the
operator's walk). :func:`configure` gives them one handler on standard error in Streamlit's own
layout. Records still reach the root logger too, where a test's capture or an operator's own
configuration may listen.
"""

from __future__ import annotations

import logging
import sys
import threading

#: the loggers TuneLab writes to
LOGGERS = ("tunelab", "engine", "ui")
#: as Streamlit's own lines read: "2026-12-07 13:05:01.123 INFO tunelab: sign-in on, ..."
FORMAT = "%(asctime)s.%(msecs)03d %(levelname)s %(name)s: %(message)s"
DATE_FORMAT = "%Y-%m-%d %H:%M:%S"
#: marks the handler this module added, so a second call (every script run calls it) adds none
_MARK = "_tunelab_server_log"


class _StandardError(logging.StreamHandler):
    """Writes to whatever ``sys.stderr`` is when a line is written (as Python's last resort does), not to
    the one it was when the handler was made: a stream replaced since (a test's capture) may be closed."""

    def __init__(self) -> None:
        super().__init__(sys.stderr)

    @property
    def stream(self):  # type: ignore[override]
        return sys.stderr

    @stream.setter
    def stream(self, value) -> None:
        pass


def configure(level: int = logging.INFO) -> None:
    """Give TuneLab's loggers a handler on standard error at ``level`` (once per process)."""
    for name in LOGGERS:
        logger = logging.getLogger(name)
        if logger.level == logging.NOTSET or logger.level > level:  # each time: something may have reset it
            logger.setLevel(level)
        if not any(getattr(h, _MARK, False) for h in logger.handlers):
            handler = _StandardError()
            handler.setFormatter(logging.Formatter(FORMAT, DATE_FORMAT))
            setattr(handler, _MARK, True)
            logger.addHandler(handler)


def shutting_down() -> bool:
    """Whether this process is exiting: its main thread has ended (a stopped server) or the
    interpreter is finalising. A background helper's failure then is the exit's doing, not a fault,
    and is not logged: stopped in its first half minute, a server logged "the worker stopped
    unexpectedly (exit code 255)" and "can't register atexit after shutdown" (the operator's walk)."""
    return sys.is_finalizing() or not threading.main_thread().is_alive()
