"""Send the server's messages as soon as they are written (TCP_NODELAY), once per server.

A script run reaches the browser as many small websocket messages, one or more per element.
With Nagle's algorithm on, a connection holds back each small write while an earlier one is not
yet acknowledged, and the browser's machine delays its acknowledgements (Linux: at least
40 ms), so a run that the server had finished in 17 ms reached the page in bursts 35 to 90 ms
apart. asyncio turns Nagle off on the connections it accepts only when their socket says its
protocol is TCP; Streamlit 1.67 binds its listening socket itself as ``socket.socket(family)``,
whose protocol number is 0, so every visitor's connection kept Nagle on.

Measured (``benchmarks/bench_practice_render.py``; ``benchmarks/bench_load.py --client
websocket``): the practice page's first render in Chromium 1.00 s -> 0.87 s, a bare page's
0.77 s -> 0.57 s; opening the practice page over the websocket 46 ms -> 17 ms.

The option is set on every TCP socket the process holds: on a listening socket the connections
it accepts later inherit it (Linux, the BSDs, macOS), and the connections already open (the
first visitor's) get it directly. Nothing here needs Streamlit but the once-per-server cache.
"""

from __future__ import annotations

import logging
import os
import socket

import streamlit as st

_LOG = logging.getLogger(__name__)

#: where a process lists its open file descriptors (Linux; macOS and the BSDs)
_FD_DIRS = ("/proc/self/fd", "/dev/fd")


def _open_fds() -> list[int]:
    for folder in _FD_DIRS:
        try:
            return [int(name) for name in os.listdir(folder)]
        except (OSError, ValueError):
            continue
    return []


def set_nodelay_on_tcp_sockets() -> int:
    """Turn Nagle's algorithm off on every TCP socket of this process; return how many.

    Other descriptors (files, pipes, Unix sockets) are left alone, and none is closed: each
    socket object made here to reach a descriptor lets go of it again (``detach``).
    """
    count = 0
    for fd in _open_fds():
        try:
            sock = socket.socket(fileno=fd)
        except OSError:  # not a socket, or closed since it was listed
            continue
        try:
            if sock.type == socket.SOCK_STREAM and sock.family in (socket.AF_INET, socket.AF_INET6):
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
                count += 1
        except OSError:
            pass
        finally:
            sock.detach()
    return count


@st.cache_resource(show_spinner=False)
def send_without_delay() -> int:
    """Once per server process: the server's connections send each message at once."""
    count = set_nodelay_on_tcp_sockets()
    _LOG.debug("TCP_NODELAY set on %d sockets", count)
    return count
