"""Store reads and writes of the cross-document stage (stories, near-copies, citations).

A mixin of Store, kept in its own module so the store's core stays small. Every
look-up here goes through an index (band keys, document ids, published dates,
meeting dates, a story's documents), so linking one document costs the same
in a store of a thousand documents as in one of a million.

These reads stay with the Store, not in dyad.queries: they are record reads
the link stage makes while it writes (the candidates of a batch, the windows
its stories are chosen from, a story's documents and events to recount),
their answers decide what the next write records, and each is bounded by a
batch's keys or a story, not by what a page shows. What only shows stories
(listings, exports) reads through dyad.queries.stories.
"""

from __future__ import annotations

import heapq
import json
import sys
from collections import Counter
from collections.abc import Collection, Iterable, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass, replace
from datetime import datetime
from itertools import groupby
from operator import itemgetter
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    Connection,
    Engine,
    bindparam,
    func,
    or_,
    select,
    text,
    update,
)
from sqlalchemy.sql import Select, Subquery

from dyad.model import Meeting, Published
from dyad.store.annotation_rows import row_meeting
from dyad.store.bulk import insert_many
from dyad.store.engine import reading
from dyad.store.progress import record_link_failures
from dyad.store.rows import in_chunks, row_published
from dyad.store.schema import documents, events, meeting_people, meetings, mentions, stories
from dyad.store.story_heads import (
    StoryChanges,
    follow,
    join_stories,
    last_day,
    merge_stories,
    refresh_story,
)


@dataclass(frozen=True, slots=True)  # a linking batch holds those of every candidate it reads
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


@dataclass(frozen=True)
class DocText:
    """What the copy-and-citation check reads of a document: its text and date.

    Not a whole Document: a batch reads up to 2,500 candidates at a time, and
    their `cites` and `removed` lists (a much-cited page's runs to a hundred
    ids, each a string of its own) were a third of what the read held.
    """

    id: str
    text: str
    published: Published | None


_LINK_COLUMNS = (
    documents.c.id, documents.c.source, documents.c.part, documents.c.title, documents.c.publisher,
    documents.c.published, documents.c.published_precision, documents.c.story, documents.c.duplicate_of,
    documents.c.cites, documents.c.ingested_at,
)

# A band key stored for more rows than this is boilerplate (a site's footer, a
# template sentence, a wire service's standard paragraph). Without a cap every
# new document matched every old one on such keys, so linking time and peak
# memory grew with the store (benchmarks/ingest.py: 657 MB after 1,000 of
# 10,000 template pages). A document key past the cap still yields its first
# BAND_MATCH_LIMIT documents (by id), since a real copy must stay findable
# however often it was copied; a paragraph key past the cap is skipped whole:
# it is read at no cost and makes no candidate, so a shared footer no longer
# turns pages of one site into "citations" of each other once the site is big.
BAND_MATCH_LIMIT = 200

BandKey = tuple[str, int, str]  # (level, band, key)
BandRow = tuple[str, int, str, str, int]  # (level, band, key, document, paragraph): a row of lsh_bands
# A batch's write passes its band rows (some 60,000) to the driver this many
# at a time, and reads and rewrites the `cites` lists of this many documents.
WRITE_CHUNK = 5_000
CITES_CHUNK = 100

# The keys of one look-up, in a temporary table of the look-up's connection:
# one statement probes the band index once per key, where IN lists cost a
# statement (and its compilation) per few hundred keys. PostgreSQL empties it
# at commit (ON COMMIT DELETE ROWS), so no dead rows pile up between batches.
_CREATE_KEYS = ("CREATE TEMPORARY TABLE IF NOT EXISTS dyad_link_keys "
                "(level VARCHAR(8), band INTEGER, key VARCHAR(32), bound VARCHAR(64))")
# The (CAP+1)-th stored document of each key, or NULL when it has no more than CAP.
_SET_BOUNDS = text(
    "UPDATE dyad_link_keys SET bound = (SELECT DISTINCT b.document FROM lsh_bands AS b WHERE b.level = dyad_link_keys.level "
    "AND b.band = dyad_link_keys.band AND b.key = dyad_link_keys.key ORDER BY b.document LIMIT 1 OFFSET :cap)"
)
_BOILERPLATE_KEYS = "FROM dyad_link_keys WHERE bound IS NOT NULL AND level <> 'doc'"
_BOILERPLATE = text("SELECT level, band, key " + _BOILERPLATE_KEYS)
_DROP_BOILERPLATE = text("DELETE " + _BOILERPLATE_KEYS)
# CROSS JOIN keeps SQLite's loop order: each key probes the band index (the
# other order scans lsh_bands). Capped keys are read up to their bound, so a
# document key on 10,000 pages costs BAND_MATCH_LIMIT rows, not 10,000.
_MATCHES = (
    "SELECT k.level, k.band, k.key, b.document FROM dyad_link_keys AS k CROSS JOIN lsh_bands AS b "
    "WHERE b.level = k.level AND b.band = k.band AND b.key = k.key AND "
)
_UNCAPPED = text(_MATCHES + "k.bound IS NULL")
_CAPPED = text(_MATCHES + "k.bound IS NOT NULL AND b.document < k.bound")


@dataclass
class BandLookup:
    """The stored documents holding each band key, and the paragraph keys skipped as boilerplate."""

    documents: dict[BandKey, list[str]]
    boilerplate: set[BandKey]


def _band_documents(conn: Connection, keys: set[BandKey]) -> BandLookup:
    """Fill the look-up table with these keys and read the stored documents of each, capped."""
    postgresql = conn.dialect.name == "postgresql"
    conn.exec_driver_sql(_CREATE_KEYS + (" ON COMMIT DELETE ROWS" if postgresql else ""))
    conn.exec_driver_sql("DELETE FROM dyad_link_keys")
    insert_many(conn, "dyad_link_keys (level, band, key)", _index_order(keys))  # probed in index order
    conn.execute(_SET_BOUNDS, {"cap": BAND_MATCH_LIMIT})
    boilerplate = {(level, band, key) for level, band, key in conn.execute(_BOILERPLATE)}
    conn.execute(_DROP_BOILERPLATE)
    found: dict[BandKey, list[str]] = {}
    # One string per document, not one per row read: a batch's look-up read
    # 70,000 rows in a store of 1,200 documents.
    names: dict[str, str] = {}
    for statement in (_UNCAPPED, _CAPPED):
        for level, band, key, document in conn.execute(statement):
            found.setdefault((level, band, key), []).append(names.setdefault(document, document))
    conn.exec_driver_sql("DELETE FROM dyad_link_keys")
    return BandLookup(found, boilerplate)


def _index_order(keys: Iterable[BandKey]) -> list[BandKey]:
    """Sort band keys as the band index holds them, (level, band) by (level, band).

    A batch looks up some 75,000 keys: sorting the triples whole compared
    them field by field, a third of the look-up's time; sorting each
    (level, band)'s keys by their strings alone gives the same order for a
    third of the cost.
    """
    groups: dict[tuple[str, int], list[BandKey]] = {}
    for key in keys:
        groups.setdefault(key[:2], []).append(key)
    return [key for group in sorted(groups) for key in sorted(groups[group], key=itemgetter(2))]


# Windows asked for in one statement (a UNION ALL of one SELECT each): SQLite
# allows 500 parts to a compound statement.
WINDOWS_A_QUERY = 100


def _published_between(first: str, last: str) -> Select[Any]:
    """Select the ids of documents published between two ISO days, and of those dated only to the first day's month."""
    return (
        select(documents.c.id)
        .where(or_(documents.c.published >= first, documents.c.published == first[:7]))
        .where(documents.c.published <= last)
    )


def _window_members(conn: Connection, windows: list[tuple[str, str]], most: int) -> tuple[str, tuple[Any, ...]]:
    """Spell the statement listing each window's first `most` documents, by the window's number, with its values.

    What a UNION ALL of `_published_between(first, last).limit(most)` for
    each window compiles to, written out: building a hundred such
    statements with SQLAlchemy's expressions cost more than running them.
    """
    mark = "?" if conn.dialect.paramstyle == "qmark" else "%s"
    inside = (f"SELECT id FROM documents WHERE (published >= {mark} OR published = {mark}) AND published <= {mark} "
              f"LIMIT {mark}")
    statement = " UNION ALL ".join(f"SELECT {number} AS n, w{number}.id FROM ({inside}) AS w{number}"
                                   for number in range(len(windows)))
    return statement, tuple(value for first, last in windows for value in (first, first[:7], last, most))


class LinkStage:
    """Store methods for linking documents across the corpus: the reads linking decides on, and its writes."""

    if TYPE_CHECKING:
        _engine: Engine

        def _write(self) -> AbstractContextManager[Connection]: ...
        def _check_writable(self) -> None: ...

    # -- documents ---------------------------------------------------------

    def unlinked_ids(self, limit: int = 10_000) -> list[str]:
        """Return ids of stored documents in no story yet, oldest first, leaving out those whose linking failed."""
        query = (
            select(documents.c.id)
            .where(documents.c.story.is_(None), documents.c.link_error.is_(None))
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
            for chunk in in_chunks(sorted(set(ids))):
                for row in conn.execute(select(*columns).where(documents.c.id.in_(chunk))):
                    found[row.id] = _linked(row)
        return found

    def texts_by_id(self, ids: Iterable[str]) -> dict[str, DocText]:
        """Return the text and date of these documents, by id (no connection taken for none)."""
        wanted = sorted(set(ids))
        if not wanted:
            return {}
        columns = (documents.c.id, documents.c.text, documents.c.published, documents.c.published_precision,
                   documents.c.published_method)
        found: dict[str, DocText] = {}
        with reading(self._engine) as conn:
            for chunk in in_chunks(wanted):
                for row in conn.execute(select(*columns).where(documents.c.id.in_(chunk))):
                    found[row.id] = DocText(row.id, row.text, row_published(row))
        return found

    # -- near-copies and citations -------------------------------------------

    def band_documents(self, keys: Iterable[BandKey]) -> BandLookup:
        """Return the stored documents holding each band key, capped (see BAND_MATCH_LIMIT), in one look-up.

        A document holding a key under several paragraphs is listed once per
        paragraph. Keys nobody else holds are left out of the answer.
        """
        wanted = set(keys)
        if not wanted:
            return BandLookup({}, set())
        with reading(self._engine) as conn:
            return _band_documents(conn, wanted)

    def band_matches(self, doc_id: str, rows: Iterable[BandRow]) -> Counter[str]:
        """Count, per other document, the (level, band) pairs whose key it shares with these rows."""
        found = self.band_documents((level, band, key) for level, band, key, _, _ in rows).documents
        pairs = {(other, level, band) for (level, band, _), others in found.items() for other in others}
        return Counter(other for other, _, _ in pairs if other != doc_id)

    def documents_with_events(self, ids: Iterable[str]) -> set[str]:
        """Tell which of these documents report at least one event."""
        found: set[str] = set()
        with reading(self._engine) as conn:
            for chunk in in_chunks(sorted(set(ids))):
                found.update(conn.scalars(select(events.c.document).distinct().where(events.c.document.in_(chunk))))
        return found

    def save_link_batch(
        self, decided: list[DocLinks], refresh: Iterable[str] = (), failed: dict[str, str] | None = None,
        with_events: Collection[str] = (), merged: dict[str, str] | None = None,
    ) -> StoryChanges:
        """Record a batch's band keys, copies, citations, stories and failures in one transaction.

        A run killed half-way leaves the batch unlinked (no stories), and the
        next run links it whole. Stories in `refresh` (one of whose documents
        was re-dated) get their heads recomputed from all their documents.
        `failed` gives why each document that could not be linked failed.
        `merged` maps each story that a document of the batch tied to
        another to the story it merged into (dyad.link.stories.Choice): its
        stored documents move there. The stories whose event counts can have
        changed (re-dated and merged ones, and those joined by a document of
        `with_events`) are marked for recounting.

        Returns:
            The stories made, those whose first or last date changed, and those to recount.
        """
        self._check_writable()
        with self._write() as conn:
            record_link_failures(conn, failed or {})
            into = merged or {}
            kept = merge_stories(conn, into) if into else set()
            refresh = {follow(into, story) for story in refresh} - kept
            decided = [replace(d, story=follow(into, d.story)) for d in decided]
            if not decided:  # every document of the batch failed
                changes = StoryChanges(set(), {story for story in refresh if refresh_story(conn, story) is not None})
            else:
                changes = _save_links(conn, decided, refresh)
            changes.stale = (changes.redated | refresh | kept
                             | {d.story for d in decided if d.id in with_events})
            mark_stale(conn, changes.stale)
            return changes

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
            for chunk in in_chunks(sorted(set(ids))):
                for doc, actor, kind in conn.execute(query.where(mentions.c.document.in_(chunk))):
                    found.setdefault(doc, {})[sys.intern(actor)] = kind  # profiles outlive the read: see actors_in_windows
        return found

    def meetings_by_document(self, ids: Iterable[str]) -> dict[str, list[Meeting]]:
        """Return the meetings each document reports."""
        found: dict[str, list[Meeting]] = {}
        with reading(self._engine) as conn:
            for chunk in in_chunks(sorted(set(ids))):
                rows = conn.execute(select(meetings).where(meetings.c.document.in_(chunk)).order_by(meetings.c.start))
                for row in rows:
                    found.setdefault(row.document, []).append(_held(row_meeting(row)))
        return found

    def actors_in_window(
        self, first: str, last: str, most: int, actors: Collection[str] | None = None
    ) -> dict[str, list[str]] | None:
        """Map each actor to the documents published between two ISO days that name it.

        A window is read once for a whole batch (see link.stories.Known): a
        busy week's documents share one, and asking per document which of
        them name its actors read the same mentions over and over (half of
        linking time with a thousand documents in one week). None when the
        window holds more than `most` documents: too many to hold, so each
        document asks `documents_in_window` instead. With `actors`, only
        those are mapped (see actors_in_windows).
        """
        return self.actors_in_windows([(first, last)], most, most, actors)[first, last]

    def actors_in_windows(
        self, windows: Iterable[tuple[str, str]], most: int, budget: int, actors: Collection[str] | None = None
    ) -> dict[tuple[str, str], dict[str, list[str]] | None]:
        """Map, for many windows at once, each actor to the documents published between two ISO days that name it.

        What `actors_in_window` gives for each, in a few queries for a batch
        rather than two per document: an archive's documents lie days or
        years apart, so a batch of them asks for as many windows as it holds.
        A window of more than `most` documents comes back None; windows are
        read, the smallest first, until they hold `budget` documents in all,
        and those left out are for the caller to ask one by one.

        With `actors`, only those are mapped: a batch asks only about the
        actors its own documents name, and most of a window's are named by
        none of them (a name seen once, in one article), yet took a list each
        in every window holding the article.
        """
        wanted = sorted(set(windows))
        members: dict[tuple[str, str], list[str]] = {}
        # One string per document id, however many windows and actors name it:
        # each row read makes a new one, and overlapping windows share most documents.
        ids: dict[str, str] = {}
        with reading(self._engine) as conn:
            for start in range(0, len(wanted), WINDOWS_A_QUERY):
                chunk = wanted[start : start + WINDOWS_A_QUERY]
                for number, document in conn.exec_driver_sql(*_window_members(conn, chunk, most + 1)):
                    members.setdefault(chunk[number], []).append(ids.setdefault(document, document))
            found: dict[tuple[str, str], dict[str, list[str]] | None] = {}
            held = 0
            for window in sorted(wanted, key=lambda w: len(members.get(w, []))):
                size = len(members.get(window, []))
                if size > most:
                    found[window] = None
                elif held + size <= budget:
                    found[window] = {}
                    held += size
            actors_of: dict[str, list[str]] = {}
            read = sorted({doc for window, held_actors in found.items() if held_actors is not None
                           for doc in members.get(window, [])})
            for chunk in in_chunks(read):
                query = (select(mentions.c.document, mentions.c.actor).distinct()
                         .where(mentions.c.document.in_(chunk), mentions.c.actor.is_not(None)))
                for document, actor in conn.execute(query):
                    if actors is not None and actor not in actors:
                        continue
                    # Actor ids are a small vocabulary: interned, the rows naming one share
                    # one string (a batch's windows read 130,000 rows in a store of 3,000).
                    actors_of.setdefault(ids.setdefault(document, document), []).append(sys.intern(actor))
        for window, by_actor in found.items():
            if by_actor is not None:
                for document in members.get(window, []):
                    for actor in actors_of.get(document, ()):
                        by_actor.setdefault(actor, []).append(document)
        return found

    def documents_in_window(
        self, first: str, last: str, actors: Iterable[str], exclude: str, *, min_shared: int, limit: int
    ) -> list[str]:
        """List documents published between two ISO days naming at least `min_shared` of these actors.

        The published-date index picks the window first; the mentions are then
        read by document, so the cost follows the window, not the corpus. For
        windows too large for `actors_in_window` to hold.
        """
        wanted = sorted(set(actors))
        if len(wanted) < min_shared:
            return []
        window = _published_between(first, last).where(documents.c.id != exclude)
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


    def documents_meeting_people(self, people: Iterable[str], limit: int) -> dict[str, list[tuple[str, bool]]]:
        """List, for each of these people, the first `limit` documents (by id) reporting a meeting of theirs.

        Each document comes with whether it is undated. How a batch's
        documents find, across runs, the stored reports of their meetings
        that no date window holds (see link.stories.Known.read_people): one
        query for all the people a batch's meetings name, through the
        meeting records' index by person, each person's cut in the database.
        """
        found: dict[str, list[tuple[str, bool]]] = {person: [] for person in people}
        undated = or_(documents.c.published.is_(None), documents.c.published.like("-%"))
        with reading(self._engine) as conn:
            for chunk in in_chunks(sorted(found)):
                pairs = (select(meeting_people.c.actor, meetings.c.document, undated.label("undated")).distinct()
                         .join(meetings, meetings.c.record == meeting_people.c.record)
                         .join(documents, documents.c.id == meetings.c.document)
                         .where(meeting_people.c.actor.in_(chunk)).subquery())
                for person, document, is_undated in conn.execute(_first_documents(pairs, limit)):
                    found[person].append((document, bool(is_undated)))
        return found

    def documents_at_meetings(self, days: Iterable[str], limit: int, status: str | None = None) -> dict[str, list[str]]:
        """List, for each of these days, the first `limit` documents (by id) reporting a meeting on it.

        One query for all the days a batch of documents asks about (a report
        names three meeting days on average); the meeting-date index picks
        the rows, and a day's documents are cut at `limit` in the database.
        With `status`, only meetings of that status count ("planned": previews).
        """
        found: dict[str, list[str]] = {day: [] for day in days}
        with reading(self._engine) as conn:
            for chunk in in_chunks(sorted(found)):
                where = [meetings.c.date.in_(chunk), *([meetings.c.status == status] if status else [])]
                pairs = select(meetings.c.date, meetings.c.document).distinct().where(*where).subquery()
                for day, document in conn.execute(_first_documents(pairs, limit)):
                    found[day].append(document)
        return found

    def story_documents(self, story_id: str) -> list[LinkedDoc]:
        """Return a story's documents, earliest published first."""
        query = select(*_LINK_COLUMNS).where(documents.c.story == story_id)
        with reading(self._engine) as conn:
            found = [_linked(row) for row in conn.execute(query)]
        return sorted(found, key=lambda d: (d.published is None, last_day(d.published or ""), d.stored))

    def refresh_story(self, story_id: str) -> None:
        """Recompute a story's title and dates from all its documents (after one of them was re-dated)."""
        self._check_writable()
        with self._write() as conn:
            refresh_story(conn, story_id)

    def stories_starting(self, prefix: str, limit: int = 2) -> list[str]:
        """List story ids starting with a prefix, so users may type the first few characters."""
        query = select(stories.c.id).where(stories.c.id.startswith(prefix, autoescape=True)).order_by(stories.c.id)
        with reading(self._engine) as conn:
            return list(conn.scalars(query.limit(limit)))

    # -- events of a story -------------------------------------------------

    def stories_events(
        self, story_ids: Iterable[str], fields: Iterable[str] | None = None
    ) -> Iterator[tuple[str, list[dict[str, Any]]]]:
        """Yield each story with the events of its documents, with each document's publisher and original.

        One story at a time, in id order: recounting a batch's stories read
        all their events at once, a dict each, and stories grow with the
        store (one reached 1,858 events in 6,000 articles). `fields` names
        the event columns wanted (default: all): recounting needs a third of them.
        """
        event_columns = [events] if fields is None else [events.c[name] for name in fields]
        columns = (*event_columns, documents.c.publisher, documents.c.duplicate_of,
                   documents.c.source.label("doc_source"), documents.c.story.label("doc_story"))
        with reading(self._engine) as conn:
            for chunk in in_chunks(sorted(set(story_ids))):
                query = (
                    select(*columns)
                    .join(documents, documents.c.id == events.c.document)
                    .where(documents.c.story.in_(chunk))
                    .order_by(documents.c.story, events.c.document, events.c.start, events.c.id)
                )
                result = conn.execute(query)
                names = list(result.keys())
                assert names[-1] == "doc_story"
                kept = names[:-1]  # zip stops there: the story is not an event's field
                # dict(zip) per row, not a filtered walk of each row's mapping: a story's
                # recount reads all its events, thousands in a story of a busy week
                for story, rows in groupby(result, key=itemgetter(-1)):
                    yield story, [dict(zip(kept, row, strict=False)) for row in rows]

    def story_dates(self, story_ids: Iterable[str]) -> dict[str, tuple[str | None, str | None]]:
        """Return each story's first and last date as stored in its head (stories not stored are left out)."""
        found: dict[str, tuple[str | None, str | None]] = {}
        with reading(self._engine) as conn:
            for chunk in in_chunks(sorted(set(story_ids))):
                query = select(stories.c.id, stories.c.first_date, stories.c.last_date).where(stories.c.id.in_(chunk))
                found.update((story, (first, last)) for story, first, last in conn.execute(query))
        return found

    def set_event_counts(self, counts: dict[str, tuple[int, int]], recounted: Iterable[str] = ()) -> int:
        """Set (documents, publishers) on events whose counts changed, and clear `recounted` stories' marks.

        Returns:
            How many events changed.
        """
        self._check_writable()
        values = [{"e_id": event_id, "e_docs": n_docs, "e_pubs": n_pubs} for event_id, (n_docs, n_pubs) in counts.items()]
        with self._write() as conn:
            if values:
                conn.execute(update(events).where(events.c.id == bindparam("e_id"))
                             .values(documents=bindparam("e_docs"), publishers=bindparam("e_pubs")), values)
            for chunk in in_chunks(sorted(set(recounted))):
                conn.execute(update(stories).where(stories.c.id.in_(chunk), stories.c.counts_stale.is_(True))
                             .values(counts_stale=None))
        return len(counts)

    def stale_stories(self) -> list[str]:
        """Return the stories marked for recounting that no recount has reached (a run stopped in between)."""
        with reading(self._engine) as conn:
            return list(conn.scalars(select(stories.c.id).where(stories.c.counts_stale.is_(True))))


def _held(meeting: Meeting) -> Meeting:
    """Intern a meeting's strings: linking holds the meetings of a batch's candidates until it ends.

    Days, places, formats, cue words and participants (actor ids) are small
    vocabularies, each read as a new string per row: 12,000 meetings of a
    batch held 50,000 of them.
    """
    meeting.participants = [sys.intern(actor) for actor in meeting.participants]
    meeting.date, meeting.place, meeting.format = (None if value is None else sys.intern(value)
                                                   for value in (meeting.date, meeting.place, meeting.format))
    meeting.trigger = sys.intern(meeting.trigger)
    return meeting


def _save_links(conn: Connection, decided: list[DocLinks], refresh: set[str]) -> StoryChanges:
    """Write a batch's band keys, copies, citations and stories on a write connection."""
    # In the index's order, so each of its pages is visited once; gathered
    # from each document's sorted rows and written a slice at a time, not all held.
    chunk: list[BandRow] = []
    for rows in _by_band(decided):
        chunk += rows
        if len(chunk) >= WRITE_CHUNK:
            insert_many(conn, "lsh_bands (level, band, key, document, paragraph)", chunk, ignore=True)
            chunk = []
    insert_many(conn, "lsh_bands (level, band, key, document, paragraph)", chunk, ignore=True)
    copies = [{"b_id": doc.id, "b_of": doc.duplicate_of} for doc in decided if doc.duplicate_of]
    if copies:
        conn.execute(update(documents).where(documents.c.id == bindparam("b_id"))
                     .values(duplicate_of=bindparam("b_of")), copies)
    cites = [pair for doc in decided for pair in doc.cites]
    if cites:
        _add_cites(conn, cites)
    return join_stories(conn, {doc.id: doc.story for doc in decided}, refresh)


def _by_band(decided: list[DocLinks]) -> Iterator[list[BandRow]]:
    """Yield a batch's band rows one (level, band) at a time, each slice sorted: the index's order.

    Each document's rows come sorted, so a (level, band) of them is a run of
    its rows: the runs of every document are gathered and sorted together
    (the sort merges them). A merge row by row (heapq.merge) compared every
    row with others in Python, a tenth of the batch's write; here Python
    compares only the (level, band) a row starts with, and the heap holds a
    document once per (level, band), not once per row.
    """
    heads: list[tuple[tuple[str, int], int, BandRow, Iterator[BandRow]]] = []
    for number, doc in enumerate(decided):
        rows = iter(doc.band_rows)
        first = next(rows, None)
        if first is not None:
            heads.append((first[:2], number, first, rows))
    heapq.heapify(heads)
    while heads:
        group = heads[0][0]
        found: list[BandRow] = []
        while heads and heads[0][0] == group:
            _, number, first, rows = heads[0]
            found.append(first)
            for row in rows:
                if row[:2] != group:
                    heapq.heapreplace(heads, (row[:2], number, row, rows))
                    break
                found.append(row)
            else:
                heapq.heappop(heads)
        found.sort()
        yield found


def _first_documents(pairs: Subquery, limit: int) -> Select[Any]:
    """Keep each key's first `limit` rows by document id, in the database: `pairs` is (key, document, …).

    The look-ups by meeting day and by meeting person cut each day's or
    person's documents this way, so a busy one costs `limit` rows, not all.
    """
    columns = list(pairs.c)
    rank = func.row_number().over(partition_by=columns[0], order_by=pairs.c.document).label("rank")
    ranked = select(*columns, rank).subquery()
    kept = [ranked.c[column.name] for column in columns]
    return select(*kept).where(ranked.c.rank <= limit).order_by(kept[0], ranked.c.document)


def mark_stale(conn: Connection, story_ids: set[str]) -> None:
    """Mark stories whose event counts must be recounted."""
    for chunk in in_chunks(sorted(story_ids)):
        conn.execute(update(stories).where(stories.c.id.in_(chunk)).values(counts_stale=True))


def _add_cites(conn: Connection, pairs: list[tuple[str, str]]) -> None:
    """Add each cited id to its citing document's `cites` list unless it is there.

    A read of the citing documents' lists and a batched update of those that
    changed per CITES_CHUNK documents, rather than a read and a write per
    pair, nor every list of the batch held at once (a much-cited page's
    runs to a hundred ids).
    """
    wanted: dict[str, list[str]] = {}
    for citing, cited in pairs:
        wanted.setdefault(citing, []).append(cited)
    query = select(documents.c.id, documents.c.cites)
    statement = update(documents).where(documents.c.id == bindparam("b_id")).values(cites=bindparam("b_cites"))
    for chunk in in_chunks(sorted(wanted), CITES_CHUNK):
        changed = []
        for doc_id, current in conn.execute(query.where(documents.c.id.in_(chunk))).all():
            listed = json.loads(current)
            added = [cited for cited in dict.fromkeys(wanted[doc_id]) if cited not in listed]
            if added:
                changed.append({"b_id": doc_id, "b_cites": json.dumps([*listed, *added])})
        if changed:
            conn.execute(statement, changed)


@dataclass(frozen=True)
class DocLinks:
    """What linking decided for one document, for save_link_batch to record."""

    id: str
    band_rows: Iterable[BandRow]  # sorted; read once, when the batch is written
    duplicate_of: str | None
    cites: list[tuple[str, str]]
    story: str
