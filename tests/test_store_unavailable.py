"""A lost database connection is a condition: ingest retries the batch, the web app answers 503 and recovers.

The outage is real: a PostgreSQL store reached through a relay (pg_proxy)
that the test cuts, which drops the connections and refuses new ones as a
server going down does, or the server ending the store's session itself
(pg_terminate_backend, as a restart does).
"""

from __future__ import annotations

import io
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from click.testing import CliRunner
from sqlalchemy import create_engine, make_url, text
from sqlalchemy.exc import IntegrityError

from conftest import _pg_schema
from dyad import api
from dyad.cli import main
from dyad.errors import StoreUnavailable, brief
from dyad.export import export
from dyad.settings import Settings
from dyad.store import Store, retry
from dyad.store.batch import BatchWriter
from pg_proxy import Relay
from servers import free_port
from test_serve_limits import wait_until_serving
from web_stores import hostile_db

DYAD = Path(sys.executable).parent / "dyad"
# Short articles written for these tests: three batches of one.
ARTICLES = {
    "a.txt": "Talks in Oslo\n\nNorway's foreign minister met the Finnish foreign minister in Oslo on 3 May 2021. "
             "They agreed to hold a border commission meeting next month.",
    "b.txt": "Visit to Riga\n\nThe Latvian prime minister received the Estonian prime minister in Riga on 4 May 2021. "
             "Latvia accused Russia of violating its airspace.",
    "c.txt": "Statement from Vilnius\n\nLithuania said on 5 May 2021 that it would open an embassy in Taipei.",
}


@pytest.fixture
def pg_url(request: pytest.FixtureRequest) -> Iterator[str]:
    """Give a fresh PostgreSQL schema's store URL (skips without a test server)."""
    yield from _pg_schema(request.getfixturevalue("store_pg_database"))


@pytest.fixture
def relay(pg_url: str) -> Iterator[Relay]:
    with Relay(pg_url) as relay:
        yield relay


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    for name, body in ARTICLES.items():
        (tmp_path / name).write_text(body, encoding="utf-8")
    return tmp_path


@pytest.fixture
def short_waits(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(retry, "WAITS", (0.2, 0.4, 0.8))


def _records(db: str) -> list[str]:
    out = io.StringIO()
    with Store.open(db, readonly=True) as store:
        export(store, "jsonl", out)
    return sorted(out.getvalue().splitlines())


def _settings(db: str) -> Settings:
    return Settings(db=db, batch_size=1, analyse=False)


def _on_second_write(monkeypatch: pytest.MonkeyPatch, act: Callable[[BatchWriter], None]) -> list[int]:
    """Call `act` inside the second batch's transaction, before it writes (once); return the call count."""
    calls = [0]
    finish = BatchWriter.finish

    def finishing(self: BatchWriter) -> Any:
        calls[0] += 1
        if calls[0] == 2:
            act(self)
        return finish(self)

    monkeypatch.setattr(BatchWriter, "finish", finishing)
    return calls


@pytest.mark.usefixtures("short_waits")
def test_a_batch_cut_off_by_an_outage_is_written_again_when_the_server_is_back(
    relay: Relay, folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def outage(_: BatchWriter) -> None:
        relay.cut()
        threading.Timer(0.5, relay.restore).start()  # back during the retries' waits

    calls = _on_second_write(monkeypatch, outage)
    report = api.ingest([str(folder)], relay.url(), settings=_settings(relay.url()))
    assert report.ok and report.documents_added == 3, report
    assert calls[0] >= 4  # three batches, the cut one twice or more
    clean = str(tmp_path / "clean.db")
    monkeypatch.undo()
    api.ingest([str(folder)], clean, settings=_settings(clean))
    assert _records(relay.url()) == _records(clean)


@pytest.mark.usefixtures("short_waits")
def test_a_session_ended_by_the_server_is_retried(
    pg_url: str, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    admin = create_engine(pg_url.replace("postgresql://", "postgresql+psycopg://"))

    def terminate(batch: BatchWriter) -> None:
        pid = batch.conn.exec_driver_sql("SELECT pg_backend_pid()").scalar()
        with admin.begin() as conn:
            conn.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})

    _on_second_write(monkeypatch, terminate)
    try:
        report = api.ingest([str(folder)], pg_url, settings=_settings(pg_url))
    finally:
        admin.dispose()
    assert report.ok and report.documents_added == 3, report


@pytest.mark.usefixtures("short_waits")
def test_an_outage_that_lasts_stops_ingest_with_one_line(
    relay: Relay, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _on_second_write(monkeypatch, lambda _: relay.cut())
    db = relay.url()
    result = CliRunner().invoke(main, ["--db", db, "ingest", "--no-analyse", str(folder)],
                                env={"DYAD_BATCH_SIZE": "1"})
    assert result.exit_code == 1, result.output
    message = result.output.strip()
    assert len(message.splitlines()) == 1, message
    shown = make_url(db)
    # The store is named, its password never (CI's server has one, a local test server may not).
    assert f"store at postgresql+psycopg://{shown.username}" in message
    assert f"@127.0.0.1:{relay.port}/" in message
    if shown.password:
        assert ":***@" in message and f":{shown.password}@" not in message
    assert "nothing of this batch was stored" in message and "Run the same command again" in message
    assert "INSERT" not in message and "Riga" not in message
    relay.restore()
    with Store.open(db, readonly=True) as store:
        assert store.count_documents() == 1  # the first batch; the second was rolled back whole
    rerun = CliRunner().invoke(main, ["--db", db, "ingest", "--no-analyse", str(folder)])
    assert rerun.exit_code == 0, rerun.output
    with Store.open(db, readonly=True) as store:
        assert store.count_documents() == 3


def test_internal_errors_never_show_sql_or_its_values(monkeypatch: pytest.MonkeyPatch, folder: Path) -> None:
    secret = "a sentence of article text"

    def broken(*_: Any, **__: Any) -> None:
        raise IntegrityError("INSERT INTO documents (text) VALUES (%(text)s)", {"text": secret}, Exception("dup key"))

    monkeypatch.setattr(api, "ingest_into", broken)
    result = CliRunner().invoke(main, ["--db", str(folder / "x.db"), "ingest", str(folder)])
    assert result.exit_code == 1
    assert "internal error (Exception: dup key)" in result.output
    assert secret not in result.output and "INSERT" not in result.output
    assert brief(ValueError("x" * 1000 + "\nsecond line")) == "ValueError: " + "x" * 200 + "…"


def test_an_unreachable_server_is_unavailable_not_an_error() -> None:
    with pytest.raises(StoreUnavailable, match=r"Cannot open the store at postgresql\+psycopg://nobody@127\.0\.0\.1:9"):
        Store.open("postgresql://nobody@127.0.0.1:9/none?connect_timeout=2")


def _get(port: int, path: str) -> httpx.Response:
    return httpx.get(f"http://127.0.0.1:{port}{path}", timeout=15)


def test_the_web_app_answers_503_while_the_database_is_away_and_recovers(relay: Relay, pg_url: str) -> None:
    hostile_db(pg_url)
    port = free_port()
    server = subprocess.Popen([str(DYAD), "--db", relay.url(), "serve", "--port", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    paths = ["/api/events?limit=5", "/events", "/events.csv", "/stories"]
    kept = ["/api/home", "/"]  # kept a while by dyad.web.recent: still answered, as they were, while it is away
    try:
        wait_until_serving(server, f"http://127.0.0.1:{port}/api/events?limit=1")
        assert [_get(port, p).status_code for p in paths + kept] == [200] * len(paths + kept)
        home = _get(port, "/api/home").json()
        relay.cut()
        for _ in range(2):
            assert _get(port, "/api/home").json() == home and _get(port, "/").status_code == 200
            for path in paths:
                answer = _get(port, path)
                assert answer.status_code == 503, (path, answer.text[:300])
                assert answer.headers["retry-after"] == "5"
                assert "not reachable just now" in answer.text
                assert "SELECT" not in answer.text and "127.0.0.1" not in answer.text
        assert _get(port, "/events").headers["content-type"].startswith("text/html")
        assert _get(port, "/api/events").json()["detail"].startswith("The database is not reachable")
        relay.restore()
        assert [_get(port, p).status_code for p in paths + kept] == [200] * len(paths + kept)
    finally:
        server.terminate()
        server.wait(timeout=30)
