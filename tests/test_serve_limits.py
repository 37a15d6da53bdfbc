"""`dyad serve` refuses long URLs, long heads and bodies before reading them: a real server, raw sockets."""

from __future__ import annotations

import json
import select
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from dyad.store import Store
from dyad.web.limits import LINGER, MAX_HEAD, MAX_URL
from servers import free_port
from web_stores import hostile_db

DYAD = Path(sys.executable).parent / "dyad"


def wait_until_serving(server: subprocess.Popen[bytes], url: str, seconds: float = 60) -> None:
    """Wait until the server answers `url`, failing with its messages if it exits first."""
    deadline = time.monotonic() + seconds
    while True:
        assert server.poll() is None, server.stderr.read().decode() if server.stderr else "exited"
        try:
            httpx.get(url, timeout=5)
            return
        except httpx.HTTPError:
            assert time.monotonic() < deadline, f"the server did not answer within {seconds} s"
            time.sleep(0.2)


@pytest.fixture(scope="module")
def port() -> Iterator[int]:
    """Serve the hostile store in one process on a free port for the module's tests."""
    port = free_port()
    server = subprocess.Popen([str(DYAD), "--db", hostile_db(), "serve", "--port", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        wait_until_serving(server, f"http://127.0.0.1:{port}/api/events?limit=1")
        yield port
    finally:
        server.terminate()
        server.wait(timeout=30)


def _exchange(port: int, head: bytes, then: bytes = b"", repeat: int = 0) -> tuple[bytes, int, float]:
    """Send `head`, then `then` up to `repeat` times unless an answer comes first; return the answer, bytes sent, seconds."""
    started = time.monotonic()
    sent = 0
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        try:
            sock.sendall(head)
            sent = len(head)
            for _ in range(repeat):
                if select.select([sock], [], [], 0)[0]:
                    break  # answered: stop sending
                sock.sendall(then)
                sent += len(then)
        except (BrokenPipeError, ConnectionResetError):
            pass
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
    return answer, sent, time.monotonic() - started


def _status(answer: bytes) -> int:
    return int(answer.split(b" ", 2)[1])


def _detail(answer: bytes) -> str:
    return str(json.loads(answer.split(b"\r\n\r\n", 1)[1])["detail"])


def test_a_header_of_100_mb_is_refused_after_its_first_kilobytes(port: int) -> None:
    head = b"GET /api/events HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: "
    # Up to 100 MB in 64 KiB pieces; the server answers once MAX_HEAD is passed.
    answer, sent, seconds = _exchange(port, head, b"a" * 65536, repeat=1600)
    assert _status(answer) == 431, answer[:200]
    assert "headers are longer than 32 KiB" in _detail(answer)
    assert sent < 4 * 1024 * 1024, sent  # the server stopped reading at once, not after 100 MB
    assert seconds < LINGER + 2


def test_many_headers_together_past_the_limit_are_refused(port: int) -> None:
    headers = b"".join(b"X-Many-%d: %s\r\n" % (i, b"v" * 100) for i in range(MAX_HEAD // 100))
    answer, _, _ = _exchange(port, b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n" + headers + b"\r\n")
    assert _status(answer) == 431


def test_a_long_url_is_414_before_its_end_is_read(port: int) -> None:
    answer, sent, _ = _exchange(port, b"GET /events?actor=" + b"A" * (MAX_URL + 10), b"A" * 65536, repeat=1600)
    assert _status(answer) == 414, answer[:200]
    assert sent < 4 * 1024 * 1024


def test_a_url_over_the_limit_in_a_complete_head_is_414(port: int) -> None:
    answer, _, _ = _exchange(port, b"GET /events?q=" + b"x" * MAX_URL + b" HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
    assert _status(answer) == 414
    assert "URL is longer" in _detail(answer)


@pytest.mark.parametrize("framing", [b"Content-Length: 100000000", b"Transfer-Encoding: chunked"])
def test_a_body_is_refused_without_waiting_for_it(port: int, framing: bytes) -> None:
    # The body is announced and never sent: the answer must not wait for it.
    answer, _, seconds = _exchange(port, b"GET /api/events HTTP/1.1\r\nHost: 127.0.0.1\r\n" + framing + b"\r\n\r\n")
    assert _status(answer) == 413, answer[:200]
    assert b"connection: close" in answer.lower()
    assert b"content-security-policy" in answer.lower()
    assert seconds < LINGER + 2


def test_requests_under_the_limits_are_answered_on_one_connection(port: int) -> None:
    # A large cookie under the limit, and two requests pipelined on one keep-alive connection.
    request = b"GET /api/events?limit=1 HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: c=" + b"k" * 20_000 + b"\r\n\r\n"
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(request + request.replace(b"HTTP/1.1\r\n", b"HTTP/1.1\r\nConnection: close\r\n", 1))
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
    assert answer.count(b"HTTP/1.1 200 OK") == 2, answer[:300]
    assert httpx.get(f"http://127.0.0.1:{port}/", timeout=5).status_code == 200


def test_a_view_whose_reads_run_past_the_time_limit_is_stopped_with_a_plain_503(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A read cut at the limit (SQLite's progress handler) answers 503 in words; static files are never cut."""
    from fastapi.testclient import TestClient

    import dyad.store.engine
    import dyad.web.app

    db = hostile_db(str(tmp_path / "limit.db"))
    monkeypatch.setattr(dyad.store.engine, "PROGRESS_STEPS", 1)  # asked at every step of every statement
    with TestClient(dyad.web.app.create_app(db), base_url="http://127.0.0.1") as client:
        assert client.get("/api/events").status_code == 200  # well within the limit
        monkeypatch.setattr(dyad.web.app, "VIEW_SECONDS", -1.0)  # every read is already late
        answer = client.get("/api/events?source=RUS", headers={"accept": "application/json"})
        assert answer.status_code == 503
        assert "took longer than" in answer.json()["detail"] and "SELECT" not in answer.text
        page = client.get("/events?source=JPN")
        assert page.status_code == 503 and "Narrow it" in page.text
        assert client.get("/static/app.css").status_code == 200
    # The CLI and ingest never set a limit: the same store reads in full outside a view.
    with Store.open(db, readonly=True) as store:
        assert store.count_documents() == 1


def test_a_postgresql_read_in_a_view_is_cut_at_the_time_limit_and_others_are_not(store_url: str,
                                                                               store_batch: list[object]) -> None:
    """PostgreSQL's reads in a view stop at the limit (statement_timeout); the same pooled session reads in full
    for the warm-up, the CLI and ingest, which set no limit."""
    if not store_url.startswith("postgresql"):
        pytest.skip("SQLite's limit is its progress handler (the test above)")
    from sqlalchemy import text

    from dyad.store.engine import read_rows, read_too_long, time_limit

    with Store.open(store_url) as store:
        store.add_batch(store_batch[:1])  # type: ignore[list-item]
    with Store.open(store_url, readonly=True) as reader:
        with time_limit(0.05), pytest.raises(Exception) as cut:
            read_rows(reader.engine, text("SELECT pg_sleep(2)"), {})
        assert read_too_long(cut.value)
        assert read_rows(reader.engine, text("SELECT pg_sleep(0.2), current_setting('statement_timeout')"),
                         {})[0][1] == "0"
        with time_limit(5):
            assert read_rows(reader.engine, text("SELECT current_setting('statement_timeout')"), {}) == [("5s",)]
            assert reader.count_documents() > 0  # SQLAlchemy's own reads, in a transaction, within the limit
        assert not read_too_long(RuntimeError("statement timeout"))
