"""Browser fixtures: a live TuneLab server per module, driven by pytest-playwright.

pytest-playwright provides ``page`` / ``context`` / ``browser``; here they are pointed at
Debian's Chromium (Playwright cannot download its own browser on these machines).
Screenshots of failing tests land in ``test-results/`` (``--screenshot only-on-failure``).
"""

from __future__ import annotations

import os

import pytest
from playwright.sync_api import expect

from tests.browser.support import CHROMIUM, CHROMIUM_ARGS, chromium_available, served_env, streamlit_server
from tests.conftest import one_question_bank


def pytest_collection_modifyitems(items):
    if chromium_available():
        return
    reason = f"no Chromium at {CHROMIUM} (apt-get install -y chromium)"
    # under CI a missing browser is a failure, as a missing PostgreSQL is (tests/db.py): a green run
    # must not mean the journeys were skipped
    mark = pytest.mark.skip(reason=reason) if not os.environ.get("CI") else \
        pytest.mark.usefixtures("_chromium_required")
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(mark)


@pytest.fixture
def _chromium_required():
    pytest.fail(f"CI is set and Chromium is required: {CHROMIUM} is missing", pytrace=False)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": {"width": 1400, "height": 1000}}


#: how long a page's action, and an assertion that does not hold yet, waits (see below)
WAIT_MS = 30_000


@pytest.fixture(autouse=True)
def _timeouts(page):
    page.set_default_timeout(WAIT_MS)


# expect()'s own default is 5 s: on a loaded machine a page's first draw takes longer (a run
# beside two busy processes failed waiting 5 s for the set-up form's first field; a CI run on a
# slower machine waited 15 s for the Presenter's link box, drawn after its charts had taken the
# browser's one thread for seconds). An assertion that holds returns at once; only a failing one
# waits the longer time, as long as the page's own actions wait.
expect.set_options(timeout=WAIT_MS)


@pytest.fixture(scope="module")
def server_env(tmp_path_factory):
    """Content and data folders of the module's server (tests may seed its database)."""
    return served_env(tmp_path_factory.mktemp("browser"), {"live.yaml": one_question_bank()})


@pytest.fixture(scope="module")
def server(server_env):
    with streamlit_server(env=server_env) as url:
        yield url
