"""Where TuneLab keeps its content and its data, from environment variables.

=========================  ==========================================  =====================
variable                   meaning                                     default
=========================  ==========================================  =====================
``TUNELAB_CONTENT_DIR``    folder of question-bank YAML files          ``<project>/content``
``TUNELAB_DATA_DIR``       folder for the SQLite database              ``<project>/data``
``TUNELAB_DATABASE_URL``   any SQLAlchemy URL (overrides the folder)   ``sqlite:///<data>/tunelab.db``
=========================  ==========================================  =====================
"""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]


def default_content_dir() -> Path:
    return Path(os.environ.get("TUNELAB_CONTENT_DIR") or PROJECT_ROOT / "content")


def data_dir() -> Path:
    return Path(os.environ.get("TUNELAB_DATA_DIR") or PROJECT_ROOT / "data")


def database_url() -> str:
    """The SQLAlchemy URL of the progress database."""
    url = os.environ.get("TUNELAB_DATABASE_URL")
    if url:
        return url
    return f"sqlite:///{data_dir() / 'tunelab.db'}"
