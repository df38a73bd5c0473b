"""Fetch the browser's chart code while the Home page is being read.

Streamlit loads the code that draws a Plotly chart (one 4.7 MB module) only when a page first
shows a chart, so the first visit to Progress or a lab spent about a second on it before
drawing: in one session, Home -> Progress took 1.7 to 1.9 s the first time and 0.4 s after
(Chromium, this machine). Home starts that import once the browser is idle, the same module
Streamlit would import, so its own import later finds it done: about a second off that first
chart page. Only Home does it: Practice and a candidate's interview show no chart on most
questions, and a phone that never opens a chart should not fetch it.
"""

from __future__ import annotations

import functools
from pathlib import Path

import streamlit as st


@functools.lru_cache(maxsize=1)
def chunk_name() -> str | None:
    """The file name of Streamlit's Plotly chart module (its hash changes with each release), or
    None when this Streamlit has none by that name (then nothing is fetched ahead)."""
    folder = Path(st.__file__).parent / "static" / "static" / "js"
    return next((p.name for p in sorted(folder.glob("PlotlyChart.*.js"))), None)


#: A constant script: once per tab, when the browser is idle, import the chart module from the
#: folder of Streamlit's own entry script. Its marker's ``tl-top-`` id gives its element no room
#: on the page (app.py's style).
SCRIPT = """<div id="tl-top-chart-code"></div><script>
(() => {
  if (window.__tunelabChartCode) return;
  window.__tunelabChartCode = true;
  const fetchIt = () => {
    const entry = document.querySelector('script[src*="/static/js/index."]');
    if (entry) import(new URL("__CHUNK__", entry.src).href).catch(() => {});
  };
  if (window.requestIdleCallback) window.requestIdleCallback(fetchIt, {timeout: 3000});
  else setTimeout(fetchIt, 1500);
})();
</script>"""


def fetch_ahead() -> None:
    """Draw :data:`SCRIPT` (no room on the page): the chart module starts loading once idle."""
    name = chunk_name()
    if name:
        st.html(SCRIPT.replace("__CHUNK__", name), unsafe_allow_javascript=True, width="content")
