"""The server never sends a reference to a message the browser may have dropped.

Streamlit sends a large element the browser reported holding (in its request for a run) as a
reference to the browser's copy; the browser drops a copy two finished runs after its last use,
and a run finishing after the request can drop it before the reference arrives: the page stopped
on "Connection error: Cached ForwardMsg MISS" (the browser suite, once, on the way back to the
Optimizer lab). ``.streamlit/config.toml`` turns the references off; here a real server is asked
twice for the page, the second time reporting every message of the first as held.
"""

from __future__ import annotations

import asyncio

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from tests.browser.support import served_env, streamlit_server
from tests.conftest import one_question_bank

#: Streamlit's own threshold for a message it would send by reference (global.minCachedMessageSize)
STREAMLIT_DEFAULT_MIN = 10_000


async def page_run(url: str, page: str, held: list[str]) -> list[tuple[ForwardMsg, int]]:
    """One run of ``page``, as a browser asks for it holding the messages ``held`` (hashes):
    every message of the run with its size in bytes."""
    import websockets

    async with websockets.connect(url.replace("http://", "ws://") + "/_stcore/stream", subprotocols=["streamlit"],
                                  max_size=2**26) as ws:
        ask = BackMsg()
        ask.rerun_script.page_name = page
        ask.rerun_script.cached_message_hashes.extend(held)
        await ws.send(ask.SerializeToString())
        got = []
        while True:
            raw = await asyncio.wait_for(ws.recv(), 120)
            msg = ForwardMsg()
            msg.ParseFromString(raw)
            got.append((msg, len(raw)))
            finished = msg.WhichOneof("type") == "script_finished"
            if finished and msg.script_finished != ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                return got


def test_a_rerun_sends_every_large_element_whole_even_when_the_browser_says_it_holds_it(tmp_path):
    env = served_env(tmp_path, {"live.yaml": one_question_bank()})
    with streamlit_server(env=env) as url:
        first = asyncio.run(page_run(url, "optimizer-lab", []))
        large = [m.hash for m, size in first if size >= STREAMLIT_DEFAULT_MIN and m.hash]
        assert large, "the page sent no message Streamlit would cache: this test would prove nothing"
        assert not [m for m, _ in first if m.metadata.cacheable]
        again = asyncio.run(page_run(url, "optimizer-lab", [m.hash for m, _ in first if m.hash]))
    assert not [m for m, _ in again if m.WhichOneof("type") == "ref_hash"]
    whole = {m.hash for m, _ in again}
    assert set(large) <= whole  # sent again in full: the same elements, the same hashes
