"""The chart module Home fetches ahead is the one this Streamlit ships (its name carries a hash
that changes with each release)."""

from __future__ import annotations

import re

from ui.chart_code import SCRIPT, chunk_name


def test_the_chart_module_is_found_in_this_streamlit():
    name = chunk_name()
    assert name is not None and re.fullmatch(r"PlotlyChart\.[\w-]+\.js", name), name
    assert "__CHUNK__" in SCRIPT and 'id="tl-top-' in SCRIPT  # takes no room on the page (app.py's style)
