"""Stories: one page of them, latest first, with their counts of documents and publishers; all of them for exports.

Also one story: its head (`head`) and its documents' events (`events`),
what `dyad compare` and the story page lay side by side.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any, NamedTuple

from sqlalchemy import Connection, Engine, and_, func, or_, select

from dyad.queries.events import EVENT_COLUMNS, EventRow
from dyad.queries.paging import MAX_PAGE, STREAM_BATCH, clamp, keyset
from dyad.store.engine import reading
from dyad.store.rows import in_chunks
from dyad.store.schema import documents, stories
from dyad.store.schema import events as event_table
from dyad.store.story_heads import last_day

# Latest first; a story without a date last, on every engine.
_FIRST = func.coalesce(stories.c.first_date, "")


class StoryRow(NamedTuple):
    """A story's head with how many documents and publishers it holds."""

    id: str
    title: str | None
    first_date: str | None
    last_date: str | None
    created_at: datetime
    documents: int
    publishers: int


class StoryHead(NamedTuple):
    """A story's own row: its title and the dates its documents span."""

    id: str
    title: str | None
    first_date: str | None
    last_date: str | None
    created_at: datetime


class StoryDocuments(NamedTuple):
    """A story with the ids of its documents, earliest published first: what an export writes."""

    story: StoryRow
    document_ids: list[str]


def _listing() -> Any:
    """Select stories holding documents, with their counts, latest first (limit and offset to be added)."""
    counted = (
        select(documents.c.story, func.count().label("documents"),
               func.count(func.distinct(documents.c.publisher)).label("publishers"))
        .where(documents.c.story.is_not(None)).group_by(documents.c.story).subquery()
    )
    return (select(stories.c.id, stories.c.title, stories.c.first_date, stories.c.last_date, stories.c.created_at,
                   counted.c.documents, counted.c.publishers)
            .join(counted, counted.c.story == stories.c.id).order_by(_FIRST.desc(), stories.c.id))


def page(engine: Engine, limit: int = 50, offset: int = 0) -> list[StoryRow]:
    """Return one page of stories, latest first, with their counts of documents and publishers."""
    limit, offset = clamp(limit, offset)
    with reading(engine) as conn:
        return [StoryRow._make(row) for row in conn.execute(_listing().limit(limit).offset(offset))]


def listing(engine: Engine, batch: int = MAX_PAGE) -> Iterator[StoryRow]:
    """Yield every story as `page` lists them, latest first, a batch per query (`dyad stories -n 0`)."""
    for rows, _ in _batches(engine, batch, with_documents=False):
        yield from rows


def stream(engine: Engine, batch: int = STREAM_BATCH) -> Iterator[StoryDocuments]:
    """Yield every story with its documents' ids, latest first, a batch of stories per query (keyset)."""
    for rows, ids in _batches(engine, batch, with_documents=True):
        yield from (StoryDocuments(row, ids.get(row.id, [])) for row in rows)


def _batches(
    engine: Engine, batch: int, *, with_documents: bool
) -> Iterator[tuple[list[StoryRow], dict[str, list[str]]]]:
    """Yield stories `batch` at a time, latest first, each batch after the last (keyset), with documents if asked."""
    after: tuple[str, str] | None = None
    while True:
        query = _listing().limit(batch)
        if after is not None:
            query = query.where(or_(_FIRST < after[0], and_(_FIRST == after[0], stories.c.id > after[1])))
        with reading(engine) as conn:
            rows = [StoryRow._make(row) for row in conn.execute(query)]
            ids = _document_ids(conn, [row.id for row in rows]) if with_documents else {}
        yield rows, ids
        if len(rows) < batch:
            return
        after = (rows[-1].first_date or "", rows[-1].id)


def _document_ids(conn: Connection, story_ids: list[str]) -> dict[str, list[str]]:
    """Return the ids of these stories' documents, earliest published first (as `Store.story_documents`)."""
    query = (select(documents.c.story, documents.c.id, documents.c.published, documents.c.ingested_at,
                    documents.c.source, documents.c.part))
    found: dict[str, list[Any]] = {}
    for chunk in in_chunks(story_ids):
        for row in conn.execute(query.where(documents.c.story.in_(chunk))):
            found.setdefault(row.story, []).append(row)
    return {story: [row.id for row in sorted(rows, key=_earliest)] for story, rows in found.items()}


def _earliest(row: Any) -> tuple[Any, ...]:
    """Order a story's documents by date published (undated last), then the way they were stored."""
    return (row.published is None, last_day(row.published or ""), row.ingested_at.replace(tzinfo=None),
            row.source, row.part)


def head(engine: Engine, story_id: str) -> StoryHead | None:
    """Return one story's head, or None when no story has this id."""
    query = select(*(stories.c[name] for name in StoryHead._fields)).where(stories.c.id == story_id)
    with reading(engine) as conn:
        row = conn.execute(query).first()
    return None if row is None else StoryHead._make(row)


def events(engine: Engine, story_id: str, batch: int = STREAM_BATCH) -> Iterator[EventRow]:
    """Yield the events of a story's documents, by document and offset, a batch per query (keyset).

    A story grows with the store (one held 1,858 events in 6,000 articles),
    so its events are streamed, not read at once.
    """
    query = select(*EVENT_COLUMNS).join(documents, documents.c.id == event_table.c.document).where(
        documents.c.story == story_id)
    for row in keyset(engine, query, (event_table.c.document, event_table.c.start, event_table.c.id), batch):
        yield EventRow._make(row)
