"""Shared fixtures. Store fixtures are prefixed `store_`.

`store_url` (and so `store_db`) is parametrised over both engines: each test
using it runs once on a SQLite file and once on a fresh PostgreSQL database,
(a schema of one database made for the run) created for the test and dropped
after it, on the server that DYAD_TEST_POSTGRES names (`make test` starts a throwaway one when PostgreSQL
is installed; see scripts/pg-test-server.sh). Without a server the PostgreSQL
runs skip, saying how to enable them. `store_path` stays a SQLite file, for
tests of SQLite itself (pragmas, the file, FTS5 syntax).
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import URL

from dyad.model import Document, Published, RawItem, document_id
from dyad.store import Store
from dyad.store.engine import locate

PG_ENV = "DYAD_TEST_POSTGRES"
PG_SKIP = (
    f"PostgreSQL store tests need a server: set {PG_ENV} to a URL whose role may "
    "CREATE DATABASE (postgresql://user:password@127.0.0.1/postgres), or install "
    "PostgreSQL's server (Debian: apt-get install postgresql) and run `make test`, "
    "which starts a throwaway one."
)

StoreItem = tuple[RawItem, list[Document]]


def _make_item(
    source: str, parts: list[tuple[str | None, str]], kind: str = "html", **doc: Any
) -> StoreItem:
    """Build a raw input whose bytes hold its parts, and one document per part."""
    body = "\n\n".join(f"<h1>{title}</h1><p>{text}</p>" for title, text in parts)
    raw = RawItem(source=source, location=source, data=body.encode("utf-8"), kind=kind)
    docs = [
        Document(
            id=document_id(raw.sha256, part),
            source=source,
            part=part,
            text=text,
            raw_sha256=raw.sha256,
            title=title,
            **doc,
        )
        for part, (title, text) in enumerate(parts)
    ]
    return raw, docs


@pytest.fixture
def store_make() -> Callable[..., StoreItem]:
    """Give tests a factory for (raw input, documents) pairs written by hand."""
    return _make_item


@pytest.fixture
def store_batch() -> list[StoreItem]:
    """Give a small batch: a page of two items, a single article, and an empty page."""
    page = _make_item(
        "seeds/mod.html",
        [
            ("Defence ministers meet in Tokyo", "Sergei Shoigu met Itsunori Onodera in Tokyo."),
            ("Foreign ministers agree", "Lavrov and Kishida agreed to meet in Moscow next year."),
        ],
        publisher="Ministry of Defence",
        published=Published("2013-11-02", "day", "metadata"),
        language="en",
        byline="Press Office",
        url="https://example.org/mod",
        removed=["Share this page", "Print"],
    )
    single = _make_item(
        "seeds/tass.txt",
        [("Shoygu in Moscow", "Shoygu hosted the 2+2 talks in Moscow on the Kuril Islands.")],
        kind="text",
        publisher="TASS",
        published=Published("2018-07", "month", "dateline"),
        language="en",
        cites=["abc-0"],
    )
    empty = (RawItem("seeds/empty.html", "seeds/empty.html", b"<html></html>", "html"), [])
    return [page, single, empty]


@pytest.fixture
def store_path(tmp_path: Any) -> str:
    """Give a path for a SQLite store file in a fresh folder."""
    return str(tmp_path / "dyad.db")


@pytest.fixture(scope="session")
def store_pg_database() -> Iterator[URL]:
    """Create one PostgreSQL database for the run, and drop it when the run ends.

    UTF-8 with the C collation whatever the server's default, so strings sort
    by code point as SQLite and Python sort them. unaccent is installed here,
    once, since an extension belongs to a database, not to a test's schema.
    """
    given = os.environ.get(PG_ENV)
    if not given:
        pytest.skip(PG_SKIP)
    admin_url = locate(given).url
    name = f"dyad_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(
            f'CREATE DATABASE "{name}" TEMPLATE template0 '
            "ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'"
        ))
    url = admin_url.set(database=name)
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text("CREATE EXTENSION IF NOT EXISTS unaccent SCHEMA public"))
    engine.dispose()
    yield url
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def _pg_schema(database: URL) -> Iterator[str]:
    """Give a store URL of its own for one test: a fresh schema, dropped afterwards.

    A schema per test costs milliseconds where a database per test costs most
    of a second; the store sees only its schema (and public, for unaccent).
    """
    name = f"t_{uuid.uuid4().hex[:12]}"
    engine = create_engine(database, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f'CREATE SCHEMA "{name}"'))
    url = database.update_query_dict({"options": f"-csearch_path={name},public"})
    yield url.render_as_string(hide_password=False)
    with engine.connect() as conn:
        conn.execute(text(f'DROP SCHEMA "{name}" CASCADE'))
    engine.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request: pytest.FixtureRequest, tmp_path: Any) -> Iterator[str]:
    """Give the location of a store that does not exist yet, on each engine in turn."""
    if request.param == "sqlite":
        yield str(tmp_path / "dyad.db")
        return
    yield from _pg_schema(request.getfixturevalue("store_pg_database"))


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def store_module_places(request: pytest.FixtureRequest) -> Iterator[Callable[[], str | None]]:
    """Give a module's tests, once per engine, a maker of new store locations kept for the whole module.

    On SQLite the maker returns None (the caller picks a file); on PostgreSQL
    a new schema's URL each call, all dropped when the module ends.
    """
    if request.param == "sqlite":
        yield lambda: None
        return
    database = request.getfixturevalue("store_pg_database")
    opened: list[Iterator[str]] = []

    def new() -> str:
        schema = _pg_schema(database)
        opened.append(schema)
        return next(schema)

    yield new
    for schema in opened:
        next(schema, None)  # drops it


@pytest.fixture
def store_sql(store_url: str) -> Iterator[Callable[..., list[Any]]]:
    """Give a function running raw SQL on the test's store, to look under the Store API."""
    engine = create_engine(locate(store_url).url)

    def run(sql: str, **params: Any) -> list[Any]:
        with engine.begin() as conn:
            result = conn.execute(text(sql), params)
            return [tuple(row) for row in result] if result.returns_rows else []

    yield run
    engine.dispose()


@pytest.fixture
def store_db(store_url: str) -> Iterator[Store]:
    """Give an open, empty store: a real SQLite file, then a real PostgreSQL database."""
    with Store.open(store_url) as store:
        yield store
