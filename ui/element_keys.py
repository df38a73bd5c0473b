"""The class Streamlit's front end gives an element drawn with a key: how a script or a style on
the page finds that element (the animated charts' controls, the double-click guard)."""

from __future__ import annotations

import re


def element_class(key: str) -> str:
    """The class Streamlit gives the element with this ``key`` (as its front end writes it:
    ``st-key-`` and the key, every character but letters, digits, ``-`` and ``_`` turned into ``-``)."""
    return "st-key-" + re.sub(r"[^a-zA-Z0-9_-]", "-", key.strip())
