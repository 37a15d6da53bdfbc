"""The store's generation: how many write transactions it has seen, read in one look.

Every write transaction on a store ends by adding one to the single row of
`store_generation` (dyad.store.engine.writing), in the same commit as its
writes. So a reader that keeps answers (the web app's pages, its aggregate
views, the store's own short lists) can key them by the generation it read
before computing them: an answer kept under the generation a request reads
again is the store's answer now, and a new ingest, a link step or a
follow-up moves the generation and retires every kept answer at once.

An answer computed after reading generation g comes from a snapshot at g or
later, never earlier, so keeping it under g can only make it fresher than
its key says, never staler. Reading the row costs one indexed statement on
the driver directly (about 30 µs on SQLite).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Hashable
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, select

from dyad.store.engine import COUNT_WRITES, read_dicts, reading
from dyad.store.schema import migrations, store_generation

MIGRATION = "0019_store_generation"
_READ = select(store_generation.c.n).where(store_generation.c.id == 1)
READ_SQL = "SELECT n FROM store_generation WHERE id = 1"  # on a driver's connection directly
_READER_LOCK = threading.Lock()  # one read at a time on a store's kept connection (and its opening)


def count_writes(engine: Engine) -> None:
    """Have every write transaction on this engine count itself, once the store has the row to count in.

    A store is always migrated before it is written, so only stores made
    for tests from the first few migrations lack it.
    """
    with reading(engine) as conn:
        present = conn.scalar(select(migrations.c.name).where(migrations.c.name == MIGRATION))
    if present:
        engine.update_execution_options(**{COUNT_WRITES: True})


class GenerationQueries:
    """Store methods that read the generation and keep small answers for as long as it stands."""

    if TYPE_CHECKING:
        _engine: Engine
        readonly: bool

    _generation_seen: int | None = None  # the generation this process read last
    _kept: dict[Hashable, tuple[float, int | None, Any]] | None = None

    _generation_reader: Any = None  # a read-only SQLite store's own connection for reading it (PoolProxiedConnection)

    def generation(self) -> int:
        """Read the store's generation: it moves with every write transaction committed."""
        found = self._sqlite_generation() if self.readonly and self._engine.dialect.name == "sqlite" else None
        if found is None:
            rows = read_dicts(self._engine, _READ, {})
            found = int(rows[0]["n"]) if rows else 0
        self._generation_seen = found
        return found

    def saw_generation(self, found: int) -> None:
        """Note a generation read on a connection of the caller's own (the web app's reader), as `generation` does."""
        self._generation_seen = found

    def _sqlite_generation(self) -> int | None:
        """Read a read-only SQLite store's generation on a connection kept for it alone, or None if it cannot.

        The web app reads the generation for every request it answers; taking
        a connection from the pool and giving it back cost ten times SQLite's
        read of the row. The kept connection is in autocommit, so each read
        sees the last commit. On an error it is dropped, and the caller reads
        through the pool, which reports the error as every read does.

        One thread reads on it at a time; another thread that finds it in use
        reads through the pool rather than wait: the holder may be waiting
        for the interpreter behind a view, and the event loop must not wait
        behind it.
        """
        if not _READER_LOCK.acquire(blocking=False):
            return None
        try:
            pooled = self._generation_reader
            if pooled is None:
                pooled = self._engine.raw_connection()
                pooled.detach()  # the store's own: closed by close_generation_reader, never pooled
                self._generation_reader = pooled
            row = pooled.dbapi_connection.execute(READ_SQL).fetchone()
        except self._engine.dialect.loaded_dbapi.Error:
            self._drop_generation_reader()
            return None
        finally:
            _READER_LOCK.release()
        return int(row[0]) if row else 0

    def close_generation_reader(self) -> None:
        """Close the connection kept for reading the generation (Store.close)."""
        with _READER_LOCK:
            self._drop_generation_reader()

    def _drop_generation_reader(self) -> None:
        pooled, self._generation_reader = self._generation_reader, None
        if pooled is not None:
            try:
                pooled.dbapi_connection.close()  # not pooled.close(), whose rollback a broken one refuses
            except self._engine.dialect.loaded_dbapi.Error:
                pass

    def kept(self, key: Hashable, seconds: float, compute: Callable[[], Any]) -> Any:
        """Give a read-only store's answer for key, computed at most every `seconds` and again once the
        generation read last has moved; a writable store computes it every time (it may just have written).

        The generation is the one seen before computing, so an answer that a
        commit overtook while it was computed is not reused under the new one.
        """
        if not self.readonly:
            return compute()
        kept = self._kept
        if kept is None:
            kept = self._kept = {}
        found = kept.get(key)
        if found is not None and found[0] > time.monotonic() and found[1] == self._generation_seen:
            return found[2]
        seen = self._generation_seen
        value = compute()
        kept[key] = (time.monotonic() + seconds, seen, value)
        return value
