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
Every view takes its numbers from here (SQL conditions for the queries of
dyad.queries, `is_counted_event` for rows already read), so no two can
disagree; `dyad.queries.counts` counts each record type by them.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, Select, Table, and_, literal_column, select

from dyad.store.schema import documents, events, meeting_records

# Modalities of events reported as having happened; GDELT takes every row as fact, so its export uses these too.
COUNTED_MODALITIES = ("asserted", "reported")


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
    (dyad.store.engine.read_rows), which cannot expand a list parameter.
    """
    modalities: list[Any] = [literal_column(f"'{name}'") for name in COUNTED_MODALITIES]
    return and_(events.c.modality.in_(modalities), not_in_copy(events))


def held_meetings() -> ColumnElement[bool]:
    """Match the meeting records that count: those of a meeting held (a planned one's preview is no meeting)."""
    return meeting_records.c.status == "held"


def is_counted_event(row: dict[str, Any], copy_ids: set[str]) -> bool:
    """Tell whether an event row already read counts (the twin of `counted_events`)."""
    return row["modality"] in COUNTED_MODALITIES and row["document"] not in copy_ids
