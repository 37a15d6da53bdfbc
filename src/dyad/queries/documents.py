"""Documents: the latest, one page of them, the publishers to filter by, and the summary of what is stored.

Rows leave out the text (a listing never shows it; `whole` reads one
document whole).
"""

from __future__ import annotations

from typing import Any, NamedTuple

from sqlalchemy import Connection, Engine, bindparam, case, func, literal, select, text

from dyad.model import Document
from dyad.queries.paging import MAX_PAGE, clamp
from dyad.store.engine import Read, read_rows, reading
from dyad.store.rows import DOCUMENT_COLUMNS, document_of
from dyad.store.schema import documents, raw_inputs

UNDATED = "undated"
# What a document's head field is, and how it was found: the `dyad report` table.
_HEAD_FIELDS = ("title", "publisher", "published", "agency")
HEAD_EXAMPLES = 5

_DOCUMENT_COLUMNS = (documents.c.id, documents.c.title, documents.c.publisher, documents.c.agency,
                     documents.c.published, documents.c.language, documents.c.story, documents.c.duplicate_of)
_LATEST = (documents.c.published.desc().nulls_last(), documents.c.id)

# A loose index scan: each step seeks the next name after the last, so the
# whole list costs one index seek per publisher however many documents each has.
_DISTINCT_PUBLISHERS = text(
    "WITH RECURSIVE p(name) AS ("
    " SELECT min(publisher) FROM documents"
    " UNION ALL"
    " SELECT (SELECT min(d.publisher) FROM documents AS d WHERE d.publisher > p.name) FROM p WHERE p.name IS NOT NULL"
    ") SELECT name FROM p WHERE name IS NOT NULL LIMIT :limit"
)


class DocumentRow(NamedTuple):
    """A document as listings show it, without its text."""

    id: str
    title: str | None
    publisher: str | None
    agency: str | None
    published: str | None
    language: str | None
    story: str | None
    duplicate_of: str | None


class LatestRow(NamedTuple):
    """A document as the home page lists it: what it is, where from, when, and its story."""

    id: str
    title: str | None
    publisher: str | None
    published: str | None
    story: str | None
    duplicate_of: str | None


class Summary(NamedTuple):
    """What a store holds, for `dyad report`: counts by publisher, month and language, and how heads were read."""

    documents: int
    raw_inputs: int
    by_publisher: dict[str, int]
    by_month: dict[str, int]
    languages: dict[str, int]
    heads: dict[str, dict[str, Any]]


# One document whole, built once and run on the driver (read_rows): every document page reads one.
_WHOLE = select(*(documents.c[name] for name in DOCUMENT_COLUMNS)).where(documents.c.id == bindparam("id"))


def whole_read(doc_id: str) -> Read:
    """Name the read `whole` makes (for `dyad.store.engine.read_ahead`)."""
    return Read(_WHOLE, {"id": doc_id})


def whole(engine: Engine, doc_id: str) -> Document | None:
    """Return one document, text and all, or None if there is none (what `Store.get_document` gives)."""
    rows = read_rows(engine, *whole_read(doc_id))
    return document_of(dict(zip(DOCUMENT_COLUMNS, rows[0], strict=True))) if rows else None


def page(engine: Engine, publisher: str | None = None, limit: int = 50, offset: int = 0) -> list[DocumentRow]:
    """Return one page of documents, latest published first (undated last)."""
    limit, offset = clamp(limit, offset)
    query = select(*_DOCUMENT_COLUMNS).order_by(*_LATEST).limit(limit).offset(offset)
    if publisher:
        query = query.where(documents.c.publisher == publisher)
    with reading(engine) as conn:
        return [DocumentRow._make(row) for row in conn.execute(query)]


def latest(engine: Engine, limit: int = 10) -> list[LatestRow]:
    """List the most recently published documents (undated last)."""
    query = select(*(documents.c[name] for name in LatestRow._fields)).order_by(*_LATEST).limit(clamp(limit)[0])
    with reading(engine) as conn:
        return [LatestRow._make(row) for row in conn.execute(query)]


def publishers(engine: Engine, limit: int = MAX_PAGE) -> list[str]:
    """List the distinct publishers, for the filter forms, skipping from one to the next on their index.

    Its cost follows the number of publishers, not of documents; the web
    keeps the answer a while (dyad.web.recent), as every events page shows it.
    """
    with reading(engine) as conn:
        return list(conn.scalars(_DISTINCT_PUBLISHERS, {"limit": clamp(limit)[0]}))


def summary(engine: Engine) -> Summary:
    """Count documents by publisher, month and language, for the ingest report."""
    with reading(engine) as conn:
        return Summary(
            documents=int(conn.scalar(select(func.count()).select_from(documents)) or 0),
            raw_inputs=int(conn.scalar(select(func.count()).select_from(raw_inputs)) or 0),
            by_publisher=_counts(conn, documents.c.publisher),
            by_month=_month_counts(conn),
            languages=_counts(conn, documents.c.language),
            heads=_heads(conn),
        )


def _counts(conn: Connection, column: Any) -> dict[str, int]:
    """Count documents per value of a column, most frequent first, None as 'unknown'."""
    rows = conn.execute(select(column, func.count()).group_by(column)).all()
    pairs = [(value if value is not None else "unknown", int(n)) for value, n in rows]
    return dict(sorted(pairs, key=lambda pair: (-pair[1], pair[0])))


def _heads(conn: Connection) -> dict[str, dict[str, Any]]:
    """Count the documents whose head gave each field, how dates were found, and a few that gave none."""
    out: dict[str, dict[str, Any]] = {}
    for name in _HEAD_FIELDS:
        column = documents.c[name]
        found = int(conn.scalar(select(func.count()).where(column.is_not(None))) or 0)
        missing = select(documents.c.source, documents.c.part).where(column.is_(None))
        examples = [f"{source}#{part}" for source, part in conn.execute(
            missing.order_by(documents.c.source, documents.c.part).limit(HEAD_EXAMPLES))]
        out[name] = {"found": found, "examples": examples}
    out["published"]["methods"] = _counts(conn, documents.c.published_method)
    return out


def _month_counts(conn: Connection) -> dict[str, int]:
    """Count documents per published month, chronologically.

    A month whose year is not known yet shows as `????-MM`, a bare year as
    `YYYY`, and a document with no date at all as `undated`.
    """
    precision = documents.c.published_precision
    key = case(
        (precision.in_(("day", "month")), func.substr(documents.c.published, 1, 7)),
        (precision == "monthday", literal("????-") + func.substr(documents.c.published, 3, 2)),
        (precision == "year", documents.c.published),
        else_=literal(UNDATED),
    )
    rows = conn.execute(select(key, func.count()).group_by(key)).all()
    counts = {str(value): int(n) for value, n in rows}
    undated = counts.pop(UNDATED, 0)
    ordered = dict(sorted(counts.items(), key=lambda kv: kv[0].replace("?", "9")))
    if undated:
        ordered[UNDATED] = undated
    return ordered
