"""The server's message loop rests 1 ms between flushes, not Streamlit's 5 ms (ui.message_flush)."""

from __future__ import annotations

import inspect
import logging

import pytest
from streamlit.runtime import runtime

from tests.pages.conftest import content_dir  # noqa: F401  (a fixture)
from ui.message_flush import FLUSH_INTERVAL_S, flush_promptly, set_flush_interval


@pytest.fixture
def restored(monkeypatch):
    """Whatever a test sets, the module has its value back afterwards."""
    monkeypatch.setattr(runtime, "MESSAGE_FLUSH_INTERVAL_SECS", runtime.MESSAGE_FLUSH_INTERVAL_SECS)


def test_the_installed_streamlit_still_has_the_pause_and_its_loop_reads_it():
    """The setting is private: an upgrade that renames it, or binds it where the loop no longer
    looks it up in the module, must fail here rather than leave the app silently slower."""
    assert isinstance(runtime.MESSAGE_FLUSH_INTERVAL_SECS, (int, float))
    loop = inspect.getsource(runtime.Runtime._loop_coroutine)
    assert "await asyncio.sleep(MESSAGE_FLUSH_INTERVAL_SECS)" in loop


def test_setting_it_returns_the_old_value(restored):
    runtime.MESSAGE_FLUSH_INTERVAL_SECS = 0.005
    assert set_flush_interval() == 0.005
    assert runtime.MESSAGE_FLUSH_INTERVAL_SECS == FLUSH_INTERVAL_S == 0.001


def test_a_streamlit_without_it_keeps_its_own_and_says_so(monkeypatch, caplog):
    monkeypatch.delattr(runtime, "MESSAGE_FLUSH_INTERVAL_SECS")
    with caplog.at_level(logging.WARNING, logger="ui.message_flush"):
        assert set_flush_interval() is None
    assert not hasattr(runtime, "MESSAGE_FLUSH_INTERVAL_SECS")
    assert "MESSAGE_FLUSH_INTERVAL_SECS" in caplog.text


def test_the_app_sets_it_in_its_first_run(restored, content_dir, monkeypatch):
    from streamlit.testing.v1 import AppTest

    from tests.conftest import ROOT

    monkeypatch.chdir(ROOT)
    runtime.MESSAGE_FLUSH_INTERVAL_SECS = 0.005
    flush_promptly.clear()  # once per server process: another test's run may have done it
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30).run()
    assert not at.exception
    assert runtime.MESSAGE_FLUSH_INTERVAL_SECS == 0.001
