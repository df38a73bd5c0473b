"""Home fetches the browser's chart code ahead (ui.chart_code); Practice does not."""

from __future__ import annotations

import pytest

from tests.browser.support import wait_idle

pytestmark = pytest.mark.browser


def chart_code_requests(browser, url: str, wait_ms: int = 5_000) -> list[str]:
    """The requests for Streamlit's Plotly chart module a fresh tab makes on ``url`` (its cache
    empty) within ``wait_ms`` of the page going idle."""
    context = browser.new_context()
    try:
        page = context.new_page()
        seen: list[str] = []
        page.on("request", lambda r: seen.append(r.url) if "/PlotlyChart." in r.url else None)
        page.goto(url)
        wait_idle(page)
        page.wait_for_timeout(wait_ms)
        return seen
    finally:
        context.close()


def test_home_fetches_the_chart_code_while_it_is_read_and_practice_does_not(server, browser):
    assert chart_code_requests(browser, f"{server}/")  # Home shows no chart, yet its code came
    assert not chart_code_requests(browser, f"{server}/practice?q=valid-single")
