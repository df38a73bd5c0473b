"""Process-wide evaluation cache for the search lab (in the progress database)."""

from __future__ import annotations

import streamlit as st

from engine.search.cache import EvalCache
from ui.resources import get_store


@st.cache_resource(show_spinner=False)
def _cache(url: str) -> EvalCache:
    return EvalCache(get_store())


def get_eval_cache() -> EvalCache:
    return _cache(get_store().url)
