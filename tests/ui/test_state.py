"""ui.state.timezone: the learner's time zone from the browser, UTC for anything else."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from ui.state import _zone


@pytest.mark.parametrize("name", ["Australia/Sydney", "America/Los_Angeles", "Etc/GMT+8"])
def test_a_zone_the_browser_names_is_used(name):
    assert _zone(name) == ZoneInfo(name)


@pytest.mark.parametrize("name", [None, "", "Nowhere/City", "../../etc/passwd", "/etc/passwd", "x" * 500, "\x00",
                                  "Europe/../../../etc/passwd"])
def test_anything_else_a_browser_sends_is_utc(name):
    """The name is the visitor's to send: a path, a long or broken string is no zone, and no error."""
    assert _zone(name) == dt.timezone.utc
