"""Real servers for the web tests: a free loopback port, and uvicorn run in a thread until the test is done."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

START_SECONDS = 20  # a server that has not started by then fails the test


def free_port() -> int:
    """Return a loopback port nothing listens on now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def serving(config: Any) -> Iterator[None]:
    """Run a uvicorn.Config's server in a daemon thread, started before the block and stopped after it."""
    import uvicorn

    running = uvicorn.Server(config)
    thread = threading.Thread(target=running.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + START_SECONDS
    while not running.started:
        assert time.monotonic() < deadline, "the server did not start"
        time.sleep(0.05)
    try:
        yield
    finally:
        running.should_exit = True
        thread.join(timeout=10)
