"""Keep each story's head (title, first and last date) right as documents join it or are re-dated.

A story's head is that of its earliest dated document; joins update it from
the head already stored and the joining documents, reading no more than the
documents that share the story's first date, so a story's size does not set
the cost of joining it. A full re-read (`refresh_story`) remains for the rare
re-dated document.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, bindparam, delete, func, select, update

from dyad.store.rows import in_chunks
from dyad.store.schema import documents, stories


@dataclass
class StoryChanges:
    """What a batch's joins did to stories: which are new, which changed their first or last date."""

    new: set[str]
    redated: set[str]
    stale: set[str] = field(default_factory=set)  # whose event counts can have changed: set by the writer


def join_stories(conn: Connection, joins: dict[str, str], refresh: set[str]) -> StoryChanges:
    """Put documents into stories (made when new), then update each story's title and dates once.

    A story that existed is updated from its head and its joining documents
    only (see _joined); one made here, or named in `refresh`, is recomputed
    from its documents, which for a new story are only this batch's.
    """
    members: dict[str, list[str]] = {}
    for doc_id, story in joins.items():
        members.setdefault(story, []).append(doc_id)
    heads = {row.id: row for chunk in in_chunks(sorted({*members, *refresh}))
             for row in conn.execute(select(stories).where(stories.c.id.in_(chunk)))}
    conn.execute(update(documents).where(documents.c.id == bindparam("b_id")).values(story=bindparam("b_story")),
                 [{"b_id": doc_id, "b_story": story} for doc_id, story in joins.items()])
    rows = {row.id: row for chunk in in_chunks(sorted(joins))
            for row in conn.execute(select(documents.c.id, *_STORY_COLUMNS).where(documents.c.id.in_(chunk)))}
    new = {story for story in members if story not in heads}
    if new:  # its documents are all joining now: its head comes from the rows just read
        now = datetime.now(UTC)
        made = [(story, [rows[d] for d in members[story] if d in rows]) for story in sorted(new)]
        conn.execute(stories.insert(), [{"id": story, "created_at": now, **_head_values(found)} for story, found in made])
    whole = refresh & set(heads)
    redated = set()
    for story, doc_ids in members.items():
        if story in whole or story in new:
            continue
        head = heads[story]
        dates = _joined(conn, head, [rows[d] for d in doc_ids if d in rows], doc_ids)
        if dates is None:
            whole.add(story)
        elif dates != (head.first_date, head.last_date):
            redated.add(story)
    for story in sorted(whole):
        dates = refresh_story(conn, story)
        if story in heads and dates != (heads[story].first_date, heads[story].last_date):
            redated.add(story)
    return StoryChanges(new, redated)


_STORY_COLUMNS = (documents.c.title, documents.c.published, documents.c.published_precision,
                  documents.c.ingested_at, documents.c.source, documents.c.part)


def _dated(row: Any) -> bool:
    return bool(row.published) and row.published_precision != "monthday"


def _first_key(row: Any) -> tuple[str, str, str, int]:
    """Order dated documents by the last day their date can mean (see _refresh_story)."""
    return (last_day(row.published), row.published, row.source, row.part)


def _latest(published: str) -> tuple[str, str]:
    return (last_day(published), published)


Dates = tuple[str | None, str | None]


def _joined(conn: Connection, head: Any, new: list[Any], joined: list[str]) -> Dates | None:
    """Update a story's title and dates for documents joining it, reading only what can change.

    The story row holds its earliest and latest dates, so the joining
    documents are compared with them, not with every document of the story:
    a story of thousands of documents (a template sentence on every page of a
    site) cost a read of all of them per join. Returns the story's (first,
    last) dates, or None when only a full refresh can tell (the story is
    undated and a joining document was stored no later than its first one).
    """
    dated = [row for row in new if _dated(row)]
    if head.first_date is None:
        if not dated:
            earliest = conn.scalar(select(func.min(documents.c.ingested_at)).where(
                documents.c.story == head.id, documents.c.id.not_in(joined)))
            keep = earliest is not None and all(_naive(earliest) < _naive(row.ingested_at) for row in new)
            return (None, None) if keep else None
        first, last = min(dated, key=_first_key), max(dated, key=lambda row: _latest(row.published)).published
    else:
        if not dated:
            return head.first_date, head.last_date
        earliest = _earliest(conn, head.id, head.first_date)
        if earliest is None:
            return None
        first = min([earliest, *dated], key=_first_key)
        last = max([head.last_date, *(row.published for row in dated)], key=_latest)
    _set_head(conn, head.id, first.title, first.published, last)
    return first.published, last


def _earliest(conn: Connection, story_id: str, published: str) -> Any:
    """Return the story's earliest document among those published on its first date (ties are few)."""
    rows = conn.execute(select(*_STORY_COLUMNS).where(
        documents.c.story == story_id, documents.c.published == published)).all()
    return min((r for r in rows if _dated(r)), key=_first_key, default=None)


def _set_head(conn: Connection, story_id: str, title: str | None, first: str | None, last: str | None) -> None:
    conn.execute(update(stories).where(stories.c.id == story_id).values(title=title, first_date=first, last_date=last))


def _naive(moment: datetime) -> datetime:
    return moment.replace(tzinfo=None)


def follow(into: dict[str, str], story: str) -> str:
    """Return the story a story was merged into, following a chain of merges to its end."""
    while story in into:
        story = into[story]
    return story


def merge_stories(conn: Connection, into: dict[str, str]) -> set[str]:
    """Move the documents of each merged story into the story it joined; drop the merged stories' rows.

    `into` maps a story that goes to the one it merged into (chains allowed).
    Returns the stories kept, whose heads are recomputed here: a merge can
    move their first and last dates either way.
    """
    for gone in sorted(into):
        conn.execute(update(documents).where(documents.c.story == gone).values(story=follow(into, gone)))
        conn.execute(delete(stories).where(stories.c.id == gone))
    kept = {follow(into, story) for story in into}
    for story in sorted(kept):
        refresh_story(conn, story)
    return kept


def refresh_story(conn: Connection, story_id: str) -> Dates | None:
    """Set a story's title and its first and last dates from all its documents (see _head)."""
    rows = conn.execute(select(*_STORY_COLUMNS).where(documents.c.story == story_id)).all()
    if not rows:
        return None
    title, first, last = _head(rows)
    _set_head(conn, story_id, title, first, last)
    return first, last


def _head_values(rows: Sequence[Any]) -> dict[str, str | None]:
    title, first, last = _head(rows) if rows else (None, None, None)
    return {"title": title, "first_date": first, "last_date": last}


def _head(rows: Sequence[Any]) -> tuple[str | None, str | None, str | None]:
    """Return a story's title (its earliest document's) and first and last dates, from its documents.

    Earliest means surely earliest: documents are ordered by the last day their
    date can mean, so "2013-11-02" comes before the "2013-11" of a piece that
    inherited its month from it.
    """
    dated = sorted((r for r in rows if _dated(r)), key=_first_key)
    first = dated[0] if dated else min(rows, key=lambda r: (_naive(r.ingested_at), r.source, r.part))
    return (first.title, dated[0].published, dated[-1].published) if dated else (first.title, None, None)


def last_day(published: str) -> str:
    """Pad a partial ISO date to the last day it can mean, for ordering ("2013-11" -> "2013-11-99")."""
    if not 4 <= len(published) < 10:
        return published
    return published + "-99-99"[len(published) - 4 :]
