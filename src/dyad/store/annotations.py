"""Write and read what extraction found, inside transactions the Store opens.

Annotations of a document are replaced whole: re-analysing a document (a
newer extractor, an inherited date) deletes its mentions and date
expressions and writes the new ones in the same transaction, so a reader
never sees half of each.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, delete, func, select, update

from dyad.actors import Actor
from dyad.store.annotation_rows import (
    actor_row,
    event_row,
    meeting_row,
    mention_row,
    quote_row,
    time_row,
)
from dyad.store.commitment_queries import commitment_rows
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
    write_actors(conn, ann.actors, "text", insert)
    if fresh is None:
        fresh = conn.scalar(select(analyses.c.document).where(analyses.c.document == ann.document)) is None
    if not fresh:
        for table in (mentions, times, analyses, events, quotes, meetings, commitments):
            conn.execute(delete(table).where(table.c.document == ann.document))
    known = {actor.id for actor in ann.actors}
    mention_rows = [mention_row(ann.document, m) for m in ann.mentions]
    for row in mention_rows:
        if row["actor"] not in known:
            row["actor"] = None  # never point at an actor the store does not hold
    if mention_rows:
        conn.execute(insert(mentions), mention_rows)
    if ann.times:
        conn.execute(insert(times), [time_row(ann.document, t) for t in ann.times])
    _write_records(conn, ann, known, insert, listed)
    conn.execute(insert(analyses), {"document": ann.document, "version": ann.version, "analysed_at": now})
    if ann.published is not None:
        conn.execute(
            update(documents)
            .where(documents.c.id == ann.document)
            .values(
                published=ann.published.value,
                published_precision=ann.published.precision,
                published_method=ann.published.method,
            )
        )


def _write_records(
    conn: Connection, ann: Annotations, known: set[str], insert: Any, listed: tuple[str | None, str | None] | None
) -> None:
    """Insert the document's events, quotes, meetings and commitments."""
    codes = {actor.id: actor.code or actor.country for actor in ann.actors}
    countries = {actor.id: actor.country for actor in ann.actors}
    rows = [event_row(ann.document, e, codes, countries) for e in ann.events]
    if rows:  # listings read the document's publisher and title off the events (migrations 0009, 0011)
        publisher, title = listed or conn.execute(
            select(documents.c.publisher, documents.c.title).where(documents.c.id == ann.document)).one()
        for row in rows:
            row["publisher"], row["document_title"] = publisher, title
    for row in rows:
        for column in ("source_actor", "target_actor"):
            if row[column] not in known:
                row[column] = None
    if rows:
        conn.execute(insert(events), rows)
    if ann.quotes:
        quote_rows = [quote_row(ann.document, q) for q in ann.quotes]
        for row in quote_rows:
            row["speaker"] = row["speaker"] if row["speaker"] in known else None
        conn.execute(insert(quotes), quote_rows)
    if ann.meetings:
        conn.execute(insert(meetings), [meeting_row(ann.document, m) for m in ann.meetings])
    if ann.commitments:
        conn.execute(insert(commitments), commitment_rows(ann.document, ann.commitments))


def write_actors(conn: Connection, found: Iterable[Actor], origin: str, insert: Any) -> int:
    """Store actors not yet stored; an actor already there keeps its first record."""
    rows = [actor_row(actor, origin) for actor in found]
    if not rows:
        return 0
    return int(conn.execute(insert(actors), rows).rowcount or 0)


def mention_counts(conn: Connection, limit: int, kind: str | None = None) -> list[tuple[Any, int, int]]:
    """List actors with how many mentions and documents name them, most mentioned first."""
    query = (
        select(
            actors,
            func.count(mentions.c.start).label("mentions"),
            func.count(func.distinct(mentions.c.document)).label("documents"),
        )
        .join(mentions, mentions.c.actor == actors.c.id, isouter=True)
        .group_by(actors.c.id)
        .order_by(func.count(mentions.c.start).desc(), actors.c.id)
        .limit(limit)
    )
    if kind:
        query = query.where(actors.c.kind == kind)
    return [(row, int(row.mentions), int(row.documents)) for row in conn.execute(query)]
