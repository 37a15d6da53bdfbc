"""Named schema migrations, applied in order and recorded in the `migrations` table.

A store knows which migrations made it, so opening it tells three cases apart:
up to date (nothing runs), older (the missing steps run, once, under the write
lock), or made by a newer Dyad (refused, since this code cannot know what the
unknown steps changed). Steps that only make sense on one engine, such as
SQLite's FTS5 index, check the dialect and do nothing elsewhere, but are still
recorded so every store carries the same list of names. On PostgreSQL the
whole upgrade runs under an advisory lock, PostgreSQL's stand-in for the
write lock SQLite takes, so two processes opening a new store do not both
create its tables.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from sqlalchemy import Boolean, Connection, DateTime, Engine, Text, inspect, select, text

from dyad.errors import StoreError
from dyad.store import dyad_months, search_postgresql
from dyad.store.engine import reading, writing
from dyad.store.meeting_records import link_unlinked
from dyad.store.schema import (
    actors,
    analyses,
    commitments,
    documents,
    events,
    ix_documents_story,
    ix_meetings_record,
    lsh_bands,
    meeting_people,
    meeting_records,
    meetings,
    mentions,
    metadata,
    migrations,
    quotes,
    raw_inputs,
    store_generation,
    stories,
    times,
)

Step = Callable[[Connection], None]
# Any fixed number, the same in every Dyad process: "Dyad is migrating this database".
_PG_LOCK_KEY = 0x44796164

# External-content FTS5: the index holds no copy of the text, only postings; the
# triggers keep it in step with `documents`. remove_diacritics 2 lets "Shoygu"
# typed plainly find accented spellings too. `documents` has a text primary key,
# so the index follows its implicit rowid; SQLite's VACUUM keeps those in
# practice, but its documentation does not promise it, so anything that rewrites
# the table should end with the 'rebuild' statement below.
_FTS_SQL = (
    """CREATE VIRTUAL TABLE documents_fts USING fts5(
        title, text,
        content='documents', content_rowid='rowid',
        tokenize='unicode61 remove_diacritics 2'
    )""",
    """CREATE TRIGGER documents_fts_insert AFTER INSERT ON documents BEGIN
        INSERT INTO documents_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text);
    END""",
    """CREATE TRIGGER documents_fts_delete AFTER DELETE ON documents BEGIN
        INSERT INTO documents_fts(documents_fts, rowid, title, text)
        VALUES ('delete', old.rowid, old.title, old.text);
    END""",
    """CREATE TRIGGER documents_fts_update AFTER UPDATE OF title, text ON documents BEGIN
        INSERT INTO documents_fts(documents_fts, rowid, title, text)
        VALUES ('delete', old.rowid, old.title, old.text);
        INSERT INTO documents_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text);
    END""",
    # Index whatever documents were stored before this step ran.
    "INSERT INTO documents_fts(documents_fts) VALUES ('rebuild')",
)


def _create_documents(conn: Connection) -> None:
    """Create the raw input and document tables."""
    metadata.create_all(conn, tables=[raw_inputs, documents])


def _create_documents_fts(conn: Connection) -> None:
    """Create the SQLite full-text index over document titles and texts."""
    if conn.dialect.name != "sqlite":
        return  # PostgreSQL's index is step 0006.
    for statement in _FTS_SQL:
        conn.exec_driver_sql(statement)


def _create_documents_search_postgresql(conn: Connection) -> None:
    """Create PostgreSQL's text search configuration and GIN index over titles and texts."""
    if conn.dialect.name != "postgresql":
        return  # SQLite's index is step 0002.
    config = search_postgresql.CONFIG
    conn.exec_driver_sql(f"CREATE TEXT SEARCH CONFIGURATION {config} (COPY = pg_catalog.simple)")
    unaccent = _unaccent_dictionary(conn)
    if unaccent:
        conn.exec_driver_sql(
            f"ALTER TEXT SEARCH CONFIGURATION {config} "
            f"ALTER MAPPING FOR hword, hword_part, word WITH {unaccent}, simple"
        )
    vector = search_postgresql.DOCUMENT_VECTOR.format(t="")
    conn.exec_driver_sql(f"CREATE INDEX ix_documents_search ON documents USING GIN (({vector}))")


# The events listings (web UI and API) read the latest events first: ORDER BY
# date DESC NULLS LAST, id. These indexes hold rows in exactly that order, so a
# page is read off an index instead of sorting every match. SQLite has no
# NULLS LAST in index definitions, but its DESC puts NULLs (its smallest
# values) last anyway; PostgreSQL's DESC puts them first, so it is spelt out.
_EVENT_LISTING_INDEXES = (
    ("ix_events_listing", "{date}, id"),
    ("ix_events_root_listing", "root, {date}, id"),
    ("ix_events_source_actor", "source_actor, {date}, id"),
    ("ix_events_target_actor", "target_actor, {date}, id"),
    ("ix_events_target", "target_code, source_code, date"),
)


def _create_event_listing_indexes(conn: Connection) -> None:
    """Index events in listing order, per CAMEO root and per actor, and by target code."""
    date = "date DESC NULLS LAST" if conn.dialect.name == "postgresql" else "date DESC"
    for name, columns in _EVENT_LISTING_INDEXES:
        conn.exec_driver_sql(f"CREATE INDEX IF NOT EXISTS {name} ON events ({columns.format(date=date)})")
    # (root, date) is the prefix of the root listing index, which now serves its queries.
    conn.exec_driver_sql("DROP INDEX IF EXISTS ix_events_root_date")


_COUNTRY_COLUMNS = (("source_country", "VARCHAR(3)"), ("target_country", "VARCHAR(3)"), ("dyad", "VARCHAR(7)"))
_COUNTRY_INDEXES = (
    ("ix_events_dyad_listing", "dyad, {date}, id"),
    ("ix_events_source_country_listing", "source_country, {date}, id"),
    ("ix_events_target_country_listing", "target_country, {date}, id"),
)


def _add_event_countries(conn: Connection) -> None:
    """Give events their source and target states and dyad, filled in for stored rows, and index them.

    A country filter on code prefixes ("USA" matching "USAGOV") is a range no
    index returns in date order, so at a million events a listing sorted every
    match. Equality on these columns reads a page straight off an index.
    """
    have = {column["name"] for column in inspect(conn).get_columns("events")}
    for name, kind in _COUNTRY_COLUMNS:
        if name not in have:  # a store made before 0008 lacks them; a new one has them from 0004
            conn.exec_driver_sql(f"ALTER TABLE events ADD COLUMN {name} {kind}")
    conn.exec_driver_sql(
        "UPDATE events SET source_country = substr(source_code, 1, 3), target_country = substr(target_code, 1, 3) "
        "WHERE source_country IS NULL AND target_country IS NULL"
    )
    conn.exec_driver_sql(
        "UPDATE events SET dyad = CASE WHEN source_country < target_country "
        "THEN source_country || '-' || target_country ELSE target_country || '-' || source_country END "
        "WHERE dyad IS NULL AND source_country IS NOT NULL AND target_country IS NOT NULL"
    )
    date = "date DESC NULLS LAST" if conn.dialect.name == "postgresql" else "date DESC"
    for name, columns in _COUNTRY_INDEXES:
        conn.exec_driver_sql(f"CREATE INDEX IF NOT EXISTS {name} ON events ({columns.format(date=date)})")


def _add_event_publisher(conn: Connection) -> None:
    """Give events their document's publisher, filled in for stored rows, and index it in listing order.

    A publisher filter through the documents table gathers and sorts every
    event of that publisher's documents (a second at a million events); on
    the events themselves an index returns a page in date order.
    """
    if "publisher" not in {column["name"] for column in inspect(conn).get_columns("events")}:
        conn.exec_driver_sql("ALTER TABLE events ADD COLUMN publisher TEXT")  # a store made before 0009
    conn.exec_driver_sql(
        "UPDATE events SET publisher = (SELECT d.publisher FROM documents AS d WHERE d.id = events.document) "
        "WHERE publisher IS NULL"
    )
    date = "date DESC NULLS LAST" if conn.dialect.name == "postgresql" else "date DESC"
    conn.exec_driver_sql(f"CREATE INDEX IF NOT EXISTS ix_events_publisher_listing ON events (publisher, {date}, id)")


def _add_event_document_title(conn: Connection) -> None:
    """Give events their document's title, filled in for stored rows.

    A listing page read each of its rows' titles from the documents table:
    fifty index look-ups, a fifth of PostgreSQL's work for a page.
    """
    if "document_title" not in {column["name"] for column in inspect(conn).get_columns("events")}:
        conn.exec_driver_sql("ALTER TABLE events ADD COLUMN document_title TEXT")  # a store made before 0011
    conn.exec_driver_sql(
        "UPDATE events SET document_title = (SELECT d.title FROM documents AS d WHERE d.id = events.document) "
        "WHERE document_title IS NULL"
    )


def _add_document_agency_and_updated(conn: Connection) -> None:
    """Give documents the wire agency their text comes from and the page's revision date.

    The agency is kept apart from the outlet that published the page, the
    revision date apart from the publication date. Stored documents keep
    NULL: before 0012 an agency stood in `publisher` and a revision date was
    not read.
    """
    columns = {column["name"] for column in inspect(conn).get_columns("documents")}
    for name, kind in (("agency", "TEXT"), ("updated", "VARCHAR(32)")):
        if name not in columns:
            conn.exec_driver_sql(f"ALTER TABLE documents ADD COLUMN {name} {kind}")  # a store made before 0012


def _add_meeting_status(conn: Connection) -> None:
    """Give meetings a status: held, or planned (a preview's announced meeting).

    Every meeting stored before 0013 was one reported as held: plans were
    not stored, so the column's default is right for them.
    """
    columns = {column["name"] for column in inspect(conn).get_columns("meetings")}
    if "status" not in columns:  # a store made before 0013
        conn.exec_driver_sql("ALTER TABLE meetings ADD COLUMN status VARCHAR(16) NOT NULL DEFAULT 'held'")


def _add_link_progress(conn: Connection) -> None:
    """Record a run's progress past storing: failed linking, stories to recount, analyses not followed up.

    Analyses stored before 0014 start as not followed up, so the first ingest
    after the upgrade follows every commitment up once, repairing statuses
    that an interrupted run of an older Dyad left behind.
    """
    added = (("documents", "link_error", Text()), ("analyses", "followed_at", DateTime(timezone=True)),
             ("stories", "counts_stale", Boolean()))
    for table, name, kind in added:
        if name not in {column["name"] for column in inspect(conn).get_columns(table)}:  # a store made before 0014
            conn.exec_driver_sql(f"ALTER TABLE {table} ADD COLUMN {name} {kind.compile(dialect=conn.dialect)}")


def _add_meeting_records(conn: Connection) -> None:
    """Store meetings as records merged across documents, and link the reports already stored into them.

    Before 0015 every read merged the reports again (exports, the web, the
    follow-up, eval). The reports of an older store are linked here, once,
    as linking links a new batch (dyad.link.meeting_records), so its
    meetings read as after a fresh ingest; its stories are left as they were.
    """
    columns = {column["name"] for column in inspect(conn).get_columns("meetings")}
    if "record" not in columns:  # a store made before 0015
        conn.exec_driver_sql("ALTER TABLE meetings ADD COLUMN record VARCHAR(32)")
    ix_meetings_record.create(conn, checkfirst=True)
    metadata.create_all(conn, tables=[meeting_records, meeting_people])
    link_unlinked(conn, stories=False)  # stories stay as they were: no story's events are recounted here


# Listings filtered on a state (or a pair) and a CAMEO root together, or on a
# source and a target state: either index alone returns one condition in date
# order and checks the other row by row, which reads most of a rare
# combination's state (Cuba's fights, 14), or makes the planner gather and
# sort a busy pair.
_COMBINED_INDEXES = (
    ("ix_events_directed_listing", "source_country, target_country, {date}, id"),
    ("ix_events_source_root_listing", "source_country, root, {date}, id"),
    ("ix_events_target_root_listing", "target_country, root, {date}, id"),
    ("ix_events_dyad_root_listing", "dyad, root, {date}, id"),
)


def _add_combined_listing_indexes(conn: Connection) -> None:
    """Index events by state and root, by pair and root, and by directed pair, in listing order.

    The state listings of 0008 are made again with the actor code at their
    end: a filter on a longer code ("RUSMIL") reads the state's events in
    date order and checks each code in the index itself, not in the table
    row (ten times fewer page reads for one sector of ten).
    """
    date = "date DESC NULLS LAST" if conn.dialect.name == "postgresql" else "date DESC"
    for name, columns in _COMBINED_INDEXES:
        conn.exec_driver_sql(f"CREATE INDEX IF NOT EXISTS {name} ON events ({columns.format(date=date)})")
    for side in ("source", "target"):
        name = f"ix_events_{side}_country_listing"
        conn.exec_driver_sql(f"DROP INDEX IF EXISTS {name}")
        conn.exec_driver_sql(f"CREATE INDEX {name} ON events ({side}_country, {date}, id, {side}_code)")


def _unaccent_dictionary(conn: Connection) -> str | None:
    """Install unaccent if allowed and name its dictionary, schema-qualified; None without it.

    unaccent ships with Debian's PostgreSQL and is a trusted extension, so a
    database owner may install it; a server without it still searches, only
    without folding accents.
    """
    try:
        with conn.begin_nested():
            conn.exec_driver_sql("CREATE EXTENSION IF NOT EXISTS unaccent")
    except Exception:  # noqa: BLE001 - any refusal means: search without it
        pass
    schema = conn.scalar(text(
        "SELECT n.nspname FROM pg_extension AS e JOIN pg_namespace AS n "
        "ON n.oid = e.extnamespace WHERE e.extname = 'unaccent'"
    ))
    return f'"{schema}".unaccent' if schema else None


def _create_annotations(conn: Connection) -> None:
    """Create the tables for actors, mentions, date expressions and analysis versions."""
    metadata.create_all(conn, tables=[actors, mentions, times, analyses])


def _create_events(conn: Connection) -> None:
    """Create the tables for events, quotes and meetings."""
    metadata.create_all(conn, tables=[events, quotes, meetings])


def _create_links(conn: Connection) -> None:
    """Create the tables of the cross-document stage: stories, LSH bands, commitments."""
    metadata.create_all(conn, tables=[stories, lsh_bands, commitments])
    ix_documents_story.create(conn, checkfirst=True)


def _add_dyad_counts_index(conn: Connection) -> None:
    """Index every column the dyad aggregates read, so they read the index alone, never the table.

    The top dyads (home page, dyads listing, report) group every event that
    counts by dyad, and a dyad's page groups its events by month and quad
    class; both read only these columns. On a million events in SQLite the
    top dyads took 4.4 s reading the table row by row through
    ix_events_dyad_listing and 0.26 s from this index, a busy pair's months
    46 ms and 14 ms; making the index took 2.9 s.
    """
    conn.exec_driver_sql(
        "CREATE INDEX IF NOT EXISTS ix_events_dyad_counts ON events "
        "(dyad, date, quad_class, goldstein, modality, document, source_country, target_country)"
    )


def _add_store_generation(conn: Connection) -> None:
    """Create the one-row count of write transactions that readers keeping answers compare (dyad.store.generation)."""
    store_generation.create(conn, checkfirst=True)
    if conn.execute(select(store_generation.c.n)).first() is None:
        conn.execute(store_generation.insert().values(id=1, n=0))


def _drop_band_document_index(conn: Connection) -> None:
    """Drop the index of band rows by document, which no statement reads.

    Band rows are read only by their key (the primary key's order) and never
    deleted, yet every row written also went into this index: on 1,000 news
    pages (some 400,000 rows) writing them cost 2.8 s of CPU with it and 1.5 s
    without.
    """
    conn.exec_driver_sql("DROP INDEX IF EXISTS ix_lsh_bands_document")


MIGRATIONS: tuple[tuple[str, Step], ...] = (
    ("0001_documents", _create_documents),
    ("0002_documents_fts", _create_documents_fts),
    ("0003_annotations", _create_annotations),
    ("0004_events_quotes_meetings", _create_events),
    ("0005_links_and_commitments", _create_links),
    ("0006_documents_search_postgresql", _create_documents_search_postgresql),
    ("0007_event_listing_indexes", _create_event_listing_indexes),
    ("0008_event_countries", _add_event_countries),
    ("0009_event_publisher", _add_event_publisher),
    ("0010_event_combined_listing_indexes", _add_combined_listing_indexes),
    ("0011_event_document_title", _add_event_document_title),
    ("0012_document_agency_and_updated", _add_document_agency_and_updated),
    ("0013_meeting_status", _add_meeting_status),
    ("0014_link_progress", _add_link_progress),
    ("0015_meeting_records", _add_meeting_records),
    ("0018_event_dyad_counts_index", _add_dyad_counts_index),
    ("0019_store_generation", _add_store_generation),
    (dyad_months.MIGRATION, dyad_months.create),
    ("0021_no_band_document_index", _drop_band_document_index),
)
SCHEMA_VERSION = len(MIGRATIONS)


def applied(conn: Connection) -> set[str]:
    """Return the names of the migrations a store records, or an empty set for a new one."""
    if not inspect(conn).has_table(migrations.name):
        return set()
    return set(conn.scalars(select(migrations.c.name)))


def pending(done: set[str], where: str) -> list[tuple[str, Step]]:
    """List the migrations still to run, refusing a store made by a newer Dyad."""
    known = {name for name, _ in MIGRATIONS}
    unknown = sorted(done - known)
    if unknown:
        raise StoreError(
            f"The store at {where} was written by a newer Dyad (it records migration "
            f"{', '.join(unknown)}, which this version does not know). "
            "Upgrade Dyad to open it, or point --db at another store."
        )
    return [(name, step) for name, step in MIGRATIONS if name not in done]


def check(engine: Engine, where: str) -> None:
    """Make sure a store can be read as it is, without changing it."""
    with reading(engine) as conn:
        done = applied(conn)
    if not done:
        raise StoreError(
            f"{where} is not a Dyad store (it has no migrations table). "
            "Point --db at a store made by `dyad ingest`."
        )
    if pending(done, where):
        raise StoreError(
            f"The store at {where} was made by an older Dyad and needs upgrading. "
            "Open it once for writing (for example with `dyad ingest`) and try again."
        )


def migrate(engine: Engine, where: str) -> list[str]:
    """Apply every missing migration and return the names of those applied now."""
    with reading(engine) as conn:
        done = applied(conn)
    if done and not pending(done, where):
        return []
    # Check again under the write lock: another process may have migrated meanwhile.
    with writing(engine) as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_LOCK_KEY})
        migrations.create(conn, checkfirst=True)
        todo = pending(applied(conn), where)
        for name, step in todo:
            step(conn)
            conn.execute(
                migrations.insert().values(name=name, applied_at=datetime.now(UTC))
            )
    return [name for name, _ in todo]
