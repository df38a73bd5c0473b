"""Home fetches the browser's chart code ahead (ui.chart_code); Practice does not."""

from __future__ import annotations

import pytest

from tests.browser.support import wait_idle

pytestmark = pytest.mark.browser

#: the script asks for the module once the browser is idle, within 3 s (requestIdleCallback's timeout)
IDLE_WITHIN_MS = 3_000


def chart_code(request) -> bool:
    return "/PlotlyChart." in request.url


def test_home_fetches_the_chart_code_while_it_is_read_and_practice_does_not(server, browser):
    home = browser.new_context()  # each with an empty cache
    try:
        page = home.new_page()
        with page.expect_request(chart_code, timeout=30_000):  # Home shows no chart, yet its code comes
            page.goto(f"{server}/")
    finally:
        home.close()
    practice = browser.new_context()
    try:
        page = practice.new_page()
        seen: list[str] = []
        page.on("request", lambda r: seen.append(r.url) if chart_code(r) else None)
        page.goto(f"{server}/practice?q=valid-single")
        wait_idle(page)
        page.wait_for_timeout(IDLE_WITHIN_MS + 500)
        assert not seen
    finally:
        practice.close()
