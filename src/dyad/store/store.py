"""The Store: a narrow interface over the database that every other stage uses.

Stages never see SQL or rows; they hand the store records (RawItem, Document) and
get records back. Writes come in batches, one transaction each, so a run killed
at any moment leaves every raw input either stored whole, with all its
documents, or not at all, and running the same ingest again picks up where it
stopped. The same code drives SQLite (the default, a single file) and
PostgreSQL through SQLAlchemy Core.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from datetime import UTC, datetime
from types import TracebackType
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Engine, func, select, tuple_
from sqlalchemy.exc import DatabaseError, OperationalError

from dyad.actors import Actor
from dyad.errors import StoreError, StoreUnavailable
from dyad.model import Document, Event, Meeting, Mention, Quote, RawItem
from dyad.store import migrations
from dyad.store.annotation_rows import (
    row_actor,
    row_event,
    row_meeting,
    row_mention,
    row_quote,
    row_time,
)
from dyad.store.annotations import write_actors, write_annotations
from dyad.store.batch import BatchResult, BatchWriter, ignoring, known_raws
from dyad.store.commitment_queries import FollowUpRecords
from dyad.store.engine import Location, locate, make_engine, reading, writing
from dyad.store.generation import GenerationQueries, count_writes
from dyad.store.links import LinkStage
from dyad.store.meeting_records import MeetingLinking
from dyad.store.progress import RunProgress
from dyad.store.retry import retried
from dyad.store.rows import raw_content, row_document
from dyad.store.schema import (
    actors,
    analyses,
    documents,
    events,
    meetings,
    mentions,
    quotes,
    raw_inputs,
    times,
)
from dyad.store.search import SearchHit, run_search

if TYPE_CHECKING:
    from dyad.extract.annotate import Annotations
    from dyad.extract.time.timex import TimeExpr



class Store(LinkStage, MeetingLinking, FollowUpRecords, RunProgress, GenerationQueries):
    """A Dyad store: raw inputs, documents, and everything extracted and linked from them.

    It writes, and reads records back (a document, its quotes, events and
    meetings; what linking and the follow-up read as they go). The pages,
    the report, the CLI's listings and the exports read through the plain
    functions of dyad.queries, given `store.engine`.
    """

    def __init__(self, engine: Engine, location: Location, *, readonly: bool) -> None:
        """Wrap an engine already migrated; use Store.open rather than calling this."""
        self._engine = engine
        self.location = location
        self.readonly = readonly

    @classmethod
    def open(cls, url: str, *, create: bool = True, readonly: bool = False) -> Store:
        """Open (and, if allowed, create or upgrade) the store at a path or URL.

        Args:
            url: a SQLite file path, `sqlite:///…`, `:memory:` or `postgresql://…`.
            create: make a new SQLite file when none exists.
            readonly: refuse every write; the web app opens stores this way.

        Returns:
            The open Store; close it, or use it as a context manager.
        """
        location = locate(url)
        where = location.describe()
        _check_file(location, create=create and not readonly)
        engine = make_engine(location, readonly=readonly)
        try:
            if readonly:
                migrations.check(engine, where)
            else:
                migrations.migrate(engine, where)
                count_writes(engine)
        except StoreUnavailable as exc:
            engine.dispose()
            raise StoreUnavailable(where, exc.reason, f"Cannot open the store at {where}: {exc.reason}. "
                                   "Check that the server is running, that the URL names it and the database, "
                                   "and that its role may log in.") from None
        except StoreError:
            engine.dispose()
            raise
        except DatabaseError as exc:
            engine.dispose()
            advice = (
                "Check that the server is running, that the URL names it and the database, "
                "and that its role may log in."
                if location.postgresql
                else "Check that it is a Dyad store and that you may read and write it."
            )
            raise StoreError(f"Cannot open the store at {where}: {exc.orig}. {advice}") from None
        return cls(engine, location, readonly=readonly)

    @property
    def engine(self) -> Engine:
        """The engine the store reads and writes through: what dyad.queries functions take."""
        return self._engine

    def close(self) -> None:
        """Release every connection, so the SQLite file can be moved or deleted."""
        self.close_generation_reader()
        self._engine.dispose()

    def __enter__(self) -> Store:
        """Use the store in a with-block that closes it."""
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        """Close the store when the with-block ends, however it ends."""
        self.close()

    def __repr__(self) -> str:
        """Name the store and its mode, for logs and the REPL."""
        mode = "read-only" if self.readonly else "read-write"
        return f"<Store {self.location.describe()} {mode}>"

    # -- writing -----------------------------------------------------------

    def add_batch(
        self,
        items: list[tuple[RawItem, list[Document]]],
        annotations: Mapping[str, Annotations] | None = None,
    ) -> BatchResult:
        """Store raw inputs with their documents in one transaction, skipping what is known.

        Args:
            items: each raw input with the documents cut from it (possibly none:
                the raw is still stored, so a re-run skips it).
            annotations: what extraction found, by document id; written in the
                same transaction, so no document is ever stored half-analysed.

        Returns:
            Counts of what was added and what was skipped.

        Raises:
            StoreUnavailable: the database server was lost and did not come
                back in the waits of dyad.store.retry; nothing was stored.
        """
        self._check_writable()
        return retried(lambda: self._add_batch(items, annotations), then="nothing of this batch was stored")

    def _add_batch(
        self, items: list[tuple[RawItem, list[Document]]], annotations: Mapping[str, Annotations] | None
    ) -> BatchResult:
        """Store a batch in one transaction: all of it, or nothing."""
        with self._write() as conn:
            batch = BatchWriter(conn, annotations or {})
            batch.skip(known_raws(conn, [raw.sha256 for raw, _ in items]))
            for raw, docs in items:
                batch.add(raw, docs)
            batch.finish()
        return batch.result

    def replace_annotations(self, found: Iterable[Annotations]) -> int:
        """Replace the annotations of stored documents (after re-analysis); return how many."""
        self._check_writable()
        count = 0
        with self._write() as conn:
            now = datetime.now(UTC)
            for ann in found:
                write_annotations(conn, ann, now, ignoring(conn))
                count += 1
        return count

    def add_actors(self, found: Iterable[Actor], origin: str = "import") -> int:
        """Store actors from a user's dictionary; return how many were new."""
        self._check_writable()
        with self._write() as conn:
            return write_actors(conn, found, origin, ignoring(conn))

    def _check_writable(self) -> None:
        """Refuse a write on a store opened read-only, before touching the database."""
        if self.readonly:
            raise StoreError(
                f"The store at {self.location.describe()} was opened read-only. "
                "Open it without readonly=True to change it."
            )

    @contextmanager
    def _write(self) -> Iterator[Connection]:
        """Open a write transaction, turning a lock timeout into advice."""
        try:
            with writing(self._engine) as conn:
                yield conn
        except OperationalError as exc:
            if "locked" in str(exc.orig) or "busy" in str(exc.orig):
                raise StoreError(
                    f"The store at {self.location.describe()} is busy: another process "
                    "has been writing to it for too long. Wait for it to finish and run again."
                ) from None
            raise

    # -- reading -----------------------------------------------------------

    def known_raw(self, shas: Iterable[str]) -> set[str]:
        """Return which of these raw input hashes are already stored, so callers skip them."""
        wanted = list(shas)

        def known() -> set[str]:
            with reading(self._engine) as conn:
                return known_raws(conn, wanted)

        return retried(known, then="nothing of the batch it was about to write was stored")

    def raw_bytes(self, sha256: str) -> bytes | None:
        """Return the bytes of a stored raw input, or None if unknown or too big to keep."""
        query = select(raw_inputs.c.content).where(raw_inputs.c.sha256 == sha256)
        with reading(self._engine) as conn:
            return raw_content(conn.scalar(query))

    def get_document(self, doc_id: str) -> Document | None:
        """Return one document by id, or None if there is none."""
        with reading(self._engine) as conn:
            row = conn.execute(select(documents).where(documents.c.id == doc_id)).first()
        return None if row is None else row_document(row)

    def iter_documents(self, batch: int = 500) -> Iterator[Document]:
        """Yield every document ordered by source and part, reading `batch` rows at a time.

        Each batch is its own short query (keyset on source, part, id), so no
        cursor or read transaction stays open while the caller works.
        """
        order = (documents.c.source, documents.c.part, documents.c.id)
        after: tuple[Any, ...] | None = None
        while True:
            query = select(documents).order_by(*order).limit(batch)
            if after is not None:
                query = query.where(tuple_(*order) > tuple_(*after))
            with reading(self._engine) as conn:
                rows = conn.execute(query).all()
            yield from (row_document(row) for row in rows)
            if len(rows) < batch:
                return
            last = rows[-1]
            after = (last.source, last.part, last.id)

    def count_documents(self) -> int:
        """Count the stored documents."""
        with reading(self._engine) as conn:
            return int(conn.scalar(select(func.count()).select_from(documents)) or 0)

    def search(self, query: str, limit: int = 20) -> list[SearchHit]:
        """Find documents by words in their title and text, best match first."""
        with reading(self._engine) as conn:
            return run_search(conn, query, limit)

    def mentions_of(self, doc_id: str) -> list[Mention]:
        """Return a document's actor mentions in text order."""
        query = select(mentions).where(mentions.c.document == doc_id).order_by(mentions.c.start)
        with reading(self._engine) as conn:
            return [row_mention(row) for row in conn.execute(query)]

    def times_of(self, doc_id: str) -> list[TimeExpr]:
        """Return a document's date expressions in text order."""
        query = select(times).where(times.c.document == doc_id).order_by(times.c.start)
        with reading(self._engine) as conn:
            return [row_time(row) for row in conn.execute(query)]

    def quotes_of(self, doc_id: str) -> list[Quote]:
        """Return a document's quotes in text order."""
        query = select(quotes).where(quotes.c.document == doc_id).order_by(quotes.c.start)
        with reading(self._engine) as conn:
            return [row_quote(row) for row in conn.execute(query)]

    def events_of(self, doc_id: str) -> list[Event]:
        """Return a document's events in text order."""
        query = select(events).where(events.c.document == doc_id).order_by(events.c.start, events.c.id)
        with reading(self._engine) as conn:
            return [row_event(row) for row in conn.execute(query)]

    def meetings_of(self, doc_id: str) -> list[Meeting]:
        """Return the meetings a document reports as held, in text order (`plans_of` gives those it announces)."""
        return self._meetings_with_status(doc_id, "held")

    def plans_of(self, doc_id: str) -> list[Meeting]:
        """Return the meetings a document announces (status planned), in text order."""
        return self._meetings_with_status(doc_id, "planned")

    def _meetings_with_status(self, doc_id: str, status: str) -> list[Meeting]:
        query = (select(meetings).where(meetings.c.document == doc_id, meetings.c.status == status)
                 .order_by(meetings.c.start))
        with reading(self._engine) as conn:
            return [row_meeting(row) for row in conn.execute(query)]

    def get_actor(self, actor_id: str) -> Actor | None:
        """Return one stored actor by id."""
        with reading(self._engine) as conn:
            row = conn.execute(select(actors).where(actors.c.id == actor_id)).first()
        return None if row is None else row_actor(row)

    def iter_actors(self, origin: str | None = None) -> Iterator[Actor]:
        """Yield stored actors by id, optionally only those of one origin (e.g. "import")."""
        query = select(actors)
        if origin:
            query = query.where(actors.c.origin == origin)
        yield from (row_actor(row) for row in self._stream(query, (actors.c.id,), 500))

    def actor_mentions(self, actor_id: str, limit: int = 20) -> list[tuple[str, Mention]]:
        """Return (document id, mention) pairs naming an actor, for `dyad actors show`."""
        query = (
            select(mentions)
            .where(mentions.c.actor == actor_id)
            .order_by(mentions.c.document, mentions.c.start)
            .limit(limit)
        )
        with reading(self._engine) as conn:
            return [(row.document, row_mention(row)) for row in conn.execute(query)]

    def unanalysed(self, version: str, batch: int = 200) -> Iterator[Document]:
        """Yield documents not yet analysed by this version of extraction, by id, `batch` at a time.

        Keyset-paged, so catching up a large store holds one page of texts
        rather than every unanalysed document's; the catch-up may analyse
        what it has read between pages (those drop out of later pages).
        """
        done = select(analyses.c.document).where(analyses.c.version == version)
        query = select(documents).where(documents.c.id.not_in(done))
        yield from (row_document(row) for row in self._stream(query, (documents.c.id,), batch))

    # -- streaming, for the link stage and exports ---------------------------

    def iter_meetings(self, batch: int = 1000) -> Iterator[tuple[Meeting, str]]:
        """Yield every stored report of a meeting held with its document id, in the order merging takes them.

        That is `dyad.link.meetings.merge_order` (most precise date first,
        then reports with a place) over document and offset, so a merge
        holds its records but never all reports: they are streamed `batch`
        rows at a time from one snapshot.
        """
        precision = func.length(func.coalesce(meetings.c.date, "")).desc()
        order = (precision, meetings.c.place.is_(None), meetings.c.document, meetings.c.start, meetings.c.id)
        with reading(self._engine) as conn:
            query = select(meetings).where(meetings.c.status == "held").order_by(*order)
            for row in conn.execution_options(yield_per=batch).execute(query):
                yield row_meeting(row), row.document

    def iter_actors_batched(self, batch: int = 500) -> Iterator[Actor]:
        """Yield every stored actor by id, reading `batch` rows per query."""
        for row in self._stream(select(actors), (actors.c.id,), batch):
            yield row_actor(row)

    def document_added(self, doc_id: str) -> datetime | None:
        """Return when a document was first stored, or None if it is unknown."""
        query = select(documents.c.ingested_at).where(documents.c.id == doc_id)
        with reading(self._engine) as conn:
            return conn.scalar(query)

    def _stream(self, query: Any, order: tuple[Any, ...], batch: int) -> Iterator[Any]:
        """Yield a query's rows `batch` at a time, keyset-paged on the `order` columns."""
        after: tuple[Any, ...] | None = None
        while True:
            page = query.order_by(*order).limit(batch)
            if after is not None:
                page = page.where(tuple_(*order) > tuple_(*after))
            with reading(self._engine) as conn:
                rows = conn.execute(page).all()
            yield from rows
            if len(rows) < batch:
                return
            after = tuple(getattr(rows[-1], column.name) for column in order)


def _check_file(location: Location, *, create: bool) -> None:
    """Fail early, with advice, when a SQLite file is missing and may not be made."""
    path = location.path
    if path is None or path.exists():
        return
    if not create:
        raise StoreError(f"No store at {location.describe()}. Run `dyad ingest PATH` first.")
    if not path.parent.is_dir():
        raise StoreError(
            f"Cannot create a store at {path}: the folder {path.parent} does not exist. "
            "Create it or give another --db."
        )
