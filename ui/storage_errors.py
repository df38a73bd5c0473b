"""One sentence for a database that refuses a read or a write (read-only, disk full, gone).

The store raises SQLAlchemy's errors (and ``OSError`` when the data folder cannot be made);
a page catches :data:`STORAGE_ERRORS` where it reads or writes and says what happened with
:func:`storage_reason`, never with the exception's text, which can quote the statement and its
parameters (a candidate's answer, an interviewer's notes).
"""

from __future__ import annotations

from sqlalchemy.exc import SQLAlchemyError

from ui.text import inert

STORAGE_ERRORS: tuple[type[BaseException], ...] = (SQLAlchemyError, OSError)


def storage_reason(exc: BaseException) -> str:
    """``OperationalError: attempt to write a readonly database``: the driver's own first line
    (it names the cause, not the data), or an OS error's reason without its file name; escaped
    for any Markdown element."""
    orig = getattr(exc, "orig", None)
    if orig is not None:  # a driver's error, wrapped by SQLAlchemy
        cause, detail = orig, (str(orig).splitlines() or [""])[0]
    elif isinstance(exc, OSError):  # no file names: the deployment's layout is its own
        cause, detail = exc, exc.strerror or ""
    else:
        cause, detail = exc, ""
    name = type(cause).__name__
    return inert(f"{name}: {detail}" if detail else name, 160)
