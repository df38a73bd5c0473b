"""Where TuneLab keeps its content and its data, from environment variables.

=========================  ==========================================  =====================
variable                   meaning                                     default
=========================  ==========================================  =====================
``TUNELAB_CONTENT_DIR``    folder of question-bank YAML files          ``<project>/content``
``TUNELAB_DATA_DIR``       folder for the SQLite database              ``<project>/data``
``TUNELAB_DATABASE_URL``   any SQLAlchemy URL (overrides the folder)   ``sqlite:///<data>/tunelab.db``
``TUNELAB_INTERVIEW_DAYS`` days a candidate link stays open            ``14``
``TUNELAB_PRIVATE_DIR``    folder of interview-only banks              none
``TUNELAB_BASE_URL``       the app's public address, for full links    the request's host
=========================  ==========================================  =====================

Banks in ``TUNELAB_PRIVATE_DIR`` (and banks that say ``private: true``) are served only inside
mock interviews.
"""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]


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
    try:
        return max(1, int(os.environ.get("TUNELAB_INTERVIEW_DAYS") or 14))
    except ValueError:
        return 14
