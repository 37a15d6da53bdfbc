"""Write one batch of raw inputs and their documents inside an open transaction.

The database's unique keys decide what is new (an INSERT that skips
clashing rows and reports its row count), never an earlier look-up, so two
runs storing the same input at once cannot both store it, and a batch run
twice adds nothing the second time.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, select
from sqlalchemy.sql.dml import Insert

from dyad.errors import StoreError
from dyad.model import Document, RawItem
from dyad.store.annotations import write_fresh_annotations
from dyad.store.rows import document_row, in_chunks, raw_row
from dyad.store.schema import documents, raw_inputs

if TYPE_CHECKING:
    from dyad.extract.annotate import Annotations


@dataclass
class BatchResult:
    """What one add_batch call changed, for the ingest report."""

    raws_added: int = 0
    documents_added: int = 0
    raws_skipped: int = 0
    documents_skipped_duplicate: int = 0


class BatchWriter:
    """Insert raw inputs and their documents within one open transaction, counting as it goes; then finish()."""

    def __init__(self, conn: Connection, annotations: Mapping[str, Annotations]) -> None:
        self.conn = conn
        self.annotations = annotations
        self.now = datetime.now(UTC)
        self.result = BatchResult()
        self.known: set[str] = set()
        # Annotations of the documents added, with each one's (publisher, title), written by finish()
        self.analysed: list[tuple[Annotations, tuple[str | None, str | None]]] = []
        self.insert_raw = _insert_ignoring_duplicates(conn, raw_inputs)
        self.insert_document = _insert_ignoring_duplicates(conn, documents)

    def skip(self, shas: set[str]) -> None:
        """Mark raw inputs found already stored, so their bytes are not even compressed."""
        self.known |= shas

    def add(self, raw: RawItem, docs: list[Document]) -> None:
        """Insert one raw input and its documents unless the raw is already stored."""
        sha = raw.sha256
        if sha in self.known or not self._insert(self.insert_raw, raw_row(raw, sha, self.now)):
            self.result.raws_skipped += 1
            return
        self.known.add(sha)
        self.result.raws_added += 1
        for doc in docs:
            if self._insert(self.insert_document, document_row(doc, self.now)):
                self.result.documents_added += 1
                if doc.id in self.annotations:
                    self.analysed.append((self.annotations[doc.id], (doc.publisher, doc.title)))
            else:
                self.result.documents_skipped_duplicate += 1

    def finish(self) -> None:
        """Write the annotations of the documents added, all at once, before the transaction ends."""
        write_fresh_annotations(self.conn, self.analysed, self.now, ignoring(self.conn))
        self.analysed = []

    def _insert(self, statement: Insert, row: dict[str, Any]) -> bool:
        """Insert a row unless a unique key says it is already there; tell which happened.

        The database's unique constraints decide, not an earlier look-up, so two
        runs writing the same input at once cannot both store it.
        """
        return bool(self.conn.execute(statement, row).rowcount)


def known_raws(conn: Connection, shas: list[str]) -> set[str]:
    """Query which hashes are stored, in chunks that fit SQLite's parameter limit."""
    found: set[str] = set()
    unique = sorted(set(shas))
    for chunk in in_chunks(unique):
        query = select(raw_inputs.c.sha256).where(raw_inputs.c.sha256.in_(chunk))
        found.update(conn.scalars(query))
    return found


def ignoring(conn: Connection) -> Callable[[Any], Insert]:
    """Bind the duplicate-skipping INSERT builder to a connection's dialect."""
    return lambda table: _insert_ignoring_duplicates(conn, table)


def _insert_ignoring_duplicates(conn: Connection, table: Any) -> Insert:
    """Give the INSERT that skips rows clashing with a unique key, for the connection's engine."""
    return _insert_ignoring(conn.dialect.name, table)


@functools.lru_cache(maxsize=64)  # per engine and table: built once, as SQLAlchemy then finds it compiled sooner
def _insert_ignoring(name: str, table: Any) -> Insert:
    """Build an INSERT that skips rows clashing with a unique key, on either engine.

    Its rowcount tells how many rows went in; psycopg reports it only when
    asked to keep it (preserve_rowcount), and -1 would read as "inserted".
    """
    if name == "sqlite":
        from sqlalchemy.dialects.sqlite import insert as sqlite_insert

        return sqlite_insert(table).on_conflict_do_nothing().execution_options(preserve_rowcount=True)
    if name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        return pg_insert(table).on_conflict_do_nothing().execution_options(preserve_rowcount=True)
    raise StoreError(f"Dyad stores run on SQLite or PostgreSQL, not {name}.")
