"""Commitments: the board's page and total, a document's own, every one for exports, and `dyad commitments`' list.

The board and its total count only the commitments that count (not those
of copies: dyad.store.counts); a document's page shows its own whatever it
is; `listing` leaves out those of near-copies unless asked.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any, NamedTuple

from sqlalchemy import Engine, bindparam, func, select, true

from dyad.queries.paging import MAX_PAGE, STREAM_BATCH, clamp, keyset
from dyad.store.commitment_queries import MADE_KEY, StoredCommitment, row_commitment
from dyad.store.counts import not_in_copy
from dyad.store.engine import Read, read_rows, reading
from dyad.store.keyset import sorted_read
from dyad.store.schema import commitments, documents


class CommitmentRow(NamedTuple):
    """A stored commitment's columns, its parties and status evidence as lists."""

    id: str
    document: str
    parties: list[str]
    action: str
    kind: str
    made: str | None
    due: str | None
    due_first: str | None
    due_last: str | None
    place: str | None
    start: int
    end: int
    status: str
    status_as_of: str | None
    status_evidence: list[str]
    fulfilled_on: str | None


class BoardRow(NamedTuple):
    """A commitment on the board, with its document's title and publisher."""

    commitment: CommitmentRow
    document_title: str | None
    publisher: str | None


def _row(row: Any) -> CommitmentRow:
    """Make a commitment row of a stored one, decoding its JSON lists."""
    return _values(row._mapping)


def _values(m: Any) -> CommitmentRow:
    """Make a commitment row of a stored one's columns by name, decoding its JSON lists."""
    return CommitmentRow(**{name: m[name] for name in CommitmentRow._fields if name not in ("parties", "status_evidence")},
                         parties=json.loads(m["parties"] or "[]"), status_evidence=json.loads(m["status_evidence"] or "[]"))


def _status(status: str | None) -> Any:
    return commitments.c.status == status if status else true()


def page(engine: Engine, status: str | None = None, limit: int = 200, offset: int = 0) -> list[BoardRow]:
    """Return commitments that count (not those of copies) with their document titles, by status then date made."""
    limit, offset = clamp(limit, offset)
    query = (
        select(commitments, documents.c.title.label("document_title"), documents.c.publisher)
        .join(documents, documents.c.id == commitments.c.document)
        .where(_status(status), not_in_copy(commitments))
        .order_by(commitments.c.status, commitments.c.made.desc().nulls_last(), commitments.c.id)
        .limit(limit).offset(offset)
    )
    with reading(engine) as conn:
        return [BoardRow(_row(row), row.document_title, row.publisher) for row in conn.execute(query)]


def count(engine: Engine, status: str | None = None) -> int:
    """Count the commitments that count, of one status or all: the board's total."""
    query = select(func.count()).select_from(commitments).where(_status(status), not_in_copy(commitments))
    with reading(engine) as conn:
        return int(conn.scalar(query) or 0)


def of_document_read(doc_id: str) -> Read:
    """Name the read `of_document` makes (for `dyad.store.engine.read_ahead`)."""
    return Read(_OF_DOCUMENT, {"document": doc_id})


def of_document(engine: Engine, doc_id: str) -> list[CommitmentRow]:
    """Return a document's commitments in text order (a page's worth at most)."""
    names = CommitmentRow._fields
    return [_values(dict(zip(names, row, strict=True))) for row in read_rows(engine, *of_document_read(doc_id))]


# Built once and run on the driver (read_rows): every document page asks for its commitments, most often none.
_OF_DOCUMENT = (select(*(commitments.c[name] for name in CommitmentRow._fields))
                .where(commitments.c.document == bindparam("document")).order_by(commitments.c.start).limit(MAX_PAGE))


def stream(engine: Engine, batch: int = STREAM_BATCH) -> Iterator[CommitmentRow]:
    """Yield every stored commitment, by document and offset, a batch per query (for exports)."""
    order = (commitments.c.document, commitments.c.start, commitments.c.id)
    for row in keyset(engine, select(commitments), order, batch):
        yield _row(row)


def by_status(engine: Engine) -> dict[str, int]:
    """Count the commitments that count per status, most frequent first (then by name)."""
    query = (select(commitments.c.status, func.count()).where(not_in_copy(commitments))
             .group_by(commitments.c.status))
    with reading(engine) as conn:
        rows = [(status, int(n)) for status, n in conn.execute(query)]
    return dict(sorted(rows, key=lambda pair: (-pair[1], pair[0])))


def listing(
    engine: Engine, status: str | None = None, *, copies: bool = False, batch: int = STREAM_BATCH
) -> Iterator[StoredCommitment]:
    """Yield commitments as stored records, earliest made first (undated first), a batch at a time from one read.

    What `dyad commitments` lists and judges again on a day (dyad.link.followup.statuses_as_of).
    A commitment in a document marked as a near-copy of another is the
    original's promise again, so copies are left out unless asked for.
    """
    query = select(commitments, MADE_KEY).where(_status(status))
    if not copies:
        originals = select(documents.c.id).where(documents.c.duplicate_of.is_(None))
        query = query.where(commitments.c.document.in_(originals))
    order = (MADE_KEY, commitments.c.document, commitments.c.start, commitments.c.id)
    for row in sorted_read(engine, query.order_by(*order), batch):  # no index holds this order: sorted once
        yield row_commitment(row)
