"""One sentence for a database that refuses a read or a write (read-only, disk full, gone).

The store raises SQLAlchemy's errors (and ``OSError`` when the data folder cannot be made);
a page catches :data:`STORAGE_ERRORS` where it reads or writes and says what happened with
:func:`storage_reason`, never with the exception's text, which can quote the statement and its
parameters (a candidate's answer, an interviewer's notes).
"""

from __future__ import annotations

import logging

from sqlalchemy.exc import SQLAlchemyError

from ui.text import inert

_LOG = logging.getLogger("tunelab")

STORAGE_ERRORS: tuple[type[BaseException], ...] = (SQLAlchemyError, OSError)


#: what a database says about itself that names a cause and nothing of the deployment: shown as is
PLAIN_CAUSES = ("attempt to write a readonly database", "database or disk is full", "database is locked",
                "unable to open database file", "disk I/O error", "no space left on device", "read-only")
#: words of a failure to reach or log in to a database server, whose message names its host, port
#: and user: said in general words to visitors, in full in the log
SERVER_CAUSES = ("connect", "connection", "authentication", "timeout", "timed out", "terminating",
                 "server closed", "could not translate host name")


def storage_reason(exc: BaseException) -> str:
    """``OperationalError: attempt to write a readonly database``: the driver's own first line
    when it names a cause and nothing else (a read-only or full database), or a general phrase
    for a database server that cannot be reached; escaped for any Markdown element.

    The driver's whole first line goes to the server's log (logger ``tunelab``): the operator
    hears of the failure, with the host, port and user that visitors are not shown.
    """
    orig = getattr(exc, "orig", None)
    if orig is not None:  # a driver's error, wrapped by SQLAlchemy
        cause, detail = orig, (str(orig).splitlines() or [""])[0]
    elif isinstance(exc, OSError):  # no file names: the deployment's layout is its own
        cause, detail = exc, exc.strerror or ""
    else:
        cause, detail = exc, ""
    name = type(cause).__name__
    _LOG.warning("storage failure: %s: %s", name, detail)
    lowered = detail.lower()
    if any(c.lower() in lowered for c in PLAIN_CAUSES):
        shown = detail
    elif any(c in lowered for c in SERVER_CAUSES):
        shown = "the database server cannot be reached or refused the connection"
    else:
        shown = ""
    return inert(f"{name}: {shown}" if shown else name, 160)


#: seconds between two tries of a page waiting for its database to come back
RETRY_SECONDS = 10


def retry_until_reachable(check, seconds: float = RETRY_SECONDS) -> None:
    """Try ``check`` (a read the page needs) every ``seconds`` in a fragment that draws nothing, and
    run the whole page again once it no longer fails with a storage error: a candidate's page that lost
    its database stayed on the outage's sentence after the database was back, until a reload (the
    operator's walk; the interviewer's live view tries again by itself)."""
    import streamlit as st

    def again() -> None:
        if st.session_state.get(_FIRST_TRY, True):  # the fragment's first run is the page's own: wait
            st.session_state[_FIRST_TRY] = False
            return
        if reachable(check):
            st.session_state.pop(_FIRST_TRY, None)
            st.rerun(scope="app")

    st.fragment(run_every=seconds)(again)()


def reachable(check) -> bool:
    """Whether ``check`` gets past the database: it answers, or refuses for another reason (a closed
    link), which the page's own run then says."""
    try:
        check()
    except STORAGE_ERRORS:
        return False
    except Exception:
        return True
    return True


_FIRST_TRY = "iv.outage.first"
