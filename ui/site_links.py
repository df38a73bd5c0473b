"""Whole addresses of this app's pages, for links a person copies and sends (an interview link,
a Presenter demo, a lab's settings), and the links between its pages (a table's column of links to
Practice, a lab's way back to its question)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any
from urllib.parse import urlencode, urlsplit

import streamlit as st

from ui.screen_reader import copy_key


def site_url(path: str, query: Mapping[str, str]) -> str:
    """The page ``path`` with ``query`` as a whole address: under ``TUNELAB_BASE_URL`` when
    configured, else under the scheme and host the visitor's own request came in on (the path
    and query alone if neither). Commas and colons stay as they are (lists of rates, and the
    Training lab's runs, ``sgd:0.1``, read as typed; both are allowed in a query)."""
    from engine.settings import base_url

    base = base_url()
    if base is None:
        base = _request_base()
    return f"{base or ''}{path}?{urlencode(query, safe=',:')}"


#: the caption of a lab's link box (the Optimizer lab's says "runs")
LINK_CAPTION = "Link to these settings: it reopens the lab on them, on any screen."


def link_box(path: str, query: Mapping[str, str], caption: str = LINK_CAPTION, what: str = "settings-link") -> None:
    """A caption and the whole address of ``path`` with ``query``, in a box a person copies from
    (``what``: what it holds, as :func:`copy_box` takes it)."""
    st.caption(caption)
    copy_box(site_url(path, query), what)


def copy_box(text: str, what: str) -> None:
    """``text`` (an address, a key) in a box a person copies from (its copy button), wrapped so it
    shows whole on a phone too: unwrapped, an interview link's token ran off the box's edge under
    its copy button (the phone walk-through). ``what`` it holds (a key of
    :data:`ui.screen_reader.COPY_NAMES`) names its copy button for a screen reader."""
    with st.container(key=copy_key(what)):
        st.code(text, language=None, wrap_lines=True)


def address_params(keys: Sequence[str]) -> dict[str, str]:
    """The page's own parameters of the address bar (``keys``); others, such as ``from``, are left."""
    return {k: st.query_params[k] for k in keys if k in st.query_params}


def write_address(keys: Sequence[str], wanted: Mapping[str, str]) -> None:
    """Put ``wanted`` in the address bar in place of its parameters of ``keys``, in one write: each
    write from a script is an entry in the browser's history (a write per parameter made one
    each, and a press of Back that changed nothing)."""
    kept = {k: st.query_params.get_all(k) for k in st.query_params if k not in keys}
    st.query_params.from_dict({**kept, **wanted})


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


#: what a table's link to Practice says (:func:`practice_column`)
OPEN_TEXT = "Open"


def practice_column() -> Any:
    """The column of a table of questions that opens each in Practice: its cells hold the addresses of
    :func:`engine.content.selection_link.question_link`, and show "Open". A row whose question Practice
    no longer serves holds None: no link that opens nothing, the table's placeholder instead. Streamlit
    opens a table's link in a new tab, which the column's help says."""
    return st.column_config.LinkColumn("Practice", display_text=OPEN_TEXT, width=72,
                                       help="Opens the question in Practice, in a new tab")


def app_page(url_path: str, script: str) -> Any:
    """The app's page at ``url_path`` (as app.py's navigation made it), for ``st.page_link``; its
    ``script`` where there is none (a page run on its own, as the page tests run it)."""
    return st.session_state.get("app.pages", {}).get(url_path, script)


def back_to_question() -> None:
    """"Back to the question", under a lab's title, when a question's link opened the lab.

    The lab opens in the same tab, and nothing on it named the question it came from: the way back
    was the browser's Back alone (the learners' walk-through). The address names the question
    (``from=<id>``); an id that is no question Practice serves (a private one, a made-up one) shows
    nothing, and the id itself is never shown.
    """
    from engine.content.labs import FROM_QUESTION
    from ui.resources import get_library

    wanted = st.query_params.get(FROM_QUESTION)
    q = get_library().question(str(wanted)[:200]) if wanted else None
    if q is None:
        return
    st.page_link(app_page("practice", "app_pages/practice.py"), label="Back to the question", icon=":material/arrow_back:", query_params={"q": q.id})
