"""Take a served app's start-up objects out of Python's full garbage collections, once per server.

Python's collector walks every tracked object in a full collection, holding the GIL, so every
visitor's run waits for it. After start-up the server holds about half a million objects that live
as long as it does (torch, scikit-learn, plotly, pandas, the banks, Streamlit itself); the full
collection that comes once in thirty visitors' practice took 207 to 322 ms (gc callbacks logged in
the server during ``benchmarks/bench_load.py --client websocket --sessions 30``). ``gc.freeze()``
moves the objects alive at that moment into a generation no collection walks: the same load's full
collection then took 10 ms, or did not come.

Frozen objects are never collected, so what is garbage at that moment stays for the server's life:
a full collection runs first (the start-up's own garbage is freed), and the freeze comes when the
background imports are done, before most visitors arrive. The objects of a session open at that
moment stay too (about a megabyte, once per server).

Only a served app freezes: ``streamlit.testing``'s AppTest runs the same start-up inside the test
process (with a stand-in Runtime), which is no server: a freeze there would pin whatever the tests
hold at that moment for the rest of the run. A command-line use has no Runtime at all.
"""

from __future__ import annotations

import gc
import logging

_LOG = logging.getLogger(__name__)


def served() -> bool:
    """True inside ``streamlit run``'s server process (not AppTest's stand-in Runtime)."""
    from streamlit.runtime import Runtime

    # AppTest installs a MagicMock(spec=Runtime): isinstance() is fooled by the spec, type() is not
    return Runtime.exists() and type(Runtime.instance()) is Runtime


def freeze_long_lived(why: str) -> int | None:
    """Collect once, then freeze what is left; return the frozen count (None outside a server).

    Parameters
    ----------
    why : str
        What has just finished loading, for the server's log.
    """
    if not served():
        return None
    collected = gc.collect()
    gc.freeze()
    frozen = gc.get_freeze_count()
    _LOG.info("after %s: %d objects freed, %d kept out of full garbage collections", why, collected, frozen)
    return frozen
