"""Store queries and writes of the cross-document stage (stories, near-copies, citations).

A mixin of Store, kept in its own module so the store's core stays small. Every
look-up here goes through an index (band keys, document ids, published dates,
meeting dates, a story's documents), so linking one document costs the same
in a store of a thousand documents as in one of a million.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Engine, bindparam, func, or_, select, text, update

from dyad.model import Document, Meeting, Published
from dyad.store.annotation_rows import row_meeting
from dyad.store.engine import reading
from dyad.store.rows import row_document
from dyad.store.schema import documents, events, lsh_bands, meetings, mentions, stories

_CHUNK = 900  # ids per IN list, under SQLite's 999 parameters


@dataclass(frozen=True)
class LinkedDoc:
    """A document's linking fields, without its text."""

    id: str
    source: str
    part: int
    title: str | None
    publisher: str | None
    published: str | None
    precision: str | None
    story: str | None
    duplicate_of: str | None
    cites: tuple[str, ...]
    ingested_at: datetime

    @property
    def stored(self) -> tuple[datetime, str, int]:
        """Order documents the way they were stored, items of one batch by source and part."""
        return (self.ingested_at.replace(tzinfo=None), self.source, self.part)


def _linked(row: Any) -> LinkedDoc:
    return LinkedDoc(
        row.id, row.source, row.part, row.title, row.publisher, row.published, row.published_precision,
        row.story, row.duplicate_of, tuple(json.loads(row.cites)) if "cites" in row._fields else (), row.ingested_at,
    )


_LINK_COLUMNS = (
    documents.c.id, documents.c.source, documents.c.part, documents.c.title, documents.c.publisher,
    documents.c.published, documents.c.published_precision, documents.c.story, documents.c.duplicate_of,
    documents.c.cites, documents.c.ingested_at,
)


def _chunks(items: list[Any], size: int = _CHUNK) -> Iterator[list[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _packed(groups: dict[tuple[str, int], set[str]], limit: int = 800) -> Iterator[list[tuple[tuple[str, int], set[str]]]]:
    """Pack (level, band) key groups into statements of at most `limit` parameters."""
    batch: list[tuple[tuple[str, int], set[str]]] = []
    size = 0
    for item in sorted(groups.items()):
        cost = 2 + len(item[1])
        if batch and size + cost > limit:
            yield batch
            batch, size = [], 0
        batch.append(item)
        size += cost
    if batch:
        yield batch


# Documents read per (level, band) of a look-up. A band key shared by more
# documents than this is boilerplate (a site's footer, a template sentence):
# without the cap every new document matched every old one on such keys, so
# linking time and peak memory grew with the store (benchmarks/ingest.py: 657 MB
# after 1,000 of 10,000 template pages). A real copy shares most of its 32
# bands, so it is still found through the bands that are not boilerplate.
BAND_MATCH_LIMIT = 200


# Band look-ups are never compiled twice (each has its own keys), so SQLAlchemy
# must not keep them: its cache of 500 compiled statements held 1.6 MB per
# look-up, and peak memory of a linked ingest rose from 150 MB to 700 MB.
_UNCACHED = {"compiled_cache": None}


def _band_lookup(batch: list[tuple[tuple[str, int], set[str]]], doc_id: str) -> tuple[Any, dict[str, Any]]:
    """Write one UNION ALL of per-band key look-ups as plain SQL, counted per other document.

    Built as text with named parameters rather than as SQLAlchemy selects: the
    compiler took longer over a few hundred selects than SQLite took to run them.
    The database counts the distinct (level, band) pairs each document shares,
    so one row comes back per document, not one per matching key: on pages
    sharing boilerplate that was up to 200 rows per band, and fetching them
    was a tenth of linking time.
    """
    params: dict[str, Any] = {"me": doc_id}
    parts = []
    for n, ((level, band), keys) in enumerate(batch):
        names = []
        for k, key in enumerate(sorted(keys)):
            params[f"k{n}_{k}"] = key
            names.append(f":k{n}_{k}")
        params[f"l{n}"], params[f"b{n}"] = level, band
        parts.append(
            f"SELECT * FROM (SELECT document, level, band FROM lsh_bands WHERE level = :l{n} AND band = :b{n} "
            f"AND key IN ({', '.join(names)}) LIMIT {BAND_MATCH_LIMIT}) AS p{n}"
        )
    matches = " UNION ALL ".join(parts)
    return text(
        f"SELECT document, COUNT(*) FROM (SELECT DISTINCT document, level, band FROM ({matches}) AS m "
        "WHERE document <> :me) AS d GROUP BY document"
    ), params


class LinkQueries:
    """Store methods for linking documents across the corpus."""

    if TYPE_CHECKING:
        _engine: Engine

        def _write(self) -> AbstractContextManager[Connection]: ...
        def _check_writable(self) -> None: ...

    # -- documents ---------------------------------------------------------

    def unlinked_ids(self, limit: int = 10_000) -> list[str]:
        """Return ids of stored documents in no story yet, oldest first (a run stopped before linking them)."""
        query = (
            select(documents.c.id)
            .where(documents.c.story.is_(None))
            .order_by(documents.c.ingested_at, documents.c.id)
            .limit(limit)
        )
        with reading(self._engine) as conn:
            return list(conn.scalars(query))

    def linked_documents(self, ids: Iterable[str], *, cites: bool = True) -> dict[str, LinkedDoc]:
        """Return the linking fields of these documents, by id; `cites=False` leaves their cites empty.

        Linking never reads what a candidate cites, and a much-cited page's
        list can run to thousands of ids, so it asks without them.
        """
        found: dict[str, LinkedDoc] = {}
        columns = _LINK_COLUMNS if cites else _LINK_COLUMNS[:-2] + (documents.c.ingested_at,)
        with reading(self._engine) as conn:
            for chunk in _chunks(sorted(set(ids)), 900):
                for row in conn.execute(select(*columns).where(documents.c.id.in_(chunk))):
                    found[row.id] = _linked(row)
        return found

    def documents_by_id(self, ids: Iterable[str]) -> dict[str, Document]:
        """Return these documents with their text, by id."""
        found: dict[str, Document] = {}
        with reading(self._engine) as conn:
            for chunk in _chunks(sorted(set(ids)), 900):
                for row in conn.execute(select(documents).where(documents.c.id.in_(chunk))):
                    found[row.id] = row_document(row)
        return found

    # -- near-copies and citations -------------------------------------------

    def has_bands(self, doc_id: str) -> bool:
        """Tell whether a document's band keys are stored, i.e. it was linked before."""
        query = select(lsh_bands.c.document).where(lsh_bands.c.document == doc_id).limit(1)
        with reading(self._engine) as conn:
            return conn.scalar(query) is not None

    def band_matches(self, doc_id: str, rows: list[dict[str, Any]]) -> Counter[str]:
        """Count, per other document, the (level, band) pairs whose key it shares with these rows.

        Each (level, band) asks `level = ? AND band = ? AND key IN (…)`, so
        SQLite probes the primary key once per key; several go in one UNION ALL
        statement (see _band_lookup). A row-value `(level, band, key) IN (VALUES …)` made SQLite
        scan the table (156 ms per look-up at 1,000 documents), and one
        `band IN … AND key IN …` probes every band with every key.
        """
        groups: dict[tuple[str, int], set[str]] = {}
        for row in rows:
            groups.setdefault((row["level"], row["band"]), set()).add(row["key"])
        counts: Counter[str] = Counter()
        with reading(self._engine) as conn:
            for batch in _packed(groups):  # each statement asks different (level, band) pairs: counts add up
                statement, params = _band_lookup(batch, doc_id)
                for other, shared in conn.execute(statement, params, execution_options=_UNCACHED):
                    counts[other] += int(shared)
        return counts

    def save_links(
        self,
        doc_id: str,
        band_rows: list[dict[str, Any]],
        duplicate_of: str | None,
        cites: list[tuple[str, str]],
        story: str,
    ) -> bool:
        """Record a document's band keys, what it copies, who cites whom and its story; tell if the story is new.

        One transaction: a run killed half-way leaves the document unlinked
        (no story), and the next run links it whole.
        """
        from dyad.store.store import _insert_ignoring_duplicates

        self._check_writable()
        with self._write() as conn:
            if band_rows:
                conn.execute(_insert_ignoring_duplicates(conn, lsh_bands), band_rows)
            if duplicate_of:
                conn.execute(update(documents).where(documents.c.id == doc_id).values(duplicate_of=duplicate_of))
            if cites:
                _add_cites(conn, cites)
            return _join_story(conn, doc_id, story)

    def set_published(self, doc_id: str, published: Published) -> None:
        """Date a document without re-analysing it (for stores ingested without analysis)."""
        self._check_writable()
        values = {"published": published.value, "published_precision": published.precision,
                  "published_method": published.method}
        with self._write() as conn:
            conn.execute(update(documents).where(documents.c.id == doc_id).values(**values))

    # -- stories -----------------------------------------------------------

    def actors_of(self, ids: Iterable[str]) -> dict[str, dict[str, str]]:
        """Return each document's actor ids with their kind (person, state, …)."""
        found: dict[str, dict[str, str]] = {}
        query = select(mentions.c.document, mentions.c.actor, mentions.c.kind).where(mentions.c.actor.is_not(None))
        with reading(self._engine) as conn:
            for chunk in _chunks(sorted(set(ids)), 900):
                for doc, actor, kind in conn.execute(query.where(mentions.c.document.in_(chunk))):
                    found.setdefault(doc, {})[actor] = kind
        return found

    def meetings_by_document(self, ids: Iterable[str]) -> dict[str, list[Meeting]]:
        """Return the meetings each document reports."""
        found: dict[str, list[Meeting]] = {}
        with reading(self._engine) as conn:
            for chunk in _chunks(sorted(set(ids)), 900):
                rows = conn.execute(select(meetings).where(meetings.c.document.in_(chunk)).order_by(meetings.c.start))
                for row in rows:
                    found.setdefault(row.document, []).append(row_meeting(row))
        return found

    def documents_in_window(
        self, first: str, last: str, actors: Iterable[str], exclude: str, *, min_shared: int, limit: int
    ) -> list[str]:
        """List documents published between two ISO days naming at least `min_shared` of these actors.

        The published-date index picks the window first; the mentions are then
        read by document, so the cost follows the window, not the corpus.
        """
        wanted = sorted(set(actors))
        if len(wanted) < min_shared:
            return []
        window = (
            select(documents.c.id)
            .where(or_(documents.c.published >= first, documents.c.published == first[:7]))
            .where(documents.c.published <= last, documents.c.id != exclude)
        )
        shared = func.count(func.distinct(mentions.c.actor))
        query = (
            select(mentions.c.document)
            .where(mentions.c.document.in_(window), mentions.c.actor.in_(wanted))
            .group_by(mentions.c.document)
            .having(shared >= min_shared)
            .order_by(shared.desc(), mentions.c.document)
            .limit(limit)
        )
        with reading(self._engine) as conn:
            return list(conn.scalars(query))

    def documents_at_meeting(self, date: str, exclude: str, limit: int) -> list[str]:
        """List documents reporting a meeting on this day (meetings of that day, by index)."""
        query = (
            select(meetings.c.document).distinct()
            .where(meetings.c.date == date, meetings.c.document != exclude)
            .order_by(meetings.c.document).limit(limit)
        )
        with reading(self._engine) as conn:
            return list(conn.scalars(query))

    def story_documents(self, story_id: str) -> list[LinkedDoc]:
        """Return a story's documents, earliest published first."""
        query = select(*_LINK_COLUMNS).where(documents.c.story == story_id)
        with reading(self._engine) as conn:
            found = [_linked(row) for row in conn.execute(query)]
        return sorted(found, key=lambda d: (d.published is None, _last_day(d.published or ""), d.stored))

    def refresh_story(self, story_id: str) -> None:
        """Recompute a story's title and dates from all its documents (after one of them was re-dated)."""
        self._check_writable()
        with self._write() as conn:
            _refresh_story(conn, story_id)

    def get_story(self, story_id: str) -> dict[str, Any] | None:
        """Return one story's row as a dict, or None."""
        with reading(self._engine) as conn:
            row = conn.execute(select(stories).where(stories.c.id == story_id)).first()
        return None if row is None else dict(row._mapping)

    def stories_starting(self, prefix: str, limit: int = 2) -> list[str]:
        """List story ids starting with a prefix, so users may type the first few characters."""
        query = select(stories.c.id).where(stories.c.id.startswith(prefix, autoescape=True)).order_by(stories.c.id)
        with reading(self._engine) as conn:
            return list(conn.scalars(query.limit(limit)))

    def list_stories(self, limit: int | None = None) -> list[dict[str, Any]]:
        """List stories, latest first, with their counts of documents and publishers."""
        counted = (
            select(
                documents.c.story,
                func.count().label("documents"),
                func.count(func.distinct(documents.c.publisher)).label("publishers"),
            )
            .where(documents.c.story.is_not(None))
            .group_by(documents.c.story)
            .subquery()
        )
        query = (
            select(stories, counted.c.documents, counted.c.publishers)
            .join(counted, counted.c.story == stories.c.id)
            .order_by(stories.c.first_date.desc(), stories.c.id)
        )
        if limit:
            query = query.limit(limit)
        with reading(self._engine) as conn:
            return [dict(row._mapping) for row in conn.execute(query)]

    def iter_stories(self) -> Iterator[dict[str, Any]]:
        """Yield every story with the ids of its documents, for exports."""
        for story in self.list_stories():
            docs = self.story_documents(story["id"])
            yield {**story, "document_ids": [d.id for d in docs]}

    # -- events of a story -------------------------------------------------

    def story_events(self, story_id: str) -> list[dict[str, Any]]:
        """Return the events of a story's documents, with each document's publisher and original."""
        query = (
            select(events, documents.c.publisher, documents.c.duplicate_of, documents.c.source.label("doc_source"))
            .join(documents, documents.c.id == events.c.document)
            .where(documents.c.story == story_id)
            .order_by(events.c.document, events.c.start, events.c.id)
        )
        with reading(self._engine) as conn:
            return [dict(row._mapping) for row in conn.execute(query)]

    def set_event_counts(self, counts: dict[str, tuple[int, int]]) -> int:
        """Set (documents, publishers) on events whose counts changed; return how many changed."""
        if not counts:
            return 0
        self._check_writable()
        with self._write() as conn:
            for event_id, (n_docs, n_pubs) in counts.items():
                conn.execute(update(events).where(events.c.id == event_id).values(documents=n_docs, publishers=n_pubs))
        return len(counts)


def _add_cites(conn: Connection, pairs: list[tuple[str, str]]) -> None:
    """Add each cited id to its citing document's `cites` list unless it is there.

    One read of every citing document's list and one batched update of those
    that changed, rather than a read and a write per pair.
    """
    wanted: dict[str, list[str]] = {}
    for citing, cited in pairs:
        wanted.setdefault(citing, []).append(cited)
    query = select(documents.c.id, documents.c.cites).where(documents.c.id.in_(sorted(wanted)))
    changed = []
    for doc_id, current in conn.execute(query):
        listed = json.loads(current)
        added = [cited for cited in dict.fromkeys(wanted[doc_id]) if cited not in listed]
        if added:
            changed.append({"b_id": doc_id, "b_cites": json.dumps([*listed, *added])})
    if changed:
        statement = update(documents).where(documents.c.id == bindparam("b_id")).values(cites=bindparam("b_cites"))
        conn.execute(statement, changed)


def _join_story(conn: Connection, doc_id: str, story_id: str) -> bool:
    """Put a document into a story (made when new), update the story's title and dates; tell if new."""
    head = conn.execute(select(stories).where(stories.c.id == story_id)).first()
    if head is None:
        conn.execute(stories.insert().values(id=story_id, created_at=datetime.now(UTC)))
    conn.execute(update(documents).where(documents.c.id == doc_id).values(story=story_id))
    if head is None or not _joined(conn, head, doc_id):
        _refresh_story(conn, story_id)
    return head is None


_STORY_COLUMNS = (documents.c.title, documents.c.published, documents.c.published_precision,
                  documents.c.ingested_at, documents.c.source, documents.c.part)


def _dated(row: Any) -> bool:
    return bool(row.published) and row.published_precision != "monthday"


def _first_key(row: Any) -> tuple[str, str, str, int]:
    """Order dated documents by the last day their date can mean (see _refresh_story)."""
    return (_last_day(row.published), row.published, row.source, row.part)


def _joined(conn: Connection, head: Any, doc_id: str) -> bool:
    """Update a story's title and dates for one document joining it, reading only what can change.

    The story row holds its earliest and latest dates, so a joining document
    is compared with them, not with every document of the story: a story of
    thousands of documents (a template sentence on every page of a site) cost
    a read of all of them per join. Returns False when only a full refresh
    can tell (the story is undated and the document was stored earlier than
    its first one), and the caller then refreshes the story whole.
    """
    new = conn.execute(select(*_STORY_COLUMNS).where(documents.c.id == doc_id)).first()
    if new is None:
        return True
    if head.first_date is None:
        if _dated(new):
            _set_head(conn, head.id, new.title, new.published, new.published)
            return True
        earliest = conn.scalar(select(func.min(documents.c.ingested_at)).where(
            documents.c.story == head.id, documents.c.id != doc_id))
        return earliest is not None and _naive(earliest) < _naive(new.ingested_at)
    if not _dated(new):
        return True
    last = head.last_date if _first_key(new)[:2] <= (_last_day(head.last_date), head.last_date) else new.published
    first = _earliest(conn, head.id, head.first_date)
    if first is None:
        return False
    if _first_key(new) < _first_key(first):
        first = new
    _set_head(conn, head.id, first.title, first.published, last)
    return True


def _earliest(conn: Connection, story_id: str, published: str) -> Any:
    """Return the story's earliest document among those published on its first date (ties are few)."""
    rows = conn.execute(select(*_STORY_COLUMNS).where(
        documents.c.story == story_id, documents.c.published == published)).all()
    return min((r for r in rows if _dated(r)), key=_first_key, default=None)


def _set_head(conn: Connection, story_id: str, title: str | None, first: str | None, last: str | None) -> None:
    conn.execute(update(stories).where(stories.c.id == story_id).values(title=title, first_date=first, last_date=last))


def _naive(moment: datetime) -> datetime:
    return moment.replace(tzinfo=None)


def _refresh_story(conn: Connection, story_id: str) -> None:
    """Set a story's title (its earliest document's) and its first and last dates.

    Earliest means surely earliest: documents are ordered by the last day their
    date can mean, so "2013-11-02" comes before the "2013-11" of a piece that
    inherited its month from it.
    """
    rows = conn.execute(select(*_STORY_COLUMNS).where(documents.c.story == story_id)).all()
    if not rows:
        return
    dated = sorted((r for r in rows if _dated(r)), key=_first_key)
    first = dated[0] if dated else min(rows, key=lambda r: (_naive(r.ingested_at), r.source, r.part))
    _set_head(conn, story_id, first.title, dated[0].published if dated else None,
              dated[-1].published if dated else None)


def _last_day(published: str) -> str:
    """Pad a partial ISO date to the last day it can mean, for ordering ("2013-11" -> "2013-11-99")."""
    if not 4 <= len(published) < 10:
        return published
    return published + "-99-99"[len(published) - 4 :]
