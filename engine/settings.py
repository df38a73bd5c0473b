"""Where TuneLab keeps its content and its data, from environment variables.

===========================  ==========================================  ==============================
variable                     meaning                                     default
===========================  ==========================================  ==============================
``TUNELAB_CONTENT_DIR``      folder of question-bank YAML files          ``<project>/content``
``TUNELAB_DATA_DIR``         folder for the SQLite database              ``<project>/data``
``TUNELAB_DATABASE_URL``     any SQLAlchemy URL (overrides the folder)   ``sqlite:///<data>/tunelab.db``
``TUNELAB_INTERVIEW_DAYS``   days a candidate link stays open            ``14``
``TUNELAB_PRIVATE_DIR``      folder of interview-only banks              none
``TUNELAB_BASE_URL``         the app's public address, for full links    the request's host
``TUNELAB_MAX_WORKERS``      lab jobs running at once per server         the number of cores
``TUNELAB_RUN_CPU_SECONDS``  most CPU-seconds one run may ask for: the   each ceiling's own: search
                             ``search`` and ``training`` ceilings of     240, training 120
                             :mod:`engine.limits`, both
``TUNELAB_WARM_FIGURES``     ``0``: make a figure's run when a page      ``1``: make them all in the
                             first needs it, not ahead                   background at start
===========================  ==========================================  ==============================

The number settings (``TUNELAB_INTERVIEW_DAYS``, ``TUNELAB_MAX_WORKERS``,
``TUNELAB_RUN_CPU_SECONDS``) are read by :func:`positive_int` (or :func:`optional_positive_int`,
for one with no single default): a value that is not a positive whole number falls back to the
default, and the ``tunelab`` logger says so in one warning, rather than a page failing or a typo
passing unnoticed. ``TUNELAB_MAX_WORKERS`` and ``TUNELAB_RUN_CPU_SECONDS`` are read once, when
the server starts: a new value takes a restart.

Banks in ``TUNELAB_PRIVATE_DIR`` (and banks that say ``private: true``) are served only inside
mock interviews.
"""

from __future__ import annotations

import logging
import os
import sys
import threading
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]

_LOG = logging.getLogger("tunelab")
#: (variable, value) pairs already warned about: interview_days() is read on every page run,
#: and one bad value should be one line in the server's log, not one per visit
_warned: set[tuple[str, str]] = set()
_warned_lock = threading.Lock()


def positive_int(variable: str, default: int) -> int:
    """The environment variable ``variable`` as a positive whole number, else ``default``.

    Unset or blank gives ``default`` silently. Anything else that is not a whole number of at
    least 1 (``"two"``, ``"0"``, ``"2.5"``) also gives ``default``, and logs one warning on the
    ``tunelab`` logger naming the variable, the value and the default used (once per value
    and process).

    Parameters
    ----------
    variable : str
        The variable's name, e.g. ``"TUNELAB_MAX_WORKERS"``.
    default : int
        What an unset or unusable value stands for.

    Returns
    -------
    int
        The value, at least 1, or ``default``.
    """
    value = optional_positive_int(variable, f"the default, {default}")
    return default if value is None else value


def optional_positive_int(variable: str, fallback: str) -> int | None:
    """The environment variable ``variable`` as a positive whole number, else ``None``.

    As :func:`positive_int`, for a setting whose default is not one number but "leave things
    as they are" (``TUNELAB_RUN_CPU_SECONDS``: each ceiling keeps its own): ``None`` stands for
    unset, blank or unusable, and an unusable value is logged once with ``fallback``.

    Parameters
    ----------
    variable : str
        The variable's name.
    fallback : str
        What the warning says is used instead, after "using" (``"the default, 14"``).

    Returns
    -------
    int or None
        The value, at least 1, or ``None``.
    """
    raw = os.environ.get(variable)
    if raw is None or not raw.strip():
        return None
    try:
        value = int(raw.strip())
    except ValueError:
        value = 0
    if value >= 1:
        return value
    _warn_once(variable, raw, f"is not a positive whole number; using {fallback}.")
    return None


def in_worker() -> bool:
    """Whether this process is a lab worker or their forkserver (:mod:`engine.worker_process`)."""
    return "engine.worker_process" in sys.modules


def _warn_once(variable: str, raw: str, problem: str) -> None:
    """Log ``variable=raw`` and what is wrong with it, once per value, in the app's process (a worker
    reads the same settings: said there too, every warning came twice)."""
    if in_worker():
        return
    with _warned_lock:
        first = (variable, raw) not in _warned
        _warned.add((variable, raw))
    if first:
        _LOG.warning("%s=%r %s", variable, raw, problem)


def default_content_dir() -> Path:
    return Path(os.environ.get("TUNELAB_CONTENT_DIR") or PROJECT_ROOT / "content")


def private_content_dirs() -> list[Path]:
    """Folders of interview-only banks (none unless ``TUNELAB_PRIVATE_DIR`` is set)."""
    folder = os.environ.get("TUNELAB_PRIVATE_DIR")
    return [Path(folder)] if folder else []


def base_url() -> str | None:
    """The app's public address (``https://tunelab.example.org``) that interview links start
    with, when set; otherwise a page builds links from the request's own host."""
    url = (os.environ.get("TUNELAB_BASE_URL") or "").strip().rstrip("/")
    return url or None


def data_dir() -> Path:
    return Path(os.environ.get("TUNELAB_DATA_DIR") or PROJECT_ROOT / "data")


def database_url() -> str:
    """The SQLAlchemy URL of the progress database."""
    url = os.environ.get("TUNELAB_DATABASE_URL")
    if url:
        return url
    return f"sqlite:///{data_dir() / 'tunelab.db'}"


def interview_days() -> int:
    """Days a candidate link stays open after the interview is created (at least 1)."""
    return positive_int("TUNELAB_INTERVIEW_DAYS", 14)


def max_workers() -> int:
    """Lab jobs that run at once per server process (:data:`engine.jobs.MAX_WORKERS`); by
    default one per core."""
    return positive_int("TUNELAB_MAX_WORKERS", os.cpu_count() or 1)


def run_cpu_seconds() -> int | None:
    """The most CPU-seconds one lab run may ask for, when the operator sets it; else ``None``.

    ``TUNELAB_RUN_CPU_SECONDS`` replaces the ``search`` and ``training`` ceilings of
    :mod:`engine.limits` (which reads it once, at import); unset (or unusable, with a warning)
    each keeps its own default.
    """
    return optional_positive_int("TUNELAB_RUN_CPU_SECONDS", "each ceiling's own default (engine/limits.py)")


def warm_figures() -> bool:
    """Whether the server makes every question figure's run in the background when it starts
    (``ui.warm.warm_figures``). ``TUNELAB_WARM_FIGURES=0`` turns it off (the test suite does:
    its many short-lived servers would each spend seconds of CPU on it); any value other than
    ``0`` or ``1`` keeps the default, on, with one warning."""
    raw = (os.environ.get("TUNELAB_WARM_FIGURES") or "").strip()
    if raw in ("", "1"):
        return True
    if raw == "0":
        return False
    _warn_once("TUNELAB_WARM_FIGURES", raw, "is neither 0 nor 1; using the default, 1.")
    return True
