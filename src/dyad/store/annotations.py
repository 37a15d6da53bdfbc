"""Write and read what extraction found, inside transactions the Store opens.

Annotations of a document are replaced whole: re-analysing a document (a
newer extractor, an inherited date) deletes its mentions and date
expressions and writes the new ones in the same transaction, so a reader
never sees half of each.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Table, bindparam, delete, func, select, update

from dyad.actors import Actor
from dyad.store.annotation_rows import (
    actor_row,
    event_row,
    meeting_row,
    mention_row,
    quote_row,
    time_row,
)
from dyad.store.bulk import insert_rows
from dyad.store.commitment_queries import commitment_rows
from dyad.store.meeting_records import records_of_reports, refresh_records
from dyad.store.schema import (
    actors,
    analyses,
    commitments,
    documents,
    events,
    meetings,
    mentions,
    quotes,
    times,
)

if TYPE_CHECKING:
    from dyad.extract.annotate import Annotations


def write_annotations(
    conn: Connection, ann: Annotations, now: datetime, insert: Any, *, fresh: bool | None = None,
    listed: tuple[str | None, str | None] | None = None,
) -> None:
    """Replace one document's annotations; `insert(table)` builds a duplicate-skipping INSERT.

    A document never analysed has nothing to delete: `fresh=True` (the caller
    just inserted it) or, when None, one look-up of its `analyses` row (written
    with every analysis, in the same transaction) spares seven DELETEs.
    `listed` is the document's (publisher, title) when the caller holds them,
    which its events carry for listings; otherwise they are read from the store.
    """
    if fresh is None:
        fresh = conn.scalar(select(analyses.c.document).where(analyses.c.document == ann.document)) is None
    if not fresh:
        records = records_of_reports(conn, ann.document)
        for table in (mentions, times, analyses, events, quotes, meetings, commitments):
            conn.execute(delete(table).where(table.c.document == ann.document))
        refresh_records(conn, records)  # the new reports are linked with the document's next link
    write_fresh_annotations(conn, [(ann, listed)], now, insert)


def write_fresh_annotations(
    conn: Connection, found: Sequence[tuple[Annotations, tuple[str | None, str | None] | None]], now: datetime,
    insert: Any,
) -> None:
    """Write the annotations of documents that hold none, one statement per table for them all.

    Each is given with its document's (publisher, title), or None to read
    them. Ingest writes a batch's documents this way: a dozen statements a
    document cost more in SQLAlchemy than in the database.
    """
    rows: dict[Table, list[dict[str, Any]]] = {table: [] for table in _ANNOTATION_TABLES}
    dated: list[dict[str, Any]] = []
    for ann, listed in found:
        known = {actor.id for actor in ann.actors}
        for row in (mention_row(ann.document, m) for m in ann.mentions):
            if row["actor"] not in known:
                row["actor"] = None  # never point at an actor the store does not hold
            rows[mentions].append(row)
        rows[times] += [time_row(ann.document, t) for t in ann.times]
        _records(conn, ann, known, listed, rows)
        rows[analyses].append({"document": ann.document, "version": ann.version, "analysed_at": now})
        if ann.published is not None:
            dated.append({"d_id": ann.document, "d_value": ann.published.value,
                          "d_precision": ann.published.precision, "d_method": ann.published.method})
        elif ann.undated:  # its date was refuted by its text: stored undated
            dated.append({"d_id": ann.document, "d_value": None, "d_precision": None, "d_method": None})
    write_actors(conn, [actor for ann, _ in found for actor in ann.actors], "text", insert)
    for table, table_rows in rows.items():
        insert_rows(conn, table, table_rows, insert)
    if dated:
        conn.execute(
            update(documents)
            .where(documents.c.id == bindparam("d_id"))
            .values(published=bindparam("d_value"), published_precision=bindparam("d_precision"),
                    published_method=bindparam("d_method")),
            dated,
        )


# In the order they are written: every row's actors and document are there before it.
_ANNOTATION_TABLES = (mentions, times, events, quotes, meetings, commitments, analyses)


def _records(
    conn: Connection, ann: Annotations, known: set[str], listed: tuple[str | None, str | None] | None,
    rows: dict[Table, list[dict[str, Any]]],
) -> None:
    """Add the rows of the document's events, quotes, meetings and commitments."""
    codes = {actor.id: actor.code or actor.country for actor in ann.actors}
    countries = {actor.id: actor.country for actor in ann.actors}
    found = [event_row(ann.document, e, codes, countries) for e in ann.events]
    if found:  # listings read the document's publisher and title off the events (migrations 0009, 0011)
        publisher, title = listed or conn.execute(
            select(documents.c.publisher, documents.c.title).where(documents.c.id == ann.document)).one()
        for row in found:
            row["publisher"], row["document_title"] = publisher, title
            for column in ("source_actor", "target_actor"):
                if row[column] not in known:
                    row[column] = None
    rows[events] += found
    for row in (quote_row(ann.document, q) for q in ann.quotes):
        row["speaker"] = row["speaker"] if row["speaker"] in known else None
        rows[quotes].append(row)
    rows[meetings] += [meeting_row(ann.document, m) for m in ann.meetings]
    rows[commitments] += commitment_rows(ann.document, ann.commitments)


def write_actors(conn: Connection, found: Iterable[Actor], origin: str, insert: Any) -> int:
    """Store actors not yet stored; an actor already there keeps its first record.

    Only a state missing from the first record is filled in from a later one:
    a person new to the dictionary is often first met without a title ("Greece's
    Dendias") and titled elsewhere ("Greek Foreign Minister Nikos Dendias").
    """
    first, first_stated = _first_of_each(found)
    rows = [actor_row(actor, origin) for actor in first]
    if not rows:
        return 0
    added = int(conn.execute(insert(actors), rows).rowcount or 0)
    stated = [{"key": a.id, "c": a.country, "s": a.sector, "k": a.code} for a in first_stated]
    if stated:
        conn.execute(
            update(actors)
            .where(actors.c.id == bindparam("key"), actors.c.country.is_(None))
            .values(country=bindparam("c"), sector=func.coalesce(actors.c.sector, bindparam("s")), code=bindparam("k")),
            stated,
        )
    return added


def _first_of_each(found: Iterable[Actor]) -> tuple[list[Actor], list[Actor]]:
    """Keep each actor's first record, and its first with a state: all that writing the rest of them could change.

    A batch names the same people and states in document after document
    (4,944 records of 3,526 actors on 300 generated news pages): the first
    record is the one the insert keeps, the first with a state the one the
    update fills in from, and every later one would have done nothing.
    """
    first: dict[str, Actor] = {}
    stated: dict[str, Actor] = {}
    for actor in found:
        first.setdefault(actor.id, actor)
        if actor.country:
            stated.setdefault(actor.id, actor)
    return list(first.values()), list(stated.values())
