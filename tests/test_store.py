"""The store keeps raw inputs and documents whole, once, and finds them again."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect

import dyad.store.batch
import dyad.store.rows
import dyad.store.search
import dyad.store.search_postgresql
from dyad import queries
from dyad.errors import DyadError, StoreError
from dyad.extract.annotate import Annotations
from dyad.link.run import link_documents
from dyad.model import Document, Event, RawItem
from dyad.queries.events import EventFilter
from dyad.store import SCHEMA_VERSION, BatchResult, QueryError, Store, migrations
from dyad.store.engine import locate

# -- writing and reading back ------------------------------------------------


def test_documents_round_trip_exactly(store_db, store_batch):
    result = store_db.add_batch(store_batch)
    assert result == BatchResult(raws_added=3, documents_added=3)
    for raw, docs in store_batch:
        assert store_db.raw_bytes(raw.sha256) == raw.data
        for doc in docs:
            assert store_db.get_document(doc.id) == doc
    assert store_db.count_documents() == 3
    assert store_db.get_document("no-such-id") is None
    assert store_db.raw_bytes("0" * 64) is None


def test_iter_documents_streams_in_source_and_part_order(store_db, store_make):
    items = [
        store_make("b.txt", [(None, "second source, first part"), (None, "second, part two")]),
        store_make("a.txt", [(None, f"first source, part {i}") for i in range(5)]),
        # The same source read again with changed content: a second raw, same parts.
        store_make("a.txt", [(None, "first source, changed later")]),
    ]
    store_db.add_batch(items)
    expected = sorted(
        (d for _, docs in items for d in docs), key=lambda d: (d.source, d.part, d.id)
    )
    for batch in (1, 2, 3, 500):
        assert list(store_db.iter_documents(batch=batch)) == expected


def test_same_batch_twice_changes_nothing(store_db, store_batch):
    store_db.add_batch(store_batch)
    again = store_db.add_batch(store_batch)
    assert again == BatchResult(raws_skipped=3)
    assert store_db.count_documents() == 3
    assert queries.documents.summary(store_db.engine).raw_inputs == 3


def test_exact_duplicate_text_is_stored_once(store_db, store_make):
    text = "Moscow and Tokyo held their first 2+2 meeting."
    first = store_make("agency.html", [("Talks", text)])
    copy = store_make("reprint.html", [("Talks (reprint)", text), ("Other", "Something else.")])
    result = store_db.add_batch([first, copy])
    assert result == BatchResult(raws_added=2, documents_added=2, documents_skipped_duplicate=1)
    assert store_db.get_document(copy[1][0].id) is None
    assert store_db.get_document(copy[1][1].id) is not None


def test_raw_without_documents_is_kept_so_a_rerun_skips_it(store_db):
    raw = RawItem("scripts.html", "scripts.html", b"<script>x()</script>", "html")
    assert store_db.add_batch([(raw, [])]) == BatchResult(raws_added=1)
    assert store_db.known_raw([raw.sha256, "f" * 64]) == {raw.sha256}
    assert store_db.add_batch([(raw, [])]) == BatchResult(raws_skipped=1)


def test_known_raw_handles_more_hashes_than_one_statement_takes(store_db, store_make):
    item = store_make("a.txt", [(None, "text")])
    store_db.add_batch([item])
    asked = [f"{i:064x}" for i in range(5000)] + [item[0].sha256]
    assert store_db.known_raw(iter(asked)) == {item[0].sha256}


def test_raw_over_keep_limit_is_remembered_without_its_bytes(store_db, store_make, monkeypatch):
    monkeypatch.setattr(dyad.store.rows, "KEEP_LIMIT_BYTES", 10)
    raw, docs = store_make("huge.html", [("Big", "A very large page.")])
    store_db.add_batch([(raw, docs)])
    assert store_db.raw_bytes(raw.sha256) is None
    assert store_db.known_raw([raw.sha256]) == {raw.sha256}
    assert store_db.get_document(docs[0].id) == docs[0]


def test_raw_fields_are_kept_as_json(store_db, store_sql):
    raw = RawItem("feed.jsonl", "feed.jsonl:3", b'{"t": 1}', "record", {"url": "https://x", "n": 1})
    store_db.add_batch([(raw, [])])
    assert store_sql("SELECT fields, size FROM raw_inputs") == [('{"n": 1, "url": "https://x"}', 8)]


# -- failures leave whole raws or nothing ------------------------------------


def test_constraint_failure_mid_batch_stores_nothing_from_it(store_db, store_batch, store_make):
    good = store_make("good.html", [("Good", "A fine article.")])
    raw, docs = store_make("bad.html", [("Bad", "placeholder")])
    broken = (raw, [replace(docs[0], raw_sha256="0" * 64)])  # no such raw: a foreign key fails
    with pytest.raises(Exception, match="(?i)foreign key"):
        store_db.add_batch([good, broken])
    assert store_db.count_documents() == 0
    assert store_db.known_raw([good[0].sha256, raw.sha256]) == set()
    # The store is still usable, and the good input goes in on the next run.
    assert store_db.add_batch([good]).documents_added == 1


def test_error_after_first_insert_rolls_back_the_batch(store_db, store_batch, monkeypatch):
    store_db.add_batch(store_batch[1:2])
    real = dyad.store.batch.document_row
    calls = []

    def fail_on_second(doc: Document, now):
        calls.append(doc.id)
        if len(calls) == 2:
            raise RuntimeError("simulated crash")
        return real(doc, now)

    monkeypatch.setattr(dyad.store.batch, "document_row", fail_on_second)
    with pytest.raises(RuntimeError):
        store_db.add_batch(store_batch)
    monkeypatch.undo()
    assert store_db.count_documents() == 1
    assert store_db.known_raw(raw.sha256 for raw, _ in store_batch) == {store_batch[1][0].sha256}
    assert store_db.add_batch(store_batch) == BatchResult(
        raws_added=2, documents_added=2, raws_skipped=1
    )


_KILLED_WRITER = """
import os, sys
import dyad.store.batch as st
from dyad.model import Document, RawItem, document_id
from dyad.store import Store

real = st.document_row
def die_after_first(doc, now):
    if doc.part == 1:
        os._exit(9)  # a kill: no rollback, no cleanup, no atexit
    return real(doc, now)
st.document_row = die_after_first

raw = RawItem("page.html", "page.html", b"two items", "html")
docs = [Document(document_id(raw.sha256, i), "page.html", i, f"item {i}", raw.sha256)
        for i in range(2)]
store = Store.open(sys.argv[1])
store.add_batch([(RawItem("other", "other", b"other", "text"), []), (raw, docs)])
"""


def test_killed_writer_leaves_nothing_half_written(store_url, store_batch, tmp_path):
    with Store.open(store_url) as store:
        store.add_batch(store_batch)
    script = tmp_path / "writer.py"
    script.write_text(_KILLED_WRITER)
    done = subprocess.run([sys.executable, str(script), store_url], capture_output=True)
    assert done.returncode == 9, done.stderr.decode()
    with Store.open(store_url) as store:
        assert store.count_documents() == 3
        assert queries.documents.summary(store.engine).raw_inputs == 3
        assert store.search("item") == []
    if "://" not in store_url:
        check = sqlite3.connect(store_url).execute("PRAGMA integrity_check").fetchone()
        assert check == ("ok",)


# -- several connections and processes ---------------------------------------


def test_sqlite_connections_get_the_store_pragmas(store_path):
    with Store.open(store_path) as store, store._engine.connect() as conn:
        pragma = {
            name: conn.exec_driver_sql(f"PRAGMA {name}").scalar()
            for name in ("journal_mode", "foreign_keys", "busy_timeout", "synchronous")
        }
    assert pragma == {
        "journal_mode": "wal",
        "foreign_keys": 1,
        "busy_timeout": 30000,
        "synchronous": 1,
    }


def test_second_connection_sees_committed_data(store_url, store_batch):
    with Store.open(store_url) as writer, Store.open(store_url, readonly=True) as reader:
        assert reader.count_documents() == 0
        writer.add_batch(store_batch)
        assert reader.count_documents() == 3
    code = f"from dyad.store import Store; print(Store.open({store_url!r}).count_documents())"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "3"


_SAME_BATCH_WRITER = """
import json, sys
from dyad.model import Document, RawItem, document_id
from dyad.store import Store

items = []
for n in range(40):
    raw = RawItem(f"f{n}.txt", f"f{n}.txt", f"file {n}".encode(), "text")
    items.append((raw, [Document(document_id(raw.sha256, 0), raw.source, 0, f"text {n}", raw.sha256)]))
with Store.open(sys.argv[1]) as store:
    added = 0
    for start in range(0, 40, 5):
        added += store.add_batch(items[start:start + 5]).documents_added
print(added)
"""


def test_concurrent_runs_of_the_same_input_store_it_once(store_url, tmp_path):
    Store.open(store_url).close()
    script = tmp_path / "same.py"
    script.write_text(_SAME_BATCH_WRITER)
    procs = [
        subprocess.Popen(
            [sys.executable, str(script), store_url], stdout=subprocess.PIPE, text=True
        )
        for _ in range(3)
    ]
    added = [int(proc.communicate()[0]) for proc in procs]
    assert all(proc.returncode == 0 for proc in procs)
    assert sum(added) == 40
    with Store.open(store_url) as store:
        assert store.count_documents() == 40


# -- opening, migrations, read-only ------------------------------------------


_MIGRATION_ROWS = "SELECT name, applied_at FROM migrations ORDER BY name"


def test_migrations_are_recorded_and_not_rerun(store_url, store_sql):
    Store.open(store_url).close()
    first = store_sql(_MIGRATION_ROWS)
    assert [name for name, _ in first] == [
        "0001_documents",
        "0002_documents_fts",
        "0003_annotations",
        "0004_events_quotes_meetings",
        "0005_links_and_commitments",
        "0006_documents_search_postgresql",
        "0007_event_listing_indexes",
        "0008_event_countries",
        "0009_event_publisher",
        "0010_event_combined_listing_indexes",
        "0011_event_document_title",
        "0012_document_agency_and_updated",
        "0013_meeting_status",
        "0014_link_progress",
        "0015_meeting_records",
        "0018_event_dyad_counts_index",
        "0019_store_generation",
        "0020_dyad_months",
        "0021_no_band_document_index",
    ]
    assert SCHEMA_VERSION == len(first) == len(migrations.MIGRATIONS)
    Store.open(store_url).close()
    assert store_sql(_MIGRATION_ROWS) == first


def test_older_store_is_upgraded_and_its_documents_indexed(
    store_url, store_sql, store_batch, monkeypatch
):
    monkeypatch.setattr(migrations, "MIGRATIONS", migrations.MIGRATIONS[:1])
    with Store.open(store_url) as old:
        old.add_batch(store_batch)
    monkeypatch.undo()
    with pytest.raises(StoreError, match="older Dyad"):
        Store.open(store_url, readonly=True)
    with Store.open(store_url) as store:
        assert [hit.title for hit in store.search("Shoygu")] == ["Shoygu in Moscow"]
    assert len(store_sql(_MIGRATION_ROWS)) == SCHEMA_VERSION


def test_upgrade_drops_the_index_of_band_rows_by_document_and_links_as_before(
    store_url, store_sql, store_batch, monkeypatch
):
    """Band rows are read by key alone: a store made before 0021 loses the index by document and still links."""
    monkeypatch.setattr(migrations, "MIGRATIONS", migrations.MIGRATIONS[:-1])
    Store.open(store_url).close()
    store_sql("CREATE INDEX IF NOT EXISTS ix_lsh_bands_document ON lsh_bands (document)")  # as 0005 made it
    monkeypatch.undo()

    def indexes() -> set[str]:
        engine = create_engine(locate(store_url).url)
        try:
            return {index["name"] for index in inspect(engine).get_indexes("lsh_bands")}
        finally:
            engine.dispose()

    assert "ix_lsh_bands_document" in indexes()
    with Store.open(store_url) as store:
        store.add_batch(store_batch)
        ids = [doc.id for doc in store.iter_documents()]
        assert link_documents(store, ids, None).documents == len(ids)
    assert "ix_lsh_bands_document" not in indexes()
    assert store_sql("SELECT COUNT(*) FROM lsh_bands")[0][0] > 0


def test_upgrade_copies_each_documents_publisher_and_title_onto_its_events(
    store_url, store_sql, store_batch, monkeypatch
):
    monkeypatch.setattr(migrations, "MIGRATIONS", migrations.MIGRATIONS[:8])
    with Store.open(store_url) as old:
        old.add_batch(store_batch)
    monkeypatch.undo()
    doc, publisher, title = store_sql(
        "SELECT id, publisher, title FROM documents WHERE publisher IS NOT NULL AND title IS NOT NULL ORDER BY id")[0]
    store_sql(
        "INSERT INTO events (id, document, cameo, root, quad_class, goldstein, date, date_precision, modality,"
        " start, \"end\", \"trigger\", confidence, coder, documents, publishers)"
        " VALUES ('ev', :doc, '040', '04', 1, 1.0, '2020-01-01', 'day', 'asserted', 0, 4, 'met', 0.9, 't', 1, 1)",
        doc=doc,
    )
    Store.open(store_url).close()
    assert store_sql("SELECT publisher, document_title FROM events") == [(publisher, title)]


def test_upgrade_gives_documents_made_before_0012_agency_and_updated_columns(store_url, store_sql, store_batch, monkeypatch):
    monkeypatch.setattr(migrations, "MIGRATIONS", migrations.MIGRATIONS[:11])
    with Store.open(store_url) as old:
        old.add_batch(store_batch)
    monkeypatch.undo()
    store_sql("ALTER TABLE documents DROP COLUMN agency")  # the table as a store before 0012 made it
    store_sql("ALTER TABLE documents DROP COLUMN updated")
    with Store.open(store_url) as store:
        docs = list(store.iter_documents())
    assert docs and all(doc.agency is None and doc.updated is None for doc in docs)
    assert store_sql("SELECT count(*) FROM documents WHERE agency IS NULL") == [(len(docs),)]


def test_a_new_persons_state_is_filled_in_by_a_later_document_never_overwritten(store_url, store_batch):
    from dyad.actors import Actor

    first, second = store_batch[0][1][0], store_batch[1][1][0]
    untitled = Actor(id="new:ana_roe", name="Ana Roe", kind="person", sources=["text"])
    titled = replace(untitled, country="PRT", sector="GOV", code="PRTGOV")
    other = replace(untitled, country="ESP", sector="GOV", code="ESPGOV")
    with Store.open(store_url) as store:
        store.add_batch(store_batch[:1], {first.id: Annotations(first.id, actors=[untitled])})
        assert store.get_actor("new:ana_roe").country is None
        store.add_batch(store_batch[1:2], {second.id: Annotations(second.id, actors=[titled])})
        assert (store.get_actor("new:ana_roe").country, store.get_actor("new:ana_roe").code) == ("PRT", "PRTGOV")
        store.add_batch(store_batch[2:], {d.id: Annotations(d.id, actors=[other]) for d in store_batch[2][1]})
        assert store.get_actor("new:ana_roe").country == "PRT"  # the first state given stays


def test_events_carry_their_documents_publisher_and_title_however_written(store_url, store_sql, store_batch):
    """Listings read them off the events: given by the writer on ingest, read from the store on re-analysis."""
    doc = store_batch[0][1][0]
    assert doc.publisher and doc.title
    met = Event("sergei_shoigu", None, "040", "asserted", 0, 10, "met", 0.9, "2013-11-02", "day", "test")
    with Store.open(store_url) as store:
        store.add_batch(store_batch, {doc.id: Annotations(doc.id, events=[met])})
        assert store_sql("SELECT publisher, document_title FROM events") == [(doc.publisher, doc.title)]
        store.replace_annotations([Annotations(doc.id, events=[met, replace(met, start=20, end=30)])])
        assert store_sql("SELECT publisher, document_title FROM events") == [(doc.publisher, doc.title)] * 2


def test_store_from_a_newer_dyad_is_refused(store_url, store_sql):
    Store.open(store_url).close()
    store_sql("INSERT INTO migrations VALUES ('0099_from_the_future', '2031-01-01')")
    for readonly in (False, True):
        with pytest.raises(StoreError, match=r"newer Dyad.*0099_from_the_future.*Upgrade Dyad"):
            Store.open(store_url, readonly=readonly)


def test_missing_store_is_not_created_when_told_not_to(store_path):
    for kwargs in ({"create": False}, {"readonly": True}):
        with pytest.raises(StoreError) as err:
            Store.open(store_path, **kwargs)
        assert str(err.value) == f"No store at {store_path}. Run `dyad ingest PATH` first."
    assert not Path(store_path).exists()


def test_store_in_a_missing_folder_is_reported(tmp_path):
    with pytest.raises(StoreError, match="folder .* does not exist"):
        Store.open(str(tmp_path / "nowhere" / "dyad.db"))


def test_file_that_is_not_a_store_is_reported(tmp_path):
    junk = tmp_path / "notes.db"
    junk.write_text("not a database " * 100)
    with pytest.raises(StoreError, match="Cannot open the store"):
        Store.open(str(junk))
    empty_sqlite = tmp_path / "other.db"
    sqlite3.connect(empty_sqlite).execute("CREATE TABLE t (x)").connection.close()
    with pytest.raises(StoreError, match="not a Dyad store"):
        Store.open(str(empty_sqlite), readonly=True)


def test_readonly_store_cannot_write(store_url, store_batch):
    with Store.open(store_url) as store:
        store.add_batch(store_batch[:1])
    with Store.open(store_url, readonly=True) as reader:
        with pytest.raises(StoreError, match="read-only"):
            reader.add_batch(store_batch)
        with reader._engine.connect() as conn, pytest.raises(Exception, match="readonly|read-only"):
            conn.exec_driver_sql("DELETE FROM documents")
        assert reader.count_documents() == 2


def test_readonly_postgresql_store_prepares_its_reads_and_plans_each_for_its_values(store_url, store_batch):
    """Parsed once per session, planned per run: a rare state's page is not read by a plan made for a common one."""
    if not store_url.startswith("postgresql"):
        pytest.skip("PostgreSQL's prepared statements and plan cache")
    from dyad.queries.events import EventFilter, page

    with Store.open(store_url) as store:
        store.add_batch(store_batch)
    with Store.open(store_url, readonly=True) as reader:
        for _ in range(3):
            page(reader.engine, EventFilter(source="JPN"), limit=5)
        with reader._engine.connect() as conn:
            assert conn.exec_driver_sql("SHOW plan_cache_mode").scalar() == "force_custom_plan"
            prepared = conn.exec_driver_sql("SELECT count(*) FROM pg_prepared_statements").scalar()
        assert prepared and prepared >= 1
    with Store.open(store_url) as writer, writer._engine.connect() as conn:  # a writer's statements run once
        assert conn.exec_driver_sql("SHOW plan_cache_mode").scalar() == "auto"


def test_readonly_postgresql_store_keeps_the_connections_a_burst_opened(store_url, store_batch):
    """A burst of page views (each in its own thread) must not close, then reopen, server sessions for the next."""
    if not store_url.startswith("postgresql"):
        pytest.skip("SQLite connections are files opened in process")
    with Store.open(store_url) as store:
        store.add_batch(store_batch[:1])
    with Store.open(store_url, readonly=True) as reader:
        burst = [reader._engine.connect() for _ in range(12)]
        pids = {conn.exec_driver_sql("SELECT pg_backend_pid()").scalar() for conn in burst}
        for conn in burst:
            conn.close()
        again = [reader._engine.connect() for _ in range(12)]
        assert {conn.exec_driver_sql("SELECT pg_backend_pid()").scalar() for conn in again} == pids
        for conn in again:
            conn.close()


def test_postgresql_store_replaces_the_connections_the_server_closed(store_url, store_batch):
    """Sessions ended by the server between two reads (a restart does that) cost a reconnect, not an error."""
    if not store_url.startswith("postgresql"):
        pytest.skip("SQLite connections are files opened in process")
    with Store.open(store_url) as store:
        store.add_batch(store_batch[:1])
    with Store.open(store_url, readonly=True) as reader, Store.open(store_url) as admin:
        page = queries.events.page(reader.engine, EventFilter())
        held = [reader._engine.connect() for _ in range(3)]
        pids = {conn.exec_driver_sql("SELECT pg_backend_pid()").scalar() for conn in held}
        for conn in held:
            conn.close()
        with admin._engine.connect() as conn:
            ended = [conn.exec_driver_sql(f"SELECT pg_terminate_backend({pid}, 5000)").scalar() for pid in pids]
        assert ended == [True] * 3
        # the page query (the driver's own connection) and the SQLAlchemy reads, each on a fresh session
        assert queries.events.page(reader.engine, EventFilter()) == page
        assert reader.count_documents() == 2
        again = [reader._engine.connect() for _ in range(3)]
        assert not pids & {conn.exec_driver_sql("SELECT pg_backend_pid()").scalar() for conn in again}
        for conn in again:
            conn.close()


@pytest.mark.parametrize("url", [":memory:", "sqlite:///{path}", "{path}"])
def test_store_opens_from_every_kind_of_location(url, store_path, store_batch):
    with Store.open(url.format(path=store_path)) as store:
        store.add_batch(store_batch)
        assert store.count_documents() == 3
        assert store.search("Lavrov")


# -- search ------------------------------------------------------------------


@pytest.fixture
def store_searchable(store_db, store_make):
    filler = "The ministers discussed regional security and economic ties at length. "
    store_db.add_batch(
        [
            store_make(
                "body.html", [("Ministers meet", filler + "They mentioned the Kuril Islands.")]
            ),
            store_make("title.html", [("Kuril Islands dispute", filler + "They met again.")]),
            store_make("none.html", [("Weather", "Rain in Tokyo all week.")]),
            store_make("accent.html", [("Visit", "Sergueï Choïgou est arrivé à Tokyo.")]),
        ]
    )
    return store_db


def test_title_match_ranks_above_body_match(store_searchable):
    hits = store_searchable.search("Kuril")
    assert [hit.title for hit in hits] == ["Kuril Islands dispute", "Ministers meet"]
    assert hits[0].score > hits[1].score > 0


def test_hits_carry_a_marked_snippet(store_searchable):
    (hit,) = store_searchable.search("rain")
    assert hit.snippet == "«Rain» in Tokyo all week."
    assert (hit.publisher, hit.published) == (None, None)
    body = store_searchable.search("mentioned")[0]
    assert "«mentioned»" in body.snippet and len(body.snippet) < 200


def test_search_ignores_diacritics_and_respects_limit(store_searchable):
    assert [hit.title for hit in store_searchable.search("choigou")] == ["Visit"]
    assert len(store_searchable.search("Tokyo", limit=1)) == 1
    assert store_searchable.search("   ") == []


@pytest.mark.parametrize(
    "query",
    ['"Kuril', "AND", "Kuril AND", "Kuril:", "kuril:islands", "NOT", "(", "*", "^", '"'],
)
def test_query_syntax_errors_do_not_crash(store_searchable, query):
    hits = store_searchable.search(query)
    if "uril" in query:
        assert {hit.title for hit in hits} == {"Kuril Islands dispute", "Ministers meet"}


def test_fts_operators_still_work(store_searchable):
    assert len(store_searchable.search("Kuril OR rain")) == 3
    assert [h.title for h in store_searchable.search('"Kuril Islands dispute"')] == [
        "Kuril Islands dispute"
    ]
    assert [h.title for h in store_searchable.search("title:weather")] == ["Weather"]


def test_unparseable_query_says_how_to_write_one(store_searchable, monkeypatch):
    monkeypatch.setattr(dyad.store.search, "quote_words", lambda query: '"')
    monkeypatch.setattr(dyad.store.search_postgresql, "plain_tsquery_text", lambda query: "&")
    with pytest.raises(QueryError, match="phrase in double quotes") as err:
        store_searchable.search("AND")
    assert isinstance(err.value, DyadError)


# -- summary -----------------------------------------------------------------


def test_summary_counts_by_publisher_month_and_language(store_db, store_batch, store_make):
    store_db.add_batch(store_batch)
    store_db.add_batch([store_make("x.html", [(None, "Undated note.")], language="ja")])
    summary = queries.documents.summary(store_db.engine)._asdict()
    heads = summary.pop("heads")
    assert summary == {
        "documents": 4,
        "raw_inputs": 4,
        "by_publisher": {"Ministry of Defence": 2, "TASS": 1, "unknown": 1},
        "by_month": {"2013-11": 2, "2018-07": 1, "undated": 1},
        "languages": {"en": 3, "ja": 1},
    }
    assert {name: head["found"] for name, head in heads.items()} == {
        "title": 3, "publisher": 3, "published": 3, "agency": 0}
    assert heads["published"]["examples"] == ["x.html#0"] and len(heads["agency"]["examples"]) == 4
    assert sum(heads["published"]["methods"].values()) == 4  # every document, the undated one as "unknown"


# -- PostgreSQL locations ----------------------------------------------------


@pytest.mark.parametrize("given", ["postgresql://u@h/db", "postgres://u@h/db"])
def test_postgresql_urls_get_the_psycopg_driver(given):
    location = locate(given)
    assert location.url.drivername == "postgresql+psycopg"
    assert location.postgresql and not location.sqlite
    assert location.describe() == "postgresql+psycopg://u@h/db"


def test_a_named_driver_is_kept():
    assert locate("postgresql+psycopg2://u@h/db").url.drivername == "postgresql+psycopg2"


def test_unreachable_postgresql_server_is_reported():
    with pytest.raises(StoreError, match="Cannot open the store at postgresql"):
        Store.open("postgresql://nobody@127.0.0.1:9/none?connect_timeout=2")


def test_rows_written_through_the_driver_read_back_as_through_sqlalchemy(store_db, store_batch):
    """Plain tables skip SQLAlchemy's row handling: the same values stored, defaults filled, clashes skipped."""
    from sqlalchemy import select

    from dyad.store.batch import ignoring
    from dyad.store.bulk import insert_rows
    from dyad.store.schema import analyses, events, times

    store_db.add_batch(store_batch)
    doc = store_batch[0][1][0].id
    time_rows = [{"document": doc, "start": k, "end": k + 4, "text": "today", "value": None, "first": "2013-11-02",
                  "last": None, "precision": "day", "anchored": k % 2 == 0, "modifier": None} for k in range(3)]
    event = {"id": "e1", "document": doc, "source_actor": None, "target_actor": None, "source_code": "RUS",
             "target_code": "JPN", "cameo": "040", "root": "04", "quad_class": 1, "goldstein": 1.0, "plover": None,
             "date": "2013-11-02", "date_precision": "day", "modality": "asserted", "start": 0, "end": 5,
             "trigger": "met", "confidence": 0.9, "coder": "rules", "source_country": "RUS",
             "target_country": "JPN", "dyad": "JPN-RUS", "publisher": "Ministry of Defence", "document_title": "T"}
    from datetime import UTC, datetime

    when = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)
    with store_db._write() as conn:
        insert = ignoring(conn)
        insert_rows(conn, times, time_rows, insert)
        insert_rows(conn, times, [{**time_rows[0], "text": "a clash, skipped"}], insert)
        insert_rows(conn, events, [event], insert)  # `documents` and `publishers` left to their default
        insert_rows(conn, analyses, [{"document": doc, "version": "9", "analysed_at": when}], insert)  # a date: SQLAlchemy's way
        insert_rows(conn, events, [], insert)
    with store_db._engine.connect() as conn:
        got = [dict(row._mapping) for row in conn.execute(select(times).order_by(times.c.start))]
        stored_event = dict(conn.execute(select(events)).one()._mapping)
        analysed = conn.execute(select(analyses.c.analysed_at)).scalar_one()
    assert got == time_rows and [type(row["anchored"]) for row in got] == [bool] * 3
    assert stored_event == {**event, "documents": 1, "publishers": 1}
    assert analysed.replace(tzinfo=UTC) == when


def test_many_rows_go_in_statements_of_many_rows_and_read_back_in_order(store_db, store_batch, monkeypatch):
    """More rows than a statement takes, a clash inside and across statements: every row once, clashes skipped."""
    from sqlalchemy import select

    from dyad.store import bulk
    from dyad.store.schema import times

    store_db.add_batch(store_batch)
    doc = store_batch[0][1][0].id
    monkeypatch.setattr(bulk, "ROWS_A_STATEMENT", 7)  # 23 rows: four statements on SQLite
    rows = [(doc, 1000 + k, 1004 + k, f"day {k}", None, "2013-11-02", None, "day", k % 2 == 0, None)
            for k in range(23)]
    clashes = [rows[3][:3] + ("again",) + rows[3][4:], rows[20][:3] + ("again",) + rows[20][4:]]
    with store_db._write() as conn:
        bulk.insert_many(conn, "times", rows[:10] + clashes + rows[10:], ignore=True)
    with store_db._engine.connect() as conn:
        got = conn.execute(select(times.c.start, times.c.text).where(times.c.start >= 1000)
                           .order_by(times.c.start)).all()
    # the first row of a key stays: row 3 came before its clash, row 20 after
    assert [tuple(row) for row in got] == [(1000 + k, "again" if k == 20 else f"day {k}") for k in range(23)]


def test_upgrade_gives_meetings_made_before_0013_the_status_held(store_url, store_sql, store_batch, monkeypatch):
    from dyad.model import Meeting

    doc = store_batch[0][1][0]
    monkeypatch.setattr(migrations, "MIGRATIONS", migrations.MIGRATIONS[:12])
    with Store.open(store_url) as old:
        old.add_batch(store_batch, {doc.id: Annotations(doc.id, meetings=[Meeting(0, 9, "2019-05-30", "Tokyo", "2+2")])})
    monkeypatch.undo()
    store_sql("ALTER TABLE meetings DROP COLUMN status")  # the table as a store before 0013 made it
    with Store.open(store_url) as store:
        assert [(m.place, m.status) for m in store.meetings_of(doc.id)] == [("Tokyo", "held")]
        assert store.plans_of(doc.id) == []


def test_upgrade_to_0015_links_the_stored_meeting_reports_into_records(store_url, store_sql, store_batch, monkeypatch):
    from dyad.model import Meeting

    first, second = store_batch[0][1][0], store_batch[1][1][0]
    tokyo = Meeting(0, 9, "2019-05-30", "Tokyo", "2+2", ["taro_kono", "sergey_lavrov"])
    found = {first.id: Annotations(first.id, meetings=[tokyo, Meeting(20, 29, "2019-05-31", None, None, ["JPN"],
                                                                      status="planned")]),
             second.id: Annotations(second.id, meetings=[Meeting(5, 15, "2019-05", "Tokyo", None, ["taro_kono"]),
                                                         Meeting(30, 40, "2020-01-10", "Oslo", "summit")])}
    monkeypatch.setattr(migrations, "MIGRATIONS", migrations.MIGRATIONS[:13])
    with Store.open(store_url) as old:
        old.add_batch(store_batch, found)
    monkeypatch.undo()
    for statement in ("DROP INDEX ix_meetings_record", "ALTER TABLE meetings DROP COLUMN record",
                      "DROP TABLE IF EXISTS meeting_records", "DROP TABLE IF EXISTS meeting_people"):
        store_sql(statement)  # the store as Dyad made it before 0015
    with Store.open(store_url) as store:
        records = list(queries.meetings.stream(store.engine))
        assert sorted((r.date, r.place, r.format, r.status, sorted(r.documents)) for r in records) == [
            ("2019-05-30", "Tokyo", "2+2", "held", sorted([first.id, second.id])),
            ("2019-05-31", None, None, "planned", [first.id]),  # a plan sharing no one with the meeting held
            ("2020-01-10", "Oslo", "summit", "held", [second.id]),
        ]
        assert queries.meetings.count(store.engine) == 3 and queries.counts.records(store.engine)._asdict()["meetings"] == 2  # held ones count
        assert store.link_meetings() == 0  # the upgrade linked them all
    with Store.open(store_url) as again:
        assert list(queries.meetings.stream(again.engine)) == records


def test_reads_made_ahead_are_given_as_read_and_a_failure_ahead_is_met_where_it_is_read(store_url, store_batch):
    """A view's reads made together (one round trip on PostgreSQL) give the rows each would read alone, once."""
    from sqlalchemy import bindparam, func, select

    from dyad.errors import StoreUnavailable
    from dyad.store.engine import Read, read_ahead, read_rows
    from dyad.store.schema import documents

    with Store.open(store_url) as store:
        store.add_batch(store_batch)
    titles = select(documents.c.title).where(documents.c.id == bindparam("id"))
    parts = select(documents.c.part).where(documents.c.id == bindparam("id"))
    with Store.open(store_url, readonly=True) as reader:
        ids = [row[0] for row in read_rows(reader.engine, select(documents.c.id).order_by(documents.c.id), {})]
        alone = [read_rows(reader.engine, titles, {"id": i}) for i in ids] + [read_rows(reader.engine, parts, {"id": ids[0]})]
        reads = [Read(titles, {"id": i}) for i in ids] + [Read(parts, {"id": ids[0]})]
        with read_ahead(reader.engine, reads):
            if store_url.startswith("postgresql"):  # made already: the pool is not asked again
                away = StoreUnavailable(store_url, "asked again")
                original, reader.engine.raw_connection = reader.engine.raw_connection, lambda: (_ for _ in ()).throw(away)
                try:
                    together = [read_rows(reader.engine, statement, params) for statement, params in reads]
                finally:
                    reader.engine.raw_connection = original
            else:
                together = [read_rows(reader.engine, statement, params) for statement, params in reads]
            assert read_rows(reader.engine, titles, {"id": ids[0]}) == alone[0]  # given once, then read again
        assert together == alone
        broken = select(func.no_such_function(documents.c.title)).where(documents.c.id == bindparam("id"))
        with read_ahead(reader.engine, [Read(titles, {"id": ids[0]}), Read(broken, {"id": ids[0]})]):
            assert read_rows(reader.engine, titles, {"id": ids[0]}) == alone[0]
            with pytest.raises(Exception, match="no_such_function"):  # the driver's own error, as read alone
                read_rows(reader.engine, broken, {"id": ids[0]})
