"""`dyad serve --workers N`: real server processes, each listening on the port with its own socket."""

from __future__ import annotations

import logging
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import psutil
import pytest
import uvicorn

from dyad.errors import DyadError
from dyad.web.serve import _options, _reusable_socket
from servers import free_port
from web_stores import hostile_db

DYAD = Path(sys.executable).parent / "dyad"


def _listening_workers(parent: psutil.Process, port: int) -> dict[int, int]:
    """Count each server process's established connections on the port."""
    return {child.pid: sum(1 for c in child.net_connections("tcp") if c.status == "ESTABLISHED" and c.laddr.port == port)
            for child in parent.children(recursive=True)}


@pytest.mark.skipif(not hasattr(socket, "SO_REUSEPORT"), reason="needs SO_REUSEPORT (Linux, BSD)")
def test_two_workers_share_the_connections_and_stop_with_the_server() -> None:
    port = free_port()
    server = subprocess.Popen([str(DYAD), "--db", hostile_db(), "serve", "--port", str(port), "--workers", "2"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    clients: list[httpx.Client] = []
    try:
        deadline = time.monotonic() + 60
        while True:
            assert server.poll() is None, server.stderr.read().decode() if server.stderr else "exited"
            try:
                if httpx.get(f"http://127.0.0.1:{port}/api/events?limit=1", timeout=5).status_code == 200:
                    break
            except httpx.HTTPError:
                assert time.monotonic() < deadline, "the server did not answer within 60 s"
                time.sleep(0.2)
        time.sleep(1)  # the second worker may still be starting: every worker listens before we connect
        clients = [httpx.Client(base_url=f"http://127.0.0.1:{port}") for _ in range(24)]
        assert all(client.get("/api/events?limit=2").status_code == 200 for client in clients)
        held = _listening_workers(psutil.Process(server.pid), port)
        busy = [count for count in held.values() if count]
        # 24 connections spread by the kernel: all on one worker has odds of 2 in 16 million.
        assert len(busy) == 2 and sum(busy) == 24, held
        children = psutil.Process(server.pid).children(recursive=True)
    finally:
        for client in clients:
            client.close()
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    assert server.returncode == 0
    gone, alive = psutil.wait_procs(children, timeout=10)
    assert not alive


@pytest.mark.skipif(not hasattr(socket, "SO_REUSEPORT"), reason="needs SO_REUSEPORT (Linux, BSD)")
def test_a_port_in_use_is_reported_with_advice() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        with pytest.raises(DyadError, match=r"Cannot listen on 127\.0\.0\.1:\d+: .*another --port"):
            _reusable_socket("127.0.0.1", taken.getsockname()[1])



@pytest.mark.skipif(not hasattr(socket, "SO_REUSEPORT"), reason="needs SO_REUSEPORT (Linux, BSD)")
def test_workers_that_cannot_start_stop_the_server_with_a_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from dyad.web.serve import serve

    monkeypatch.setenv("DYAD_SERVE_DB", str(tmp_path / "no-such-store.db"))  # each worker fails to open it
    monkeypatch.setenv("DYAD_SERVE_HOSTS", "null")
    started = time.monotonic()
    with pytest.raises(DyadError, match="keep exiting as they start"):
        serve("127.0.0.1", 0, 2)
    assert time.monotonic() - started < 60


@pytest.mark.parametrize("workers", ["1", "2"])
def test_a_busy_port_is_one_clear_line_not_a_traceback(workers: str) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run([str(DYAD), "--db", hostile_db(), "serve", "--port", str(port), "--workers", workers],
                                capture_output=True, text=True, timeout=60)
    assert result.returncode == 1 and result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr
    assert f"127.0.0.1:{port}: another program is listening there" in lines[0] and "--port" in lines[0]


def test_the_servers_uvicorn_keeps_no_access_log() -> None:
    """At level warning an access line is never written, but uvicorn formats one per request while its
    access logger has a handler: the server's options leave it none."""
    access = logging.getLogger("uvicorn.access")
    before = list(access.handlers)
    try:
        uvicorn.Config("dyad.web.app:app_from_environment", **_options("127.0.0.1", free_port()))
        assert not access.handlers
        uvicorn.Config("dyad.web.app:app_from_environment", factory=True, log_level="warning")
        assert access.handlers  # uvicorn's default would have kept one
    finally:
        access.handlers = before
