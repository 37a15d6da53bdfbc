"""Actors: the most mentioned (a page, or all streamed), names by id, every name and alias, where one is mentioned."""

from __future__ import annotations

import functools
import json
from collections.abc import Iterator
from dataclasses import fields
from typing import Any, NamedTuple

from sqlalchemy import Engine, Select, and_, bindparam, func, or_, select

from dyad.actors import Actor
from dyad.model import Mention
from dyad.queries.paging import MAX_PAGE, clamp, keyset
from dyad.store.annotation_rows import row_actor
from dyad.store.engine import Read, list_params, list_size, listed, read_rows, reading
from dyad.store.schema import actors, documents, mentions


class ActorCount(NamedTuple):
    """An actor with how many mentions, and how many documents, name it."""

    actor: Actor
    mentions: int
    documents: int


class ActorNames(NamedTuple):
    """An actor's id, name and aliases: what a typed name is matched against."""

    id: str
    name: str
    aliases: list[str]


class MentionRow(NamedTuple):
    """Where a document mentions an actor, with the document's title, publisher and date."""

    document: str
    start: int
    end: int
    text: str
    method: str
    document_title: str | None
    publisher: str | None
    published: str | None


_MENTIONS = func.count(mentions.c.start)


def _counted(kind: str | None) -> Any:
    """Select actors with how many mentions and documents name them, most mentioned first (then by id)."""
    query = (
        select(actors, _MENTIONS.label("mentions"), func.count(func.distinct(mentions.c.document)).label("documents"))
        .join(mentions, mentions.c.actor == actors.c.id, isouter=True)
        .group_by(actors.c.id)
        .order_by(_MENTIONS.desc(), actors.c.id)
    )
    return query.where(actors.c.kind == kind) if kind else query


def _count(row: Any) -> ActorCount:
    return ActorCount(row_actor(row), int(row.mentions), int(row.documents))


def counts(engine: Engine, limit: int = 50, kind: str | None = None) -> list[ActorCount]:
    """List actors with how many mentions and documents name them, most mentioned first (a page at most)."""
    with reading(engine) as conn:
        return [_count(row) for row in conn.execute(_counted(kind).limit(clamp(limit)[0]))]


def stream_counts(engine: Engine, kind: str | None = None, batch: int = MAX_PAGE) -> Iterator[ActorCount]:
    """Yield every actor with its counts, in `counts`' order, a page per query (`dyad actors list -n 0`).

    Keyset on (mentions descending, id): each page is the actors after the
    last one read, so no page rescans the pages before it.
    """
    after: tuple[int, str] | None = None
    while True:
        query = _counted(kind).limit(batch)
        if after is not None:
            query = query.having(or_(_MENTIONS < after[0], and_(_MENTIONS == after[0], actors.c.id > after[1])))
        with reading(engine) as conn:
            rows = [_count(row) for row in conn.execute(query)]
        yield from rows
        if len(rows) < batch:
            return
        after = (rows[-1].mentions, rows[-1].actor.id)


def names(engine: Engine, ids: list[str]) -> dict[str, str]:
    """Return the names of these actors, by id (at most a page of them)."""
    if not ids:
        return {}
    wanted = sorted(set(ids))[:MAX_PAGE]
    return {actor_id: name for actor_id, name in read_rows(engine, _names_of(list_size(len(wanted))),
                                                            list_params("id", wanted))}


@functools.lru_cache(maxsize=16)
def _names_of(size: int) -> Select[Any]:
    """Build, once per list size, the query for some actors' names."""
    return select(actors.c.id, actors.c.name).where(actors.c.id.in_(listed("id", size)))


_MENTION_FIELDS = tuple(f.name for f in fields(Mention))
# A document's mentions in text order, built once and run on the driver (read_rows): every document page reads them.
_MENTIONS_IN = (select(*(mentions.c[name] for name in _MENTION_FIELDS))
                .where(mentions.c.document == bindparam("document")).order_by(mentions.c.start))


def mentions_read(doc_id: str) -> Read:
    """Name the read `mentions_in` makes (for `dyad.store.engine.read_ahead`)."""
    return Read(_MENTIONS_IN, {"document": doc_id})


def mentions_in(engine: Engine, doc_id: str) -> list[Mention]:
    """Return a document's actor mentions in text order (what `Store.mentions_of` gives)."""
    return [Mention(*row) for row in read_rows(engine, *mentions_read(doc_id))]


def aliases(engine: Engine) -> Iterator[ActorNames]:
    """Yield every stored actor's id, name and aliases, by id, a batch per query (the web keeps them a while)."""
    query = select(actors.c.id, actors.c.name, actors.c.aliases)
    for row in keyset(engine, query, (actors.c.id,)):
        yield ActorNames(row.id, row.name, json.loads(row.aliases or "[]"))


def mention_page(engine: Engine, actor_id: str, limit: int = 50, offset: int = 0) -> list[MentionRow]:
    """Return one page of an actor's mentions with their documents, latest documents first."""
    limit, offset = clamp(limit, offset)
    query = (
        select(mentions.c.document, mentions.c.start, mentions.c.end, mentions.c.text, mentions.c.method,
               documents.c.title.label("document_title"), documents.c.publisher, documents.c.published)
        .join(documents, documents.c.id == mentions.c.document)
        .where(mentions.c.actor == actor_id)
        .order_by(documents.c.published.desc().nulls_last(), mentions.c.document, mentions.c.start)
        .limit(limit).offset(offset)
    )
    with reading(engine) as conn:
        return [MentionRow._make(row) for row in conn.execute(query)]
