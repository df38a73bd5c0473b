"""Whole addresses of this app's pages, for links a person copies and sends (an interview link,
a Presenter demo, the Optimizer lab's runs)."""

from __future__ import annotations

from urllib.parse import urlsplit

import streamlit as st


def site_url(path: str) -> str:
    """``path`` (``/page?query``) as a whole address: under ``TUNELAB_BASE_URL`` when configured,
    else under the scheme and host the visitor's own request came in on (``path`` alone if neither)."""
    from engine.settings import base_url

    base = base_url()
    if base is None:
        base = _request_base()
    return f"{base or ''}{path}"


def _request_base() -> str | None:
    url = getattr(st.context, "url", None)
    if url:
        parts = urlsplit(url)
        if parts.scheme and parts.netloc:
            return f"{parts.scheme}://{parts.netloc}"
    headers = st.context.headers or {}
    host = headers.get("Host")
    if host:
        proto = headers.get("X-Forwarded-Proto", "http").split(",")[0].strip() or "http"
        return f"{proto}://{host}"
    return None
