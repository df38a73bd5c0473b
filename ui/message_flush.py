"""Flush a script run's messages to the browser 1 ms after the previous flush, not 5 ms.

Streamlit's server sends a session's queued messages in a loop on its event-loop thread: it
sends what is queued, then sleeps ``MESSAGE_FLUSH_INTERVAL_SECS`` (5 ms in Streamlit 1.67) before
it looks at the queue again. A run whose thread lets go of the GIL early (a database call in a
button's callback, a file-system call such as ``st.page_link``'s path check) gives the loop a turn
to send the run's first messages, and then the rest of the run waits out the whole sleep after
the script has finished. Saving an answer does exactly that: measured with a per-message log of
the server (``benchmarks/bench_load.py --client websocket``), most answers went out in two
bursts, the second 3-5 ms after the script's end; a run that never let go went out in one.

Streamlit's own maintainers set this sleep to 1 ms in streamlit/streamlit#14985 ("a legacy
cool-down ... batching happens at the queue level, not via this sleep"); the release installed
here has 5 ms and no option to set it. This module sets 1 ms, once per server process. The
attribute is private: ``tests/ui/test_message_flush.py`` fails when an upgrade of Streamlit
renames or drops it, and the app then runs on Streamlit's own value (with a warning in the log).
"""

from __future__ import annotations

import logging

import streamlit as st

_LOG = logging.getLogger(__name__)

#: seconds the server's flush loop rests between two sends of the queued messages
FLUSH_INTERVAL_S = 0.001


def set_flush_interval(seconds: float = FLUSH_INTERVAL_S) -> float | None:
    """Set the pause of Streamlit's message loop; return the value it had (None: not found)."""
    from streamlit.runtime import runtime

    before = getattr(runtime, "MESSAGE_FLUSH_INTERVAL_SECS", None)
    if not isinstance(before, (int, float)):
        _LOG.warning("streamlit.runtime.runtime has no MESSAGE_FLUSH_INTERVAL_SECS: Streamlit's own "
                     "pause between message flushes is kept")
        return None
    runtime.MESSAGE_FLUSH_INTERVAL_SECS = seconds  # read by the loop on every pass
    return float(before)


@st.cache_resource(show_spinner=False)
def flush_promptly() -> float | None:
    """Once per server process: the message loop rests 1 ms between flushes."""
    return set_flush_interval()
