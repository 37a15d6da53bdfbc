"""The read side's shortcuts (session 21, issue 28's load goal) give what the long way gave.

A filter's CSV stream runs one kept statement per batch on the driver; a
read-only SQLite store reads its generation on a connection of its own;
query strings of plain values are joined without quoting each one.
"""

from __future__ import annotations

import csv
import io
import sqlite3
from pathlib import Path
from urllib.parse import urlencode

import pytest
from sqlalchemy import insert

from dyad import queries
from dyad.queries import events as event_queries
from dyad.queries.events import EventFilter
from dyad.store import Store, generation
from dyad.store.schema import events
from dyad.web import routes
from dyad.web.labels import query


def _event(n: int, doc_id: str, source: str, target: str, modality: str = "asserted") -> dict[str, object]:
    return {"id": f"ev{n:03d}", "document": doc_id, "source_actor": None, "target_actor": None,
            "source_code": source, "target_code": target, "source_country": source[:3], "target_country": target[:3],
            "dyad": "-".join(sorted((source[:3], target[:3]))), "cameo": "112", "root": "11", "quad_class": 3,
            "goldstein": -2.0, "date": f"2019-0{n % 3 + 4}-{n % 28 + 1:02d}", "date_precision": "day",
            "modality": modality, "start": 0, "end": 5, "trigger": "=SUM(A1)" if n == 7 else "accused",
            "confidence": 0.9, "coder": "test", "documents": 1, "publishers": 1, "publisher": "Harbour Times",
            "document_title": "Talks"}


@pytest.fixture
def filled(store_url: str, store_make: object) -> Store:
    with Store.open(store_url) as store:
        store.add_batch([store_make("talks.html", [("Talks", "Japan accused Russia.")],  # type: ignore[operator]
                                    publisher="Harbour Times")])
        doc_id = queries.documents.latest(store.engine, 1)[0].id
        rows = [_event(n, doc_id, *(("JPN", "RUS"), ("RUSMIL", "JPN"), ("IGO", "RUS"))[n % 3],
                       modality="negated" if n % 5 == 0 else "asserted") for n in range(23)]
        with store._write() as conn:
            conn.execute(insert(events), rows)
    return Store.open(store_url, readonly=True)


@pytest.mark.parametrize("where", [
    EventFilter(), EventFilter(dyad=("JPN", "RUS")), EventFilter(source="RUSMIL"), EventFilter(source="IGO"),
    EventFilter(dyad=("JPN", "RUS"), counted=True, date_from="2019-05", date_to="2019-06"),
    EventFilter(target="RUS", root="11", publisher="Harbour Times"),
], ids=["all", "pair", "state-code", "prefix", "counted-months", "target-root-publisher"])
def test_a_filters_stream_gives_every_match_once_by_id_across_batches(filled: Store, where: EventFilter,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    with filled:
        expected = sorted(row.id for row in event_queries.page(filled.engine, where, limit=500))
        monkeypatch.setattr(event_queries, "STREAM_BATCH", 4)  # several batches, one ending on the last row
        event_queries._streaming.cache_clear()
        try:
            streamed = [row.id for row in event_queries.stream(filled.engine, where)]
        finally:
            event_queries._streaming.cache_clear()
        assert streamed == expected and expected  # every match, once, in id order


def test_the_csv_writes_each_events_columns_and_defuses_only_formulas(filled: Store) -> None:
    with filled:
        text = "".join(routes.csv_lines(filled, EventFilter(dyad=("JPN", "RUS"))))
        rows = list(csv.DictReader(io.StringIO(text)))
        listed = {row.id: row for row in event_queries.page(filled.engine, EventFilter(dyad=("JPN", "RUS")), limit=500)}
    assert sorted(r["id"] for r in rows) == sorted(listed) and len(rows) == 16
    for row in rows:
        event = listed[row["id"]]
        for column in routes.CSV_COLUMNS:
            value = getattr(event, column)
            if column == "trigger" and str(value).startswith("="):
                assert row[column] == "'" + value  # defused: the spreadsheet shows it as text
            else:
                assert row[column] == ("" if value is None else str(value)), column


def test_a_read_only_sqlite_store_reads_its_generation_on_one_kept_connection(tmp_path: Path, store_batch) -> None:
    db = str(tmp_path / "kept.db")
    with Store.open(db) as writer:
        reader = Store.open(db, readonly=True)
        first = reader.generation()
        kept = reader._generation_reader
        assert kept is not None and reader.engine.pool.checkedout() == 0  # its own, not the pool's
        writer.add_batch(store_batch)
        assert reader.generation() == writer.generation() == first + 1  # sees the commit at once
        assert reader._generation_reader is kept
        kept.dbapi_connection.close()  # a broken connection: dropped, and the pool's read answers
        assert reader.generation() == first + 1 and reader._generation_reader is None
        assert reader.generation() == first + 1 and reader._generation_reader is not None  # a new one kept
        with generation._READER_LOCK:  # in use by another thread: read through the pool, not waited for
            writer.add_actors([])
            assert reader.generation() == writer.generation() == first + 2
        raw = reader._generation_reader.dbapi_connection
        reader.close()
        assert reader._generation_reader is None
    with pytest.raises(sqlite3.ProgrammingError):
        raw.execute("SELECT 1")  # closed with the store


@pytest.mark.parametrize("params", [
    {"dyad": "JPN-RUS", "date_from": "2019-05", "date_to": "2019-05", "counted": 1},
    {"publisher": "Harbour & Sons", "q": "a b", "x": "é"},
    {"actor": "sergei_shoigu", "offset": 50, "limit": 50},
    {"source": "RUS+MIL", "note": "100%"},
    {},
])
def test_a_query_string_is_what_urlencode_writes(params: dict[str, object]) -> None:
    assert query(params) == urlencode(params)
