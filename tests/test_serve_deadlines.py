"""`dyad serve` closes connections that do not send a request in time (raw sockets on 127.0.0.1)."""

from __future__ import annotations

import json
import socket
import time
from collections.abc import Iterator

import pytest

import dyad.web.deadlines
from dyad.web.serve import _options
from servers import free_port, serving
from web_stores import hostile_db


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch) -> Iterator[int]:
    """Run the app in a thread as `dyad serve` configures uvicorn, with a 1 s deadline for a request's head."""
    import uvicorn

    monkeypatch.setattr(dyad.web.deadlines, "HEAD_SECONDS", 1.0)
    monkeypatch.setenv("DYAD_SERVE_DB", hostile_db())
    monkeypatch.setenv("DYAD_SERVE_HOSTS", json.dumps(["127.0.0.1"]))
    port = free_port()
    with serving(uvicorn.Config("dyad.web.app:app_from_environment", **_options("127.0.0.1", port))):
        yield port


def _closed_after(sock: socket.socket, trickle: bytes = b"") -> tuple[float, bytes]:
    """Read until the server closes the connection, sending `trickle` a byte every 0.2 s; return when, and what came."""
    started, received = time.monotonic(), b""
    sock.settimeout(0.2)
    while time.monotonic() - started < 8:
        if trickle:
            try:
                sock.send(trickle[:1])
            except OSError:
                break
            trickle = trickle[1:]
        try:
            chunk = sock.recv(65536)
        except TimeoutError:
            continue
        except OSError:
            break
        if not chunk:
            break
        received += chunk
    return time.monotonic() - started, received


def test_a_connection_that_sends_nothing_is_closed(server: int) -> None:
    with socket.create_connection(("127.0.0.1", server)) as sock:
        took, received = _closed_after(sock)
    assert received == b"" and 0.8 < took < 3


def test_a_request_head_sent_a_byte_at_a_time_is_cut_off(server: int) -> None:
    slow = b"GET /api/events?limit=1 HTTP/1.1\r\nHost: 127.0.0.1\r\n" + b"X-Slow: " + b"a" * 200
    with socket.create_connection(("127.0.0.1", server)) as sock:
        took, received = _closed_after(sock, slow)
    assert received == b"" and took < 3  # 250 bytes would take 50 s at this pace


def test_a_prompt_request_is_answered_and_the_idle_connection_then_closed(server: int) -> None:
    with socket.create_connection(("127.0.0.1", server)) as sock:
        sock.sendall(b"GET /api/events?limit=1 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        took, received = _closed_after(sock)
    assert received.startswith(b"HTTP/1.1 200") and took < 3
