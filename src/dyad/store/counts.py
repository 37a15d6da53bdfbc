"""One definition of every count Dyad shows: home page, dyad pages, report, CLI, API and exports.

What counts, once per happening, as something that happened:

    event       asserted or reported ("Russia accused Japan", "Japan said Russia
                violated …"), not negated ("never signed"), intended or planned
                ("will visit next month") or hypothetical ("if Russia attacks");
                and not in a copy of another document (`duplicate_of`), since a
                syndicated copy adds to the original's `documents` and
                `publishers`, never to the number of events
    quote       not in a copy
    commitment  not in a copy
    meeting     a stored meeting record whose status is held: linking merges
                every report of one meeting into one record (dyad.link.
                meeting_records), so copies and re-reports add to its
                documents only; a record of a meeting announced as planned is
                no meeting held

Documents, actors and stories are counted as stored: a copy is a document.
Every view takes its numbers from here (SQL conditions for the store's own
queries, `is_counted_event` for rows already read), so no two can disagree.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from typing import TYPE_CHECKING, Any

from sqlalchemy import ColumnElement, Select, Table, and_, func, literal_column, select

from dyad.store.engine import reading
from dyad.store.schema import (
    actors,
    commitments,
    documents,
    events,
    meeting_records,
    quotes,
    stories,
)

if TYPE_CHECKING:
    from sqlalchemy import Engine

# Modalities of events reported as having happened; GDELT takes every row as fact, so its export uses these too.
COUNTED_MODALITIES = ("asserted", "reported")
COUNTS_TTL = 30.0  # seconds a read-only store reuses its record counts (as the publishers list: web_queries)


def copies() -> Select[Any]:
    """Select the ids of documents that are copies of another (syndicated or near-exact)."""
    return select(documents.c.id).where(documents.c.duplicate_of.is_not(None))


def not_in_copy(table: Table) -> ColumnElement[bool]:
    """Match records of a table with a `document` column whose document is not a copy."""
    return table.c.document.not_in(copies())


def counted_events() -> ColumnElement[bool]:
    """Match the events that count: asserted or reported, in a document that is not a copy.

    The modalities are constants written into the SQL, not parameters: the
    events listing compiles its statement once and runs it on the driver
    (dyad.store.engine.read_dicts), which cannot expand a list parameter.
    """
    modalities: list[Any] = [literal_column(f"'{name}'") for name in COUNTED_MODALITIES]
    return and_(events.c.modality.in_(modalities), not_in_copy(events))


def is_counted_event(row: dict[str, Any], copy_ids: set[str]) -> bool:
    """Tell whether an event row already read counts (the twin of `counted_events`)."""
    return row["modality"] in COUNTED_MODALITIES and row["document"] not in copy_ids


class CountQueries:
    """Store methods that count records, each by the definitions above."""

    if TYPE_CHECKING:
        _engine: Engine
        readonly: bool

        def kept(self, key: Hashable, seconds: float, compute: Callable[[], Any]) -> Any: ...

    def record_counts(self) -> dict[str, int]:
        """Count every record type as the views show it: documents, actors, events, quotes, … (in that order).

        Counting what counts scans the events, so a read-only store (the web
        app's, whose home page shows these) reuses them for COUNTS_TTL seconds
        while its generation stands (dyad.store.generation).
        """
        return dict(self.kept("record_counts", COUNTS_TTL, self._record_counts))

    def _record_counts(self) -> dict[str, int]:
        tables: dict[str, tuple[Table, ColumnElement[bool] | None]] = {
            "documents": (documents, None), "actors": (actors, None), "events": (events, counted_events()),
            "quotes": (quotes, not_in_copy(quotes)), "stories": (stories, None),
            "commitments": (commitments, not_in_copy(commitments)),
        }
        found: dict[str, int] = {}
        with reading(self._engine) as conn:
            for name, (table, condition) in tables.items():
                query = select(func.count()).select_from(table)
                found[name] = int(conn.scalar(query if condition is None else query.where(condition)) or 0)
        found["meetings"] = self.count_meetings()
        order = ("documents", "actors", "events", "quotes", "meetings", "stories", "commitments")
        return {name: found[name] for name in order}

    def count_meetings(self) -> int:
        """Count meetings held: the stored meeting records (one per meeting however many documents report it)
        whose status is held; previews of a planned meeting are records too, but no meeting held.
        """
        with reading(self._engine) as conn:
            query = select(func.count()).select_from(meeting_records).where(meeting_records.c.status == "held")
            return int(conn.scalar(query) or 0)

    def copy_ids(self, ids: Iterable[str]) -> set[str]:
        """Return which of these documents are copies of another."""
        wanted = sorted(set(ids))
        found: set[str] = set()
        with reading(self._engine) as conn:
            for start in range(0, len(wanted), 900):
                chunk = wanted[start:start + 900]
                query = select(documents.c.id).where(documents.c.id.in_(chunk), documents.c.duplicate_of.is_not(None))
                found.update(conn.scalars(query))
        return found

    def all_copy_ids(self) -> set[str]:
        """Return the ids of every document that is a copy (exports stream events against this set)."""
        with reading(self._engine) as conn:
            return set(conn.scalars(copies()))
