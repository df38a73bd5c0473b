"""The load benchmark's websocket visitor (``benchmarks/load_client.py``) sends what a browser sends."""

from __future__ import annotations

import asyncio

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from benchmarks.load_client import Visitor


class Socket:
    """A websocket that answers each message sent with one script run's messages."""

    def __init__(self, runs: list[list[ForwardMsg]]):
        self.runs, self.sent, self.inbox = runs, [], []

    async def send(self, raw: bytes) -> None:
        msg = BackMsg()
        msg.ParseFromString(raw)
        self.sent.append(msg)
        self.inbox = [m.SerializeToString() for m in self.runs.pop(0)]

    async def recv(self) -> bytes:
        return self.inbox.pop(0)


def finished() -> ForwardMsg:
    msg = ForwardMsg()
    msg.script_finished = ForwardMsg.FINISHED_SUCCESSFULLY
    return msg


def address(query: str) -> ForwardMsg:
    msg = ForwardMsg()
    msg.page_info_changed.query_string = query
    return msg


def test_a_run_after_the_page_wrote_its_address_sends_that_address():
    # a browser's address bar holds what the page wrote (a question's link), and the browser sends it
    # with each later run; a client that kept sending the first address made the page write it again
    # every run (one more message and a query-parameter write in each practice action measured)
    socket = Socket([[address("q=lr-basics"), finished()], [finished()], [address(""), finished()], [finished()]])
    visitor = Visitor("http://127.0.0.1:1", "practice", 5, query="seed=3")
    visitor.ws = socket

    async def four_runs() -> None:
        for _ in range(4):
            await visitor.run()

    asyncio.run(four_runs())
    assert [m.rerun_script.query_string for m in socket.sent] == ["seed=3", "q=lr-basics", "q=lr-basics", ""]
