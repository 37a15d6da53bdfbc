"""Read the store's generation for every request the web app answers, without holding its event loop.

Every kept answer is given under the generation a request reads
(dyad.web.answers), so this read is the one database step of most
requests. On SQLite it is inline, on a connection kept for it (~25 µs).
On PostgreSQL it is a round trip to the server: it is made on the event
loop on an asynchronous connection kept for it alone, its statement
prepared (0.07 ms of CPU, and the loop answers other requests while the
server does), and every request that arrives while one read waits to
start shares it. It had run in a thread through the pool: 0.5-1.3 ms of
CPU a request, most of it handing the work to the thread and back.

A read that began before a request arrived is never given to it, so each
request sees every commit made before it came. The generation a request
read is its own for as long as it is answered (`request_generation`): the
aggregate views it computes are kept under it (dyad.web.recent) without
another round trip to read it again.
"""

from __future__ import annotations

import asyncio
from contextvars import ContextVar
from typing import Any

import psycopg
from starlette.concurrency import run_in_threadpool

from dyad.store import Store
from dyad.store.engine import CONNECT_TIMEOUT
from dyad.store.generation import READ_SQL

APPLICATION_NAME = "dyad web: generation reader"  # as pg_stat_activity shows the reader's session
_READ_FOR_REQUEST: ContextVar[int | None] = ContextVar("dyad_request_generation", default=None)


def request_generation() -> int | None:
    """Give the generation the request being answered read before its view ran, or None outside a request."""
    return _READ_FOR_REQUEST.get()


class Generations:
    """Read a store's generation: inline on SQLite, shared and asynchronous on PostgreSQL."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.inline = store.location.sqlite
        self._pending: asyncio.Future[int] | None = None
        self._connection: psycopg.AsyncConnection[Any] | None = None

    async def read(self) -> int:
        """Give the store's generation as it is now, or later; it is the current request's from then on."""
        if self.inline:
            found = self.store.generation()
        else:
            pending = self._pending
            if pending is None:
                pending = self._pending = asyncio.ensure_future(self._read())
            found = await asyncio.shield(pending)
        _READ_FOR_REQUEST.set(found)  # this request's task's context: its view and nothing else
        return found

    async def _read(self) -> int:
        await asyncio.sleep(0)  # requests arriving meanwhile join this read
        self._pending = None  # later ones start the next: this read may begin before they came
        try:
            connection = self._connection or await self._connect()
            cursor = await connection.execute(READ_SQL, prepare=True)
            row = await cursor.fetchone()
        except psycopg.Error:
            # Lost or refused: read through the store's pool instead, which reports an unreachable
            # server as every read does (StoreUnavailable) and reconnects once it is back.
            await self.close()
            return await run_in_threadpool(self.store.generation)
        found = int(row[0]) if row else 0
        self.store.saw_generation(found)
        return found

    async def _connect(self) -> psycopg.AsyncConnection[Any]:
        """Open the reader's connection, with the store's own connection parameters (its schema, its timeout)."""
        engine = self.store.engine
        _, params = engine.dialect.create_connect_args(engine.url)
        params.setdefault("connect_timeout", CONNECT_TIMEOUT)
        params.setdefault("application_name", APPLICATION_NAME)
        self._connection = await psycopg.AsyncConnection.connect(autocommit=True, **params)
        return self._connection

    async def close(self) -> None:
        """Close the reader's connection, if open (at the app's shutdown, or once it failed)."""
        connection, self._connection = self._connection, None
        if connection is not None:
            try:
                await connection.close()
            except psycopg.Error:
                pass
