"""Turn a store location into a configured SQLAlchemy engine, and open transactions on it.

A location is a file path (`dyad.db`), a `sqlite:///` URL, `:memory:`, or a
PostgreSQL URL (`postgresql://user@host/dyad`), which is given the psycopg 3
driver unless it names one. SQLite connections get the same pragmas every time
and their own `BEGIN`, so that a writer can take the write lock up front
(`BEGIN IMMEDIATE`) instead of failing half-way when another process wrote
first. PostgreSQL needs no write lock (its rows lock themselves); its read
transactions are REPEATABLE READ so that, as on SQLite, one read sees one
snapshot, and a read-only store's sessions refuse every write in the server.
"""

from __future__ import annotations

import functools
import select
import sqlite3
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

from sqlalchemy import BindParameter, Connection, Engine, bindparam, create_engine, event
from sqlalchemy.engine import URL, Dialect, ExceptionContext, make_url
from sqlalchemy.exc import ArgumentError, DisconnectionError
from sqlalchemy.pool import StaticPool
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.expression import Executable

from dyad.errors import StoreError, StoreUnavailable, brief

# 30 s: long enough to wait out another process's batch (200 raws take well
# under a second), short enough that a stuck writer is reported.
BUSY_TIMEOUT_MS = 30_000
_BEGIN_OPTION = "dyad_begin"
MMAP_BYTES = 1 << 30  # address space, not memory: the OS pages in what is read
CACHE_KIB = 16_384  # SQLite's own page cache per connection
# SQLite asks whether to go on every this many steps of its virtual machine of a
# reader's statement: about 50 asks for a statement of a million steps (~10 us).
PROGRESS_STEPS = 20_000
# Connections a read-only PostgreSQL store keeps open. When the web server's
# pages ran in its thread pool a burst of page views held many at once, and
# SQLAlchemy's default (5 kept, 10 more closed on return) opened new server
# sessions, each a process to start, for every burst: 37 for four bursts of
# 30 page views, against 15 with the connections kept. (Its views now take
# turns on the event loop, one at a time per process, but the warm-up thread,
# generation reads and CSV streams still take connections of their own.)
READ_POOL = 16
# Seconds to wait for a PostgreSQL server to accept a connection, so that an unreachable host
# is reported (a 503 page, a retried batch) instead of hanging; a URL may set its own.
CONNECT_TIMEOUT = 10
# SQLSTATEs of a server that is going away or not there yet: class 08 (connection
# exception), admin shutdown, crash shutdown, cannot connect now (starting up).
_LOST_STATES = ("08", "57P01", "57P02", "57P03")
_SERVER_GOING = ("starting up", "shutting down", "in recovery")
# The engine option that has every write transaction end with NEXT_GENERATION (set
# once migration 0019 has made the row; older stores in the making do without).
COUNT_WRITES = "dyad_count_writes"
NEXT_GENERATION = "UPDATE store_generation SET n = n + 1"
# `postgres://` is what many hosting services hand out; SQLAlchemy knows only `postgresql`.
_PG_SCHEMES = {"postgresql": "postgresql+psycopg", "postgres": "postgresql+psycopg"}


@dataclass(frozen=True)
class Location:
    """Where a store lives: the URL to connect to and, for SQLite files, the file."""

    url: URL
    path: Path | None  # the database file, for SQLite files only
    memory: bool = False

    @property
    def sqlite(self) -> bool:
        """Tell whether this store is SQLite, which gets pragmas and FTS5."""
        return self.url.get_backend_name() == "sqlite"

    @property
    def postgresql(self) -> bool:
        """Tell whether this store is PostgreSQL, which gets read-only sessions and tsvector search."""
        return self.url.get_backend_name() == "postgresql"

    def describe(self) -> str:
        """Name the store the way a user gave it, without a password."""
        if self.memory:
            return ":memory:"
        if self.path is not None:
            return str(self.path)
        return self.url.render_as_string(hide_password=True)


def locate(where: str) -> Location:
    """Parse a file path, `:memory:` or URL into a Location."""
    if where in (":memory:", "sqlite://", "sqlite:///:memory:"):
        return Location(URL.create("sqlite"), None, memory=True)
    if "://" not in where:
        path = Path(where).expanduser()
        return Location(URL.create("sqlite", database=str(path)), path)
    scheme, rest = where.split("://", 1)
    if scheme in _PG_SCHEMES:
        where = f"{_PG_SCHEMES[scheme]}://{rest}"
    try:
        url = make_url(where)
    except ArgumentError:
        raise StoreError(
            f"{where!r} is not a store location. Give a file path such as dyad.db "
            "or a URL such as postgresql://user@host/dyad."
        ) from None
    if url.get_backend_name() == "sqlite":
        if not url.database or url.database == ":memory:":
            return Location(URL.create("sqlite"), None, memory=True)
        return Location(url, Path(url.database))
    return Location(url, None)


def make_engine(location: Location, *, readonly: bool) -> Engine:
    """Create an engine whose every connection is set up the way the store needs."""
    # hide_parameters: an error's message never shows a statement's values (article text).
    if location.memory:
        engine = create_engine(
            location.url,
            poolclass=StaticPool,
            connect_args={"check_same_thread": False},
            hide_parameters=True,
        )
    elif location.sqlite:
        engine = create_engine(_sqlite_url(location, readonly), connect_args=_sqlite_args(), hide_parameters=True)
    else:
        # A read-only store's statements are prepared at their first run on a connection (the web's
        # views run the same few dozen): the server parses each once, not each time (PostgreSQL's CPU
        # per request over load_misses.py's draw 0.79-0.93 -> 0.64-0.68 ms). Each run is still planned
        # for its values (plan_cache_mode, set per session below): one generic plan for all values would
        # read a rare state's page of events as it reads a common one's, on data as skewed as news
        # (a few states in most events). A writer prepares nothing: its statements are many and once.
        sizes = {"pool_size": READ_POOL, "max_overflow": 0} if readonly else {}
        args: dict[str, Any] = {"prepare_threshold": 0 if readonly else None}
        if "connect_timeout" not in location.url.query:
            args["connect_timeout"] = CONNECT_TIMEOUT
        engine = create_engine(location.url, connect_args=args, hide_parameters=True, **sizes)
        _drop_closed_connections(engine)
    _report_lost_connections(engine)
    if location.sqlite:
        _configure_sqlite(engine, wal=not readonly and not location.memory)
    elif location.postgresql and readonly:
        _configure_postgresql_readonly(engine)
        _limit_postgresql_reads(engine)
    return engine


def _drop_closed_connections(engine: Engine) -> None:
    """Replace a pooled connection the server has closed before it is handed out.

    So that a server restart between two web requests costs a reconnect, not
    an error. SQLAlchemy's pre-ping does this with a `SELECT 1` per checkout: a
    round trip that was a seventh of the API's CPU per request. An idle
    connection should have nothing to read, so a readable socket means the
    server has said goodbye (a restart or `pg_terminate_backend` sends an
    error, then closes): checked without waiting, it costs a system call. At
    worst a connection with a stray notice is replaced for nothing.
    """

    @event.listens_for(engine, "checkout")
    def _on_checkout(dbapi_conn: Any, _record: Any, _proxy: Any) -> None:
        if _closed_by_server(dbapi_conn):
            raise DisconnectionError("The PostgreSQL server closed this connection.")  # the pool opens another


def _closed_by_server(dbapi_conn: Any) -> bool:
    """Tell whether an idle psycopg connection is closed, or has something (its farewell) to read."""
    try:
        if dbapi_conn.closed:
            return True
        fd = dbapi_conn.fileno()
        if hasattr(select, "poll"):
            poller = select.poll()
            poller.register(fd, select.POLLIN | select.POLLPRI)
            return bool(poller.poll(0))
        readable, _, broken = select.select([fd], [], [fd], 0)
        return bool(readable or broken)
    except (OSError, ValueError):  # no socket left to ask
        return True


def _report_lost_connections(engine: Engine) -> None:
    """Raise StoreUnavailable, not the driver's error, when the database server cannot be reached.

    SQLAlchemy has already marked the connection dead, so the pool opens a
    new one for the next statement: once the server is back, the store works
    again by itself.
    """

    @event.listens_for(engine, "handle_error")
    def _on_error(ctx: ExceptionContext) -> BaseException | None:
        connecting = ctx.statement is None and ctx.connection is None
        lost = ctx.is_disconnect and ctx.dialect.name == "postgresql"
        if lost or lost_connection(ctx.dialect, ctx.original_exception, connecting=connecting):
            return unavailable(ctx.dialect, engine.url, ctx.original_exception)
        return None


def lost_connection(dialect: Dialect, exc: BaseException, *, connecting: bool = False, driver: Any = None) -> bool:
    """Tell whether a driver's error says the database server is gone or cannot be reached.

    `connecting`: the error came while opening a connection; `driver`: the
    driver's connection the error came on, if known.
    """
    if dialect.name != "postgresql":
        return False  # a SQLite file has no server to lose
    state = getattr(exc, "sqlstate", None) or ""
    if state.startswith(_LOST_STATES):
        return True
    if driver is not None and (driver.closed or getattr(driver, "broken", False)):
        return True
    if not isinstance(exc, dialect.loaded_dbapi.OperationalError) or state:
        return False
    # No SQLSTATE: psycopg's own error ("server closed the connection", "connection failed"). A
    # server that answers a new connection with FATAL refuses it for good (no such role or
    # database, a wrong password) unless it says it is starting or stopping.
    message = str(exc)
    return not connecting or "FATAL:" not in message or any(words in message for words in _SERVER_GOING)


def unavailable(dialect: Dialect, url: URL, exc: BaseException) -> StoreUnavailable:
    """Say that the store's server cannot be reached, naming the store and the driver's reason, nothing more."""
    where = url.database if dialect.name == "sqlite" else url.render_as_string(hide_password=True)
    return StoreUnavailable(str(where), brief(exc))


def _sqlite_url(location: Location, readonly: bool) -> URL:
    """Build the SQLite URL, as a read-only `file:` URI when asked to."""
    assert location.path is not None
    if not readonly:
        return location.url
    uri = location.path.absolute().as_uri()
    return URL.create("sqlite", database=uri, query={"mode": "ro", "uri": "true"})


def _sqlite_args() -> dict[str, Any]:
    """Let pooled connections move between threads; the pool hands each to one at a time."""
    return {"check_same_thread": False}


def _configure_sqlite(engine: Engine, *, wal: bool) -> None:
    """Set pragmas on every new connection and let the store issue its own BEGIN."""

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        # Stop the sqlite3 module from opening transactions itself; _on_begin does.
        dbapi_conn.isolation_level = None
        cursor = dbapi_conn.cursor()
        if wal:
            cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA synchronous=NORMAL")
        # More of SQLite's own page cache: a batch's band keys land all over their index.
        cursor.execute(f"PRAGMA cache_size=-{CACHE_KIB}")
        if not wal:
            # A reader (the web app) maps the file instead of a read() call per page: a page of
            # listings touches a hundred scattered pages, a third less time per query. Not for
            # writers, whose resident memory would then grow with the store.
            cursor.execute(f"PRAGMA mmap_size={MMAP_BYTES}")
            dbapi_conn.set_progress_handler(_past_limit, PROGRESS_STEPS)
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        mode = conn.get_execution_options().get(_BEGIN_OPTION, "DEFERRED")
        if mode == "DEFERRED":
            # A read's BEGIN, on the driver: through SQLAlchemy's execution it cost more than
            # the web app's short reads themselves. It takes no lock, so it cannot fail on one.
            conn.connection.dbapi_connection.execute("BEGIN DEFERRED")  # type: ignore[union-attr]
            return
        conn.exec_driver_sql(f"BEGIN {mode}")


_limit = threading.local()
_QUERY_CANCELED = "57014"  # PostgreSQL's SQLSTATE for a statement cancelled (here: by statement_timeout)
_TIMEOUT_KEY = "dyad_statement_timeout_ms"  # a pooled PostgreSQL session's timeout, as last set


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Cut this thread's reads that run past their limit (ReadTooLong); the web's views use it.

    The web app runs its views one at a time on its event loop (dyad.web.turns):
    a read that ran on would hold every request of its process, static files
    too, as Datasette's time limit guards against. SQLite's reads are cut once
    `seconds` from now have passed (its progress handler); PostgreSQL's each
    after `seconds` of its own (the session's statement_timeout, set as a
    connection is handed to a thread in the block, and taken off when one is
    handed to a thread outside it: a round trip only when a connection moves
    between the views and the warm-up). Only reads of this thread inside the
    block are cut; the CLI and ingest never set one.
    """
    _limit.at, _limit.seconds = time.monotonic() + seconds, seconds
    try:
        yield
    finally:
        _limit.at = _limit.seconds = None


def _past_limit() -> bool:
    """SQLite's progress handler: True stops the statement ("interrupted")."""
    at = getattr(_limit, "at", None)
    return at is not None and time.monotonic() > at


def read_too_long(exc: BaseException) -> bool:
    """Tell whether an exception is a read cut at its time limit: SQLite's interruption, PostgreSQL's timeout."""
    orig = getattr(exc, "orig", exc)
    if isinstance(orig, sqlite3.OperationalError):
        return "interrupted" in str(orig)
    return getattr(orig, "sqlstate", None) == _QUERY_CANCELED and "statement timeout" in str(orig)


def _limit_postgresql_reads(engine: Engine) -> None:
    """Give each pooled session the statement_timeout of the thread it is handed to (`time_limit`), if it differs."""

    @event.listens_for(engine, "checkout")
    def _on_checkout(dbapi_conn: Any, record: Any, _proxy: Any) -> None:
        seconds = getattr(_limit, "seconds", None)
        wanted = max(1, round(seconds * 1000)) if seconds is not None else 0  # 0: no limit; 1 ms at least
        if record.info.get(_TIMEOUT_KEY, 0) == wanted:
            return
        autocommit = dbapi_conn.autocommit
        dbapi_conn.autocommit = True
        with dbapi_conn.cursor() as cursor:
            cursor.execute(f"SET statement_timeout = {wanted:d}")
        dbapi_conn.autocommit = autocommit
        record.info[_TIMEOUT_KEY] = wanted


def _configure_postgresql_readonly(engine: Engine) -> None:
    """Make every session of a read-only store refuse writes in the server itself, and plan every run of a
    prepared statement for its own values."""

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        autocommit = dbapi_conn.autocommit
        dbapi_conn.autocommit = True
        with dbapi_conn.cursor() as cursor:
            cursor.execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY")
            cursor.execute("SET plan_cache_mode = force_custom_plan")
        dbapi_conn.autocommit = autocommit


@contextmanager
def reading(engine: Engine) -> Iterator[Connection]:
    """Open a read transaction: one consistent snapshot, no lock held against writers."""
    with engine.connect() as conn:
        if conn.dialect.name == "postgresql":
            conn.execution_options(isolation_level="REPEATABLE READ")
        with conn.begin():
            yield conn


def read_rows(engine: Engine, statement: Executable, params: dict[str, Any]) -> list[tuple[Any, ...]]:
    """Run one read statement on a pooled connection's driver directly; return its rows as the driver's tuples.

    For the web's hottest page (a page of events), SQLAlchemy's execution
    context and row objects cost as much CPU as SQLite's own work, and twice
    psycopg's: the statement is compiled once for the engine's dialect and
    its rows taken as the driver's tuples, in the statement's column order
    (a typed row is made from each with `_make`). Only for statements whose
    values and columns need no type conversion (text, numbers). No
    transaction either: one statement sees one snapshot on its own (on
    PostgreSQL in autocommit, which spares the BEGIN and COMMIT round trips).
    """
    ahead: dict[tuple[Any, ...], list[tuple[Any, ...]]] | None = getattr(_ahead, "rows", None)
    if ahead is not None and (given := ahead.pop(_read_key(engine, statement, params), None)) is not None:
        return given
    sql, args = _driver_statement(engine, statement, params)
    error = engine.dialect.loaded_dbapi.Error  # the driver's own errors: SQLAlchemy's handle_error never sees them
    try:
        pooled = engine.raw_connection()
    except error as exc:
        if lost_connection(engine.dialect, exc, connecting=True):
            raise unavailable(engine.dialect, engine.url, exc) from exc
        raise
    driver: Any = pooled.driver_connection
    postgresql = engine.dialect.name == "postgresql"
    try:
        if postgresql:
            driver.autocommit = True
        cursor = driver.cursor()
        cursor.execute(sql, args)
        rows: list[tuple[Any, ...]] = cursor.fetchall()
        cursor.close()
        if postgresql:
            driver.autocommit = False
    except error as exc:
        if lost_connection(engine.dialect, exc, driver=driver):
            pooled.invalidate(exc)  # never handed out again: the pool opens a new one
            raise unavailable(engine.dialect, engine.url, exc) from exc
        if postgresql:
            driver.autocommit = False
        raise
    finally:
        pooled.close()
    return rows


class Read(NamedTuple):
    """One read statement and its values, as `read_rows` takes them: a view names those it will make ahead."""

    statement: Executable
    params: dict[str, Any]


_ahead = threading.local()  # rows read ahead by this thread (`read_ahead`), by statement and values, until asked


@contextmanager
def read_ahead(engine: Engine, reads: Sequence[Read]) -> Iterator[None]:
    """Make these reads in one round trip to a PostgreSQL server; in the block, `read_rows` gives each its rows.

    A document page makes seven reads that need only the document's id. On
    the event loop each held its process for a round trip, and under load a
    round trip is mostly waiting for the server's process to get a core:
    sampled under 50 clients, a server process spent a third of its time in
    those waits, the document page's seven the most. Sent together (psycopg's
    pipeline mode), the server answers them in one go. Each read's rows are
    given once, to the first `read_rows` asking for that statement with those
    values; what is not asked is dropped at the end of the block. SQLite has
    no round trips to save: there the reads are made as they are asked. If
    the reads ahead fail, nothing is kept and each read, made as it is asked,
    meets the failure itself and reports it as every read does.
    """
    kept: dict[tuple[Any, ...], list[tuple[Any, ...]]] = {}
    if engine.dialect.name == "postgresql" and reads:
        kept = _read_in_pipeline(engine, reads)
    outer = getattr(_ahead, "rows", None)
    _ahead.rows = {**(outer or {}), **kept}
    try:
        yield
    finally:
        _ahead.rows = outer


def _read_in_pipeline(engine: Engine, reads: Sequence[Read]) -> dict[tuple[Any, ...], list[tuple[Any, ...]]]:
    """Run reads on one pooled connection in psycopg's pipeline mode; give their rows by `_read_key`, or none."""
    error = engine.dialect.loaded_dbapi.Error
    try:
        pooled = engine.raw_connection()
    except error:
        return {}
    driver: Any = pooled.driver_connection
    try:
        driver.autocommit = True
        cursors = []
        with driver.pipeline():
            for statement, params in reads:
                cursor = driver.cursor()
                cursor.execute(*_driver_statement(engine, statement, params))
                cursors.append(cursor)
        found = {_read_key(engine, statement, params): cursor.fetchall()
                 for (statement, params), cursor in zip(reads, cursors, strict=True)}
        driver.autocommit = False
        return found
    except error as exc:
        if lost_connection(engine.dialect, exc, driver=driver):
            pooled.invalidate(exc)
        else:
            driver.autocommit = False
        return {}
    finally:
        pooled.close()


def _driver_statement(engine: Engine, statement: Executable, params: dict[str, Any]) -> tuple[str, Any]:
    """Give a statement's text for the engine's driver and its values in the driver's form (list or dict)."""
    compiled = _compiled(statement, engine.dialect)
    values: dict[str, Any] = dict(compiled.construct_params(params))
    return compiled.string, [values[name] for name in compiled.positiontup] if compiled.positiontup else values


def _read_key(engine: Engine, statement: Executable, params: dict[str, Any]) -> tuple[Any, ...]:
    """Name one read of one engine: its statement (built once, so by identity) and its values."""
    return (id(engine), id(statement), tuple(sorted(params.items())))


def listed(name: str, size: int) -> list[BindParameter[Any]]:
    """Stand for a list of up to `size` values in an IN (...) of a statement built once: `size` named parameters.

    SQLAlchemy's expanding IN builds the statement's text again on every run
    (a page of 50 events' copies and evidence: two thirds of the events page's
    queries' time); a statement of fixed parameters is compiled once per size
    and runs on the driver (`read_rows`). Pass the values with `list_params`.
    """
    return [bindparam(f"{name}_{n}") for n in range(size)]


def list_size(count: int) -> int:
    """Round a list's length up to a power of two, at least 8: the sizes of `listed` statements kept."""
    return max(8, 1 << max(0, count - 1).bit_length())


def list_params(name: str, values: Sequence[Any]) -> dict[str, Any]:
    """Give a non-empty list as the parameters of a `listed(name, list_size(len(values)))`: the last value
    repeated to fill it (a value listed twice matches what it matched once)."""
    size = list_size(len(values))
    return {f"{name}_{n}": values[min(n, len(values) - 1)] for n in range(size)}


def read_dicts(engine: Engine, statement: Executable, params: dict[str, Any]) -> list[dict[str, Any]]:
    """Run one read statement as `read_rows` does; return its rows as dicts keyed by the statement's column names."""
    keys = _keys(statement)
    return [dict(zip(keys, row, strict=True)) for row in read_rows(engine, statement, params)]


@functools.lru_cache(maxsize=512)
def _keys(statement: Executable) -> tuple[str, ...]:
    """Name a statement's result columns once (from the statement: psycopg builds a description per call)."""
    return tuple(str(key) for key in statement.selected_columns.keys())  # type: ignore[attr-defined]


@functools.lru_cache(maxsize=512)
def _compiled(statement: Executable, dialect: Dialect) -> SQLCompiler:
    """Compile a statement for a dialect once (statements here are built once per shape and kept)."""
    compiled: SQLCompiler = statement.compile(dialect=dialect)  # type: ignore[attr-defined]
    return compiled


@contextmanager
def writing(engine: Engine) -> Iterator[Connection]:
    """Open a write transaction holding the write lock from its first statement.

    On a store whose engine counts its writes (dyad.store.generation), the
    transaction ends by counting itself in `store_generation`, in the same
    commit as its writes: a reader keeping answers (dyad.web.answers) sees
    the count move exactly when the store's content does. Counting last,
    just before the commit, holds the row's lock for the least time, so
    concurrent PostgreSQL writers wait on each other only for that instant.
    """
    with engine.connect() as conn:
        conn.execution_options(**{_BEGIN_OPTION: "IMMEDIATE"})
        with conn.begin():
            yield conn
            if conn.get_execution_options().get(COUNT_WRITES):
                conn.exec_driver_sql(NEXT_GENERATION)
