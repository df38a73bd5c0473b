"""Process-wide engine resources, cached once per Streamlit server.

The question library and the store are read-mostly and thread-safe, so they are shared by
every browser session (``st.cache_resource``). Tests and the CLI build them directly.
"""

from __future__ import annotations

import streamlit as st

from engine.content.loader import Library, load_library
from engine.settings import database_url, default_content_dir
from engine.store import Store


@st.cache_resource(show_spinner=False)
def _library(content_dir: str) -> Library:
    try:
        return load_library([content_dir])
    except FileNotFoundError:
        return Library()


def get_library() -> Library:
    """Every valid bank in the content folder (and the errors of the broken ones)."""
    return _library(str(default_content_dir()))


@st.cache_resource(show_spinner=False)
def _store(url: str) -> Store:
    return Store(url)


def get_store() -> Store:
    """The progress database configured by ``TUNELAB_DATABASE_URL`` / ``TUNELAB_DATA_DIR``."""
    return _store(database_url())


@st.cache_resource(show_spinner=False)
def _reviews(url: str):
    from engine.review import Reviews

    return Reviews(get_store())


def get_reviews():
    """FSRS review cards, in the progress database."""
    return _reviews(database_url())
