"""Quotes: one page of them with their documents, and what one actor is quoted as saying."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import fields
from typing import NamedTuple

from sqlalchemy import Engine, bindparam, select

from dyad.model import Quote
from dyad.queries.paging import STREAM_BATCH, clamp, keyset
from dyad.store.engine import Read, read_rows, reading
from dyad.store.schema import documents, quotes


class QuoteRow(NamedTuple):
    """A quote as the quotes page lists it, with its document's title, publisher and date."""

    id: str
    document: str
    speaker: str | None
    speaker_name: str | None
    text: str
    direct: bool
    verb: str | None
    start: int
    end: int
    document_title: str | None
    publisher: str | None
    published: str | None


class SaidRow(NamedTuple):
    """What an actor is quoted as saying, with the title of the document saying so."""

    id: str
    document: str
    text: str
    direct: bool
    start: int
    end: int
    document_title: str | None


class QuoteRecord(NamedTuple):
    """A stored quote, every column: what exports write."""

    id: str
    document: str
    speaker: str | None
    speaker_name: str | None
    text: str
    direct: bool
    partial: bool
    start: int
    end: int
    speaker_start: int | None
    speaker_end: int | None
    verb: str | None


def page(
    engine: Engine, speaker: str | None = None, direct: bool | None = None, limit: int = 50, offset: int = 0
) -> list[QuoteRow]:
    """Return one page of quotes with their documents, latest documents first, in text order within one."""
    limit, offset = clamp(limit, offset)
    query = (
        select(quotes.c.id, quotes.c.document, quotes.c.speaker, quotes.c.speaker_name, quotes.c.text,
               quotes.c.direct, quotes.c.verb, quotes.c.start, quotes.c.end,
               documents.c.title.label("document_title"), documents.c.publisher, documents.c.published)
        .join(documents, documents.c.id == quotes.c.document)
        .order_by(documents.c.published.desc().nulls_last(), quotes.c.document, quotes.c.start)
        .limit(limit).offset(offset)
    )
    if speaker:
        query = query.where(quotes.c.speaker == speaker)
    if direct is not None:
        query = query.where(quotes.c.direct == direct)
    with reading(engine) as conn:
        return [QuoteRow._make(row) for row in conn.execute(query)]


def of_actor(engine: Engine, actor_id: str, limit: int = 50) -> list[SaidRow]:
    """Return what an actor is quoted as saying, through the speaker index."""
    query = (
        select(quotes.c.id, quotes.c.document, quotes.c.text, quotes.c.direct, quotes.c.start, quotes.c.end,
               documents.c.title.label("document_title"))
        .join(documents, documents.c.id == quotes.c.document)
        .where(quotes.c.speaker == actor_id)
        .order_by(quotes.c.document, quotes.c.start).limit(clamp(limit)[0])
    )
    with reading(engine) as conn:
        return [SaidRow._make(row) for row in conn.execute(query)]


def stream(engine: Engine, batch: int = STREAM_BATCH) -> Iterator[QuoteRecord]:
    """Yield every stored quote, by document and offset, a batch per query (keyset)."""
    columns = [quotes.c[name] for name in QuoteRecord._fields]
    for row in keyset(engine, select(*columns), (quotes.c.document, quotes.c.start, quotes.c.id), batch):
        yield QuoteRecord._make(row)._replace(direct=bool(row.direct), partial=bool(row.partial))


_QUOTE_FIELDS = tuple(f.name for f in fields(Quote))
# A document's quotes in text order, built once and run on the driver (read_rows): every document page reads them.
_OF_DOCUMENT = (select(*(quotes.c[name] for name in _QUOTE_FIELDS)).where(quotes.c.document == bindparam("document"))
                .order_by(quotes.c.start))


def of_document_read(doc_id: str) -> Read:
    """Name the read `of_document` makes (for `dyad.store.engine.read_ahead`)."""
    return Read(_OF_DOCUMENT, {"document": doc_id})


def of_document(engine: Engine, doc_id: str) -> list[Quote]:
    """Return a document's quotes in text order (what `Store.quotes_of` gives)."""
    found = []
    for row in read_rows(engine, *of_document_read(doc_id)):
        values = dict(zip(_QUOTE_FIELDS, row, strict=True))
        found.append(Quote(**{**values, "direct": bool(values["direct"]), "partial": bool(values["partial"])}))
    return found
