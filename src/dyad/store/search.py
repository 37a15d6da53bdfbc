"""Full-text search over stored documents: ranked hits with a snippet around the match.

People type queries, not FTS5 syntax, so a query SQLite cannot parse (an
unbalanced quote, a lone `AND`, `word:` read as a column name) is retried with
every word quoted as a phrase, which always parses. Only if that too fails does
the user get a QueryError explaining how to write a query. PostgreSQL stores
take the same queries and give the same kind of hits (search_postgresql).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, text
from sqlalchemy.exc import DBAPIError, OperationalError

from dyad.errors import QueryError
from dyad.store.search_terms import MARK_END, MARK_START, SNIPPET_TOKENS, TITLE_WEIGHT

_SEARCH_SQL = text(
    f"""
    SELECT d.id, d.title, d.publisher, d.published,
           snippet(documents_fts, -1, '{MARK_START}', '{MARK_END}', '…', {SNIPPET_TOKENS}) AS snippet,
           bm25(documents_fts, {TITLE_WEIGHT}, 1.0) AS rank
    FROM documents_fts JOIN documents AS d ON d.rowid = documents_fts.rowid
    WHERE documents_fts MATCH :query
    ORDER BY rank, d.id
    LIMIT :limit
    """
)

# Prefixes of the messages SQLite gives for a query it cannot parse.
_QUERY_ERRORS = ("fts5:", "unterminated string", "no such column", "unknown special query")


@dataclass
class SearchHit:
    """One document matching a search; a higher score is a better match."""

    id: str
    title: str | None
    publisher: str | None
    published: str | None
    snippet: str
    score: float


def quote_words(query: str) -> str:
    """Rewrite a query as its words, each an FTS5 phrase, so operators lose their meaning."""
    words = query.replace("\x00", " ").split()
    return " ".join('"' + word.replace('"', '""') + '"' for word in words)


def run_search(conn: Connection, query: str, limit: int) -> list[SearchHit]:
    """Find the documents best matching a query, best first."""
    if not query.strip() or limit <= 0:
        return []
    if conn.dialect.name == "postgresql":
        return _run_postgresql(conn, query, limit)
    try:
        return _run(conn, query, limit)
    except OperationalError as exc:
        if not _is_query_error(exc):
            raise
    quoted = quote_words(query)
    if not quoted:
        return []
    try:
        return _run(conn, quoted, limit)
    except OperationalError as exc:
        if not _is_query_error(exc):
            raise
        raise _query_error(query, exc) from None


def _query_error(query: str, exc: DBAPIError) -> QueryError:
    """Explain, in the error, how to write a query that parses."""
    return QueryError(
        f"Cannot search for {query!r}: {exc.orig}. Write words separated by spaces "
        '("Shoigu Tokyo"), a phrase in double quotes ("two plus two"), '
        "OR between alternatives, and a trailing * for a prefix (Kuril*)."
    )


def _run_postgresql(conn: Connection, query: str, limit: int) -> list[SearchHit]:
    """Search a PostgreSQL store: the query as written, then, if it cannot parse, its words."""
    from dyad.store import search_postgresql as pg

    try:
        return _hits(pg.run(conn, pg.to_tsquery_text(query), limit))
    except DBAPIError as exc:
        if not pg.is_query_error(exc):
            raise
    plain = pg.plain_tsquery_text(quote_words(query))
    try:
        return _hits(pg.run(conn, plain, limit))
    except DBAPIError as exc:
        if not pg.is_query_error(exc):
            raise
        raise _query_error(query, exc) from None


def _hits(rows: list[dict[str, Any]]) -> list[SearchHit]:
    """Turn PostgreSQL result rows into hits; ts_rank is already higher-is-better."""
    return [
        SearchHit(
            id=row["id"],
            title=row["title"],
            publisher=row["publisher"],
            published=row["published"],
            snippet=row["snippet"],
            score=float(row["rank"]),
        )
        for row in rows
    ]


def _run(conn: Connection, match: str, limit: int) -> list[SearchHit]:
    """Run one FTS5 MATCH query inside a savepoint so a parse error leaves the transaction usable."""
    with conn.begin_nested():
        rows = conn.execute(_SEARCH_SQL, {"query": match, "limit": limit}).all()
    return [
        SearchHit(
            id=row.id,
            title=row.title,
            publisher=row.publisher,
            published=row.published,
            snippet=row.snippet,
            score=-row.rank,
        )
        for row in rows
    ]


def _is_query_error(exc: OperationalError) -> bool:
    """Tell a query SQLite could not parse from a real database failure."""
    message = str(exc.orig)
    return message.startswith(_QUERY_ERRORS)
