"""The server's connections send each message at once (TCP_NODELAY), not after the browser's
delayed acknowledgement of the one before (ui.nodelay)."""

from __future__ import annotations

import socket
import sys

import pytest

from tests.pages.conftest import content_dir  # noqa: F401  (a fixture)
from ui.nodelay import send_without_delay, set_nodelay_on_tcp_sockets

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="lists descriptors through /proc or /dev/fd")


def nodelay(sock: socket.socket) -> int:
    return sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY)


@pytest.fixture
def listener():
    """A listening socket made as Streamlit 1.67 makes its own: protocol number 0, so asyncio
    leaves Nagle's algorithm on for the connections it accepts."""
    sock = socket.socket(socket.AF_INET)
    sock.bind(("127.0.0.1", 0))
    sock.listen()
    yield sock
    sock.close()


def connect(listener: socket.socket) -> tuple[socket.socket, socket.socket]:
    client = socket.create_connection(listener.getsockname())
    accepted, _ = listener.accept()
    return client, accepted


def test_a_socket_made_like_streamlits_accepts_connections_with_nagle_on(listener):
    """The defect the module is there for (if Streamlit fixes it, this says so)."""
    client, accepted = connect(listener)
    with client, accepted:
        assert listener.proto == 0
        assert nodelay(accepted) == 0


def test_open_connections_and_later_ones_send_at_once(listener):
    before_client, before = connect(listener)
    unix_a, unix_b = socket.socketpair()
    with before_client, before, unix_a, unix_b:
        assert set_nodelay_on_tcp_sockets() >= 3  # the listener and both ends of the connection
        assert nodelay(listener) == 1
        assert nodelay(before) == 1
        after_client, after = connect(listener)  # inherits the listener's option
        with after_client, after:
            assert nodelay(after) == 1
            # nothing was closed: every socket still carries data, the Unix pair included
            after_client.sendall(b"ping")
            assert after.recv(4) == b"ping"
            before.sendall(b"pong")
            assert before_client.recv(4) == b"pong"
            unix_a.sendall(b"unix")
            assert unix_b.recv(4) == b"unix"


def test_descriptors_that_are_not_sockets_are_left_alone(tmp_path):
    path = tmp_path / "f.txt"
    with open(path, "w") as f:
        set_nodelay_on_tcp_sockets()
        f.write("still open")
    assert path.read_text() == "still open"


def test_the_app_turns_nagle_off_in_its_first_run(listener, content_dir, monkeypatch):
    from streamlit.testing.v1 import AppTest

    from tests.conftest import ROOT

    monkeypatch.chdir(ROOT)
    send_without_delay.clear()  # once per server process: another test's run may have done it
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30).run()
    assert not at.exception
    assert nodelay(listener) == 1
