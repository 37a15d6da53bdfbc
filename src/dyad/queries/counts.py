"""Count every record type the way every view shows it, by the definitions of dyad.store.counts.

The home page, the report, the CLI, the API and the exports all take their
totals from `records`, so no two can disagree (issue 28).
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator
from itertools import islice
from typing import Any, NamedTuple, Protocol, TypeVar

from sqlalchemy import ColumnElement, Engine, Select, Table, func, select

from dyad.queries.paging import STREAM_BATCH
from dyad.store.counts import counted_events, held_meetings, not_in_copy
from dyad.store.engine import list_params, list_size, listed, read_rows, reading
from dyad.store.rows import in_chunks
from dyad.store.schema import (
    actors,
    commitments,
    documents,
    events,
    meeting_records,
    quotes,
    stories,
)


class RecordCounts(NamedTuple):
    """How many of each record type a store holds, counted as dyad.store.counts says."""

    documents: int
    actors: int
    events: int
    quotes: int
    meetings: int
    stories: int
    commitments: int


def records(engine: Engine) -> RecordCounts:
    """Count every record type as the views show it: documents, actors, events, quotes, … (in that order)."""
    tables: dict[str, tuple[Table, ColumnElement[bool] | None]] = {
        "documents": (documents, None), "actors": (actors, None), "events": (events, counted_events()),
        "quotes": (quotes, not_in_copy(quotes)), "meetings": (meeting_records, held_meetings()),
        "stories": (stories, None), "commitments": (commitments, not_in_copy(commitments)),
    }
    found: dict[str, int] = {}
    with reading(engine) as conn:
        for name, (table, condition) in tables.items():
            query = select(func.count()).select_from(table)
            found[name] = int(conn.scalar(query if condition is None else query.where(condition)) or 0)
    return RecordCounts(**found)


def meetings_held(engine: Engine) -> int:
    """Count meetings held: the stored records (one per meeting however many documents report it) of status held."""
    with reading(engine) as conn:
        return int(conn.scalar(select(func.count()).select_from(meeting_records).where(held_meetings())) or 0)


def copy_ids(engine: Engine, ids: Iterable[str]) -> set[str]:
    """Return which of these documents are copies of another (a statement per size of list, run on the driver)."""
    found: set[str] = set()
    for chunk in in_chunks(sorted(set(ids))):
        found.update(row[0] for row in read_rows(engine, _copies_among(list_size(len(chunk))), list_params("id", chunk)))
    return found


@functools.lru_cache(maxsize=16)
def _copies_among(size: int) -> Select[Any]:
    """Build, once per list size, the query for which of some documents are copies."""
    return select(documents.c.id).where(documents.c.id.in_(listed("id", size)), documents.c.duplicate_of.is_not(None))


class _OfDocument(Protocol):
    @property
    def document(self) -> str: ...


Row = TypeVar("Row", bound=_OfDocument)


def with_copies(engine: Engine, rows: Iterable[Row], batch: int = STREAM_BATCH) -> Iterator[tuple[Row, set[str]]]:
    """Pair each row of a stream with the copies among the documents of its batch of rows (for `counted`).

    Copies are looked up a batch of rows at a time, so an export holds the
    copy ids of one batch's documents, not of the whole store.
    """
    stream = iter(rows)
    while chunk := list(islice(stream, batch)):
        found = copy_ids(engine, (row.document for row in chunk))
        yield from ((row, found) for row in chunk)
