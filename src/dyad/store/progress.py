"""What a run has done past storing, kept in the store so the next run finishes exactly what is missing.

A mixin of Store. Ingest stores documents, links them, then follows their
commitments up, each step in transactions of its own; a run can stop
between any two. The store itself says what is left:

    stored     a document in no story and without `link_error`: to be linked
    linked     a document in a story
    failed     a document whose linking raised or ran past its time budget:
               `link_error` says why, `dyad report` shows it, and no later run
               tries it again (one that hung would hang every run after it)
    followed   an analysis the follow-up has seen (`analyses.followed_at`);
               NULL until then, and again once the document is re-analysed;
               TAKEN while a follow-up is at work on it (one that stopped
               leaves it so, and the next takes it up again)

The link step (linking and following up) runs under a store-wide lock, so
two ingests into one store take turns at it: each decision reads every
decision made before it, as in one run.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Engine, bindparam, or_, select, text, update

from dyad.store.engine import Location, reading
from dyad.store.schema import analyses, documents

try:
    import fcntl
except ImportError:  # Windows: no flock; concurrent ingests into one SQLite file are not serialised there
    fcntl = None  # type: ignore[assignment]

# PostgreSQL's advisory lock for the link step: "Dyad" and the store's schema,
# so stores in two schemas of one database do not wait for each other.
_PG_LINK_LOCK = 0x44796164
LINK_STATES = ("stored", "linked", "failed")
# `followed_at` of an analysis a follow-up under way has taken up: a day no follow-up ran on.
TAKEN = datetime(1970, 1, 1, tzinfo=UTC)


class RunProgress:
    """Store methods recording a run's progress (failed links, follow-up) and holding the link lock.

    `dyad.queries.progress` counts the link states for the report and the runner.
    """

    if TYPE_CHECKING:
        _engine: Engine
        location: Location

        def _write(self) -> AbstractContextManager[Connection]: ...
        def _check_writable(self) -> None: ...

    # -- linking -------------------------------------------------------------

    def mark_link_failed(self, reasons: dict[str, str]) -> None:
        """Record documents whose linking failed, with why, so later runs leave them be."""
        if not reasons:
            return
        self._check_writable()
        with self._write() as conn:
            record_link_failures(conn, reasons)

    @contextmanager
    def link_lock(self) -> Iterator[None]:
        """Hold the store's link lock: one process at a time links and follows up.

        SQLite's own lock is held per transaction and the link step spans
        many, so a SQLite file is locked through a file beside it (deleted
        on release); PostgreSQL takes a session advisory lock. A killed
        process loses its lock with its file handle or connection.
        """
        if self.location.postgresql:
            with _pg_lock(self._engine):
                yield
        elif self.location.path is not None and fcntl is not None:
            with _file_lock(f"{self.location.path}-link.lock"):
                yield
        else:  # an in-memory store has one process
            yield

    # -- follow-up -----------------------------------------------------------

    def take_unfollowed(self) -> int:
        """Mark the analyses the follow-up has not seen as taken up by this one; return how many.

        Marked in the store (`followed_at` = TAKEN) rather than held as a
        list of them: a follow-up of a million analyses holds nothing.
        Marked before the evidence is read: what is analysed after is the
        next follow-up's. No write when there is none (a write moves the
        store's generation, which empties the web's kept answers).
        """
        with reading(self._engine) as conn:
            if conn.scalar(select(analyses.c.document).where(unseen()).limit(1)) is None:
                return 0
        self._check_writable()
        with self._write() as conn:
            return int(conn.execute(update(analyses).where(unseen()).values(followed_at=TAKEN)).rowcount or 0)

    def mark_followed(self) -> None:
        """Record that the follow-up has seen the analyses it took up (one re-analysed meanwhile is left unseen)."""
        self._check_writable()
        with self._write() as conn:
            conn.execute(update(analyses).where(analyses.c.followed_at == TAKEN).values(followed_at=datetime.now(UTC)))


def unseen() -> Any:
    """Select the analyses no follow-up has finished with: never taken up, or taken up by one that stopped."""
    return or_(analyses.c.followed_at.is_(None), analyses.c.followed_at == TAKEN)


def record_link_failures(conn: Connection, reasons: dict[str, str]) -> None:
    """Write why each of some documents could not be linked."""
    if reasons:
        conn.execute(update(documents).where(documents.c.id == bindparam("f_id")).values(link_error=bindparam("f_why")),
                     [{"f_id": doc_id, "f_why": reason} for doc_id, reason in reasons.items()])


@contextmanager
def _pg_lock(engine: Engine) -> Iterator[None]:
    """Hold a session advisory lock on a connection of its own, waiting for it as long as it takes."""
    key = {"key": _PG_LINK_LOCK}
    with engine.connect() as conn:
        conn.execute(text("SELECT pg_advisory_lock(:key, hashtext(current_schema()))"), key)
        conn.commit()
        try:
            yield
        finally:
            with contextlib.suppress(Exception):  # a lost connection has released it already
                conn.execute(text("SELECT pg_advisory_unlock(:key, hashtext(current_schema()))"), key)
                conn.commit()


@contextmanager
def _file_lock(path: str) -> Iterator[None]:
    """Hold an exclusive lock on a file, created for it and deleted when done.

    The holder deletes the file before letting go, so a process that was
    waiting may hold a lock on a file no longer there: it checks that the
    file it locked is still the one at `path`, and tries again if not.
    """
    assert fcntl is not None
    while True:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            if _same_file(fd, path):
                break
        except BaseException:
            os.close(fd)
            raise
        os.close(fd)
    try:
        yield
    finally:
        with contextlib.suppress(OSError):
            os.unlink(path)
        os.close(fd)


def _same_file(fd: int, path: str) -> bool:
    try:
        there: Any = os.stat(path)
    except FileNotFoundError:
        return False
    mine = os.fstat(fd)
    return bool((mine.st_dev, mine.st_ino) == (there.st_dev, there.st_ino))
