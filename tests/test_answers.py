"""Kept answers and static files on a real server: the same numbers as the store's, before and after a write,
ETags and 304s, caching headers, gzip."""

from __future__ import annotations

import csv
import gzip
import io
import re
from collections.abc import Iterator
from email.utils import formatdate

import httpx
import pytest
import uvicorn
from sqlalchemy import insert, text

from dyad import queries
from dyad.queries.events import EventFilter
from dyad.store import Store
from dyad.store.schema import events
from dyad.web import answers, generations
from dyad.web.app import create_app
from servers import free_port, serving


def _events(doc_id: str, first: int, count: int) -> list[dict[str, object]]:
    """Write `count` asserted Japan-to-Russia events of a document, ids from `first`."""
    return [{"id": f"ev{n}", "document": doc_id, "source_actor": "japan", "target_actor": "russia",
             "source_code": "JPN", "target_code": "RUS", "source_country": "JPN", "target_country": "RUS",
             "dyad": "JPN-RUS", "cameo": "112", "root": "11", "quad_class": 3, "goldstein": -2.0,
             "date": f"2019-05-{n % 28 + 1:02d}", "date_precision": "day", "modality": "asserted", "start": 0,
             "end": 5, "trigger": "accused", "confidence": 0.9, "coder": "test", "documents": 1, "publishers": 1,
             "publisher": "Harbour Times", "document_title": "Talks"} for n in range(first, first + count)]


@pytest.fixture
def served(store_url: str, store_make: object) -> Iterator[tuple[str, Store]]:
    """Serve a small store on a real server, on each engine; hand the test its base URL and the store to write."""
    db = store_url
    with Store.open(db) as store:
        store.add_batch([store_make("talks.html", [("Talks", "Japan accused Russia.")],  # type: ignore[operator]
                                    publisher="Harbour Times")])
        doc_id = queries.documents.latest(store.engine, 1)[0].id
        with store._write() as conn:
            conn.execute(insert(events), _events(doc_id, 0, 3))
        port = free_port()
        config = uvicorn.Config(create_app(db), host="127.0.0.1", port=port, log_level="warning")
        with serving(config):
            yield f"http://127.0.0.1:{port}", store


def _write_more_talks(store: Store, store_make: object, count: int) -> None:
    """Write a second document with `count` more Japan-to-Russia events (ids from ev3)."""
    store.add_batch([store_make("more.html", [("More talks", "Japan accused Russia again.")],  # type: ignore[operator]
                                publisher="Harbour Times")])
    doc_id = next(d.id for d in queries.documents.latest(store.engine, 5) if d.title == "More talks")
    with store._write() as conn:
        conn.execute(insert(events), _events(doc_id, 3, count))


def _numbers(base: str) -> dict[str, object]:
    """Read every number a few pages show, from their JSON, HTML and CSV."""
    home = httpx.get(f"{base}/api/home").json()["counts"]
    page = httpx.get(f"{base}/").text
    dyad = httpx.get(f"{base}/api/dyads/JPN-RUS").json()["totals"]["events"]
    reversed_pair = httpx.get(f"{base}/api/dyads/RUS-JPN").json()  # the same records, kept once for both orders
    assert reversed_pair["totals"]["events"] == dyad and reversed_pair["dyad"]["pair"] == "RUS-JPN"
    dyad_page = httpx.get(f"{base}/dyads/JPN-RUS").text
    listing = httpx.get(f"{base}/api/events?dyad=JPN-RUS&limit=500").json()["events"]
    rows = list(csv.DictReader(io.StringIO(httpx.get(f"{base}/events.csv?dyad=JPN-RUS").text)))
    return {"home events": home["events"], "home documents": home["documents"],
            "home page events": int(re.search(r'data-record="events"><span class="n">([0-9,]+)<', page)
                                    .group(1).replace(",", "")),
            "dyad": dyad, "dyad page": int(re.search(r">([0-9,]+) events?</a>", dyad_page).group(1)),
            "listing": len(listing), "csv": len(rows)}


def _store_numbers(store: Store) -> dict[str, object]:
    counts = queries.counts.records(store.engine)._asdict()
    n = queries.dyads.totals(store.engine, "JPN", "RUS").events
    listed = len(queries.events.page(store.engine, EventFilter(dyad=("JPN", "RUS")), limit=500))
    return {"home events": counts["events"], "home documents": counts["documents"],
            "home page events": counts["events"],
            "dyad": n, "dyad page": n, "listing": listed, "csv": listed}


def test_every_kept_answer_shows_the_stores_numbers_before_and_after_a_write(served, store_make) -> None:
    base, store = served
    before = _numbers(base)
    assert before == _store_numbers(store) and before["dyad"] == 3
    assert _numbers(base) == before  # asked again: the kept answers, the same numbers
    _write_more_talks(store, store_make, 4)
    after = _numbers(base)
    assert after == _store_numbers(store) and after["dyad"] == 7 and after["home documents"] == 2


def test_kept_answers_follow_writes_after_the_generation_readers_session_ends(served, store_make) -> None:
    """On PostgreSQL the app reads the generation on a session of its own: ended by the server (a restart, an
    administrator), the next request still sees the store as it is, and the reader opens a new session."""
    base, store = served
    if store.location.sqlite:
        pytest.skip("SQLite has no server to end a session")
    before = _numbers(base)
    ended = text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = :name")
    with store.engine.connect() as conn:
        assert conn.execute(ended, {"name": generations.APPLICATION_NAME}).all() == [(True,)]
    assert _numbers(base) == before
    _write_more_talks(store, store_make, 2)
    after = _numbers(base)
    assert after == _store_numbers(store) and after["dyad"] == 5
    with store.engine.connect() as conn:
        assert len(conn.execute(ended.bindparams(name=generations.APPLICATION_NAME)).all()) == 1  # a new session


def test_kept_answers_carry_an_etag_and_are_304_when_the_browser_has_them(served) -> None:
    base, store = served
    first = httpx.get(f"{base}/dyads/JPN-RUS")
    again = httpx.get(f"{base}/dyads/JPN-RUS")
    assert first.status_code == again.status_code == 200 and first.text == again.text
    tag = first.headers["etag"]
    assert again.headers["etag"] == tag and first.headers["cache-control"] == "no-cache"
    assert int(again.headers["content-length"]) == len(again.content)
    assert "content-security-policy" in again.headers  # the guard's headers on kept answers too
    unchanged = httpx.get(f"{base}/dyads/JPN-RUS", headers={"if-none-match": tag})
    assert unchanged.status_code == 304 and unchanged.content == b"" and unchanged.headers["etag"] == tag
    with store._write() as conn:
        conn.execute(insert(events), _events(queries.documents.latest(store.engine, 1)[0].id, 10, 1))
    changed = httpx.get(f"{base}/dyads/JPN-RUS", headers={"if-none-match": tag})
    assert changed.status_code == 200 and changed.headers["etag"] != tag
    store.add_actors([])  # a write that changes nothing this page shows: the same bytes, so the same tag
    same = httpx.get(f"{base}/dyads/JPN-RUS", headers={"if-none-match": changed.headers["etag"]})
    assert same.status_code == 304


def test_errors_are_not_kept(served) -> None:
    base, _ = served
    for _ in range(2):
        assert httpx.get(f"{base}/documents/nothing-0").status_code == 404
        assert httpx.get(f"{base}/api/events?dayd=JPN").status_code == 422
    assert "etag" not in httpx.get(f"{base}/documents/nothing-0").headers


def test_answers_too_big_to_keep_are_streamed_whole(served, monkeypatch: pytest.MonkeyPatch) -> None:
    base, _ = served
    monkeypatch.setattr(answers, "MOST_BODY", 50)
    monkeypatch.setattr("dyad.web.app.CSV_ON_LOOP", 50)
    for _ in range(2):
        got = httpx.get(f"{base}/events.csv?dyad=JPN-RUS")
        assert got.status_code == 200 and len(list(csv.reader(io.StringIO(got.text)))) == 4
        assert "etag" not in got.headers  # streamed, not kept


def test_downloads_past_their_first_part_are_streamed_then_kept(served, monkeypatch: pytest.MonkeyPatch) -> None:
    base, _ = served
    whole = httpx.get(f"{base}/events.csv?dyad=JPN-RUS&root=19")
    assert whole.status_code == 200 and whole.headers["content-length"] == str(len(whole.content))
    monkeypatch.setattr("dyad.web.app.CSV_ON_LOOP", 50)  # past its first parts, the rest is read as it is sent
    streamed = httpx.get(f"{base}/events.csv?dyad=JPN-RUS")
    assert streamed.status_code == 200 and "content-length" not in streamed.headers
    assert len(list(csv.reader(io.StringIO(streamed.text)))) == 4
    again = httpx.get(f"{base}/events.csv?dyad=JPN-RUS")  # kept whole, as it was sent (under MOST_BODY)
    assert again.content == streamed.content and again.headers["content-length"] == str(len(again.content))


def test_static_files_are_cached_long_tagged_and_gzipped(served) -> None:
    base, _ = served
    plain = httpx.get(f"{base}/static/app.css", headers={"accept-encoding": "identity"})
    assert plain.status_code == 200 and plain.headers["content-type"].startswith("text/css")
    assert plain.headers["cache-control"] == "public, max-age=86400" and "content-encoding" not in plain.headers
    tag, modified = plain.headers["etag"], plain.headers["last-modified"]
    zipped = httpx.get(f"{base}/static/app.css", headers={"accept-encoding": "gzip"})
    assert zipped.headers["content-encoding"] == "gzip" and zipped.headers["vary"] == "accept-encoding"
    assert zipped.content == plain.content  # httpx decodes it
    assert int(zipped.headers["content-length"]) < len(plain.content)
    assert httpx.get(f"{base}/static/app.css", headers={"if-none-match": tag}).status_code == 304
    assert httpx.get(f"{base}/static/app.css", headers={"if-modified-since": modified}).status_code == 304
    old = formatdate(0, usegmt=True)
    assert httpx.get(f"{base}/static/app.css", headers={"if-modified-since": old}).status_code == 200
    page = httpx.get(f"{base}/").text
    version = re.search(r'/static/app\.css\?v=([0-9a-f]+)"', page).group(1)
    versioned = httpx.get(f"{base}/static/app.css?v={version}")
    assert versioned.headers["cache-control"] == "public, max-age=31536000, immutable"
    assert httpx.get(f"{base}/static/app.css?v=0ld").headers["cache-control"] == "public, max-age=86400"
    with httpx.stream("GET", f"{base}/static/charts.js", headers={"accept-encoding": "gzip"}) as raw:
        assert gzip.decompress(b"".join(raw.iter_raw())) == httpx.get(f"{base}/static/charts.js").content
    for path in ("/static/app.py", "/static/..%2fapp.py", "/static/%2e%2e/views.py", "/static/"):
        assert httpx.get(f"{base}{path}").status_code == 404, path
