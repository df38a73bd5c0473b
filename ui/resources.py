"""Process-wide engine resources, cached once per Streamlit server.

The question library and the store are read-mostly and thread-safe, so they are shared by
every browser session (``st.cache_resource``). Tests and the CLI build them directly.
"""

from __future__ import annotations

import logging
from pathlib import Path

import streamlit as st

from engine.content.loader import Library, load_library
from engine.settings import database_url, default_content_dir, private_content_dirs
from engine.store import Store, shown_url


_LOG = logging.getLogger("tunelab")


@st.cache_resource(show_spinner=False)
def _library(content_dir: str, private_dirs: tuple[str, ...]) -> Library:
    try:
        library = load_library([content_dir], [d for d in private_dirs if Path(d).exists()])
    except FileNotFoundError:
        library = Library()
    # once per process (the cache): what an operator reads to know the folders took effect
    for problem in _folder_problems(content_dir, private_dirs):
        _LOG.error("%s", problem)
    for error in library.errors:
        _LOG.warning("bank file not loaded: %s", error)
    private = [lb for lb in library.banks if lb.private]
    _LOG.info("question banks: %d public from %s%s", len(library.public_banks), content_dir,
              f"; {len(private)} interview-only" if private_dirs or private else "")
    return library


def folder_problems() -> list[str]:
    """The banks' folders the settings name that do not exist, a sentence each for the server's log
    and its interviewers: a misspelt folder served no question, or no private bank, and said nothing
    anywhere (the operator's walk). Looked at once, as the library is loaded from them."""
    return _folder_problems(str(default_content_dir()), tuple(str(p) for p in private_content_dirs()))


@st.cache_resource(show_spinner=False)
def _folder_problems(content_dir: str, private_dirs: tuple[str, ...]) -> list[str]:
    problems = []
    if not Path(content_dir).is_dir():
        problems.append(f"the question banks' folder {content_dir} does not exist (TUNELAB_CONTENT_DIR), so no "
                        "question is served")
    problems += [f"the interview-only banks' folder {folder} does not exist (TUNELAB_PRIVATE_DIR), so no private "
                 "bank is served" for folder in private_dirs if not Path(folder).is_dir()]
    return problems


def get_library() -> Library:
    """Every valid bank in the content folder and the private folder (and the errors of the
    broken ones); private banks are served only inside interviews (see ``Library``)."""
    return _library(str(default_content_dir()), tuple(str(p) for p in private_content_dirs()))


@st.cache_resource(show_spinner=False)
def _store(url: str) -> Store:
    store = Store(url)
    _LOG.info("database: %s", shown_url(url))  # which one took effect
    return store


def get_store() -> Store:
    """The progress database configured by ``TUNELAB_DATABASE_URL`` / ``TUNELAB_DATA_DIR``."""
    return _store(database_url())


#: services kept in the progress database: name -> (module, class), imported on first use
#: so a page that never needs one does not pay for its import
_SERVICES = {
    "reviews": ("engine.review", "Reviews"),
    "runs": ("engine.runs", "RunLog"),
    "interviews": ("engine.interviews", "Interviews"),
}


@st.cache_resource(show_spinner=False)
def _service(name: str, url: str):
    import importlib

    module, cls = _SERVICES[name]
    return getattr(importlib.import_module(module), cls)(_store(url))


def get_reviews():
    """FSRS review cards, in the progress database."""
    return _service("reviews", database_url())


def log_run(kind: str, title: str, config, results, seed: int | None = None, once: bool = False) -> bool:
    """Keep a lab run in the run history; whether it is kept. ``once``: skip if this session just
    logged the same run (labs that redraw on every widget change, and a job a double click's second
    press ran again), or if the learner's latest run is the same one (another tab, or the same link
    opened again: :meth:`engine.runs.RunLog.record`). A storage failure never breaks the lab: a
    toast says it, with its cause, and the server's log has it."""
    from engine.runs import fingerprint
    from ui.identity import current_learner

    fp = fingerprint(kind, config, seed)
    last = st.session_state.setdefault("runlog.last", {})  # per kind: this session's last run logged
    if once and last.get(kind) == fp:
        return True
    learner = current_learner()
    try:
        get_run_log().record(learner, kind, title, config, results, seed, once=once)
        # a dict held in the session, updated with no session-state access after the row is written:
        # a run stopped there for a double click's second press must not leave the row unmarked,
        # or that press, running the same job again, logs it twice
        last[kind] = fp
    except Exception as exc:  # history is a convenience; the lab result is already on screen
        from ui.storage_errors import STORAGE_ERRORS, storage_reason

        why = f" ({storage_reason(exc)})" if isinstance(exc, STORAGE_ERRORS) else ""
        st.toast(f"This run could not be added to the run history{why}.")
        return False
    return True


def get_run_log():
    """Every learner's lab runs, in the progress database."""
    return _service("runs", database_url())


def get_interviews():
    """Mock interviews, in the progress database."""
    return _service("interviews", database_url())


def link_kind(token: str | None) -> str | None:
    """Whose interview link ``token`` is: ``"interviewer"``, ``"candidate"`` (open, finished
    or expired), ``"unreachable"`` (a database that cannot answer just now: it could be either), or
    None (no token, or an unknown one).

    One or two indexed look-ups, on runs whose URL carries ``?t=`` only.
    """
    from engine.interviews import AccessDenied, LinkClosed
    from ui.storage_errors import STORAGE_ERRORS

    if not token:
        return None
    try:
        interviews = get_interviews()
    except (*STORAGE_ERRORS, ValueError):  # a store that cannot open: app.py says so, once
        return "unreachable"
    try:
        interviews.as_interviewer(token)
        return "interviewer"
    except AccessDenied:
        pass
    except STORAGE_ERRORS:
        return "unreachable"
    try:
        interviews.as_candidate(token)
    except LinkClosed:
        pass
    except AccessDenied:
        return None
    except STORAGE_ERRORS:
        return "unreachable"
    return "candidate"


@st.cache_resource(show_spinner=False)
def warm_workers() -> bool:
    """Start the worker forkserver in the background, once per server, so the first search or
    training run does not wait for it to import scikit-learn and torch."""
    import threading

    from engine.jobs import warm_up

    threading.Thread(target=warm_up, name="tunelab-warm-workers", daemon=True).start()
    return True
